# stop_server PID: asks a server started by a script to stop (SIGTERM: it finishes the requests in
# flight, for at most its shutdown grace), and kills it if it is still there 20 s later, so no
# script can wait forever on a server that hangs. Sourced, not run.
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
