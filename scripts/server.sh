# Starting and stopping a PartnerDesk server from a script (e2e, api-fuzz, bench). Sourced, not run.

# serve_in_background LOG URL COMMAND [ARG...]: runs COMMAND (a PartnerDesk server) in the
# background with its output in LOG, and waits until URL/healthz answers (60 s at most, or until
# the server exits). Sets SERVER_PID. If it never answers, prints LOG and returns 1.
serve_in_background() {
  local log=$1 url=$2
  shift 2
  "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "$url/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "The server did not start:" >&2
  cat "$log" >&2
  return 1
}

# stop_server PID: asks a server started by a script to stop (SIGTERM: it finishes the requests in
# flight, for at most its shutdown grace), and kills it if it is still there 20 s later, so no
# script can wait forever on a server that hangs.
stop_server() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.5
  done
  echo "The server (pid $pid) did not stop within 20 s of SIGTERM: killing it." >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
