#!/usr/bin/env bash
# Property-based tests of the REST API with schemathesis, against the OpenAPI document the
# server publishes: no 5xx, every status and body as documented. Serves the demo data on
# loopback from a temporary SQLite file, with demo API keys of an indirect provider (Northwind)
# and an advisor (Contoso), each run bounded in time. Prints how many cases ran.
#   scripts/api-fuzz.sh            (API_FUZZ_PORT, API_FUZZ_EXAMPLES, API_FUZZ_SECONDS to tune)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. scripts/server.sh

PORT="${API_FUZZ_PORT:-3147}"
EXAMPLES="${API_FUZZ_EXAMPLES:-30}"
SECONDS_PER_RUN="${API_FUZZ_SECONDS:-150}"
SCHEMATHESIS_VERSION=3.39.16
# hypothesis-jsonschema (used by schemathesis 3) calls an internal of hypothesis that later
# releases removed: pin one that has it.
HYPOTHESIS_VERSION=6.130.0
VENV="$HOME/.cache/partnerdesk/schemathesis-venv"

if ! "$VENV/bin/pip" freeze 2>/dev/null | grep -qx "schemathesis==$SCHEMATHESIS_VERSION" \
  || ! "$VENV/bin/pip" freeze 2>/dev/null | grep -qx "hypothesis==$HYPOTHESIS_VERSION"; then
  echo "Installing schemathesis $SCHEMATHESIS_VERSION (hypothesis $HYPOTHESIS_VERSION) into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" "hypothesis==$HYPOTHESIS_VERSION"
fi

# The binary cargo-leptos builds (a plain `cargo build` would replace it with one built with other
# features, which the end-to-end tests would then pick up). `make test` has built it already.
[ "${API_FUZZ_SKIP_BUILD:-0}" = 1 ] || scripts/build-site.sh
BIN="$CARGO_TARGET_DIR/debug/partnerdesk"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then stop_server "$SERVER_PID"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:$WORK/fuzz.db"
export RUST_LOG="${RUST_LOG:-warn}"
"$BIN" demo > /dev/null
NORTHWIND_KEY="$("$BIN" api-key --email admin@northwind.example --name "schemathesis" --rate-limit 1000000)"
CONTOSO_KEY="$("$BIN" api-key --email admin@contoso.example --name "schemathesis" --rate-limit 1000000)"
PARTNERDESK_LISTEN="127.0.0.1:$PORT" serve_in_background "$WORK/server.log" "http://127.0.0.1:$PORT" "$BIN" serve

total=0
failed=0
for who in northwind contoso; do
  key="$NORTHWIND_KEY"; [ "$who" = contoso ] && key="$CONTOSO_KEY"
  cassette="$WORK/$who.yaml"
  set +e
  timeout "$SECONDS_PER_RUN" "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
    --base-url "http://127.0.0.1:$PORT/api/v1" \
    --header "Authorization: Bearer $key" \
    --experimental=openapi-3.1 \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --hypothesis-max-examples "$EXAMPLES" \
    --hypothesis-deadline=None \
    --hypothesis-seed 1 \
    --workers 1 \
    --cassette-path "$cassette" \
    --no-color | tee "$WORK/$who.out"
  rc=${PIPESTATUS[0]}
  set -e
  cases=0
  if [ -f "$cassette" ]; then cases=$(grep -c "^- id:" "$cassette" || true); fi
  total=$((total + cases))
  if grep -qE "errored|Runtime Error" "$WORK/$who.out"; then
    echo "schemathesis ($who key) could not run some operations"; failed=$((failed + 1))
  fi
  if [ "$rc" -eq 124 ]; then
    echo "schemathesis ($who key): $cases cases, stopped at the ${SECONDS_PER_RUN}s time bound"
  else
    echo "schemathesis ($who key): $cases cases, exit $rc"
    if [ "$rc" -ne 0 ]; then failed=$((failed + 1)); fi
  fi
done

if grep -q "panicked" "$WORK/server.log"; then
  echo "the server panicked:"; grep -A5 panicked "$WORK/server.log"; failed=$((failed + 1))
fi
echo "API fuzzing: $total cases ran against /api/v1/openapi.json; $failed failing run(s)"
[ "$failed" -eq 0 ]
