#!/usr/bin/env bash
# Builds the app, serves it on a fresh SQLite database with demo data, and runs the
# Playwright tests in Debian's Chromium against it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. scripts/server.sh
[ "${E2E_SKIP_BUILD:-0}" = 1 ] || scripts/build-site.sh
work=$(mktemp -d)
port=${E2E_PORT:-3111}
log="$work/server.log"
# The webhook test registers a receiver on loopback: allowed only with this setting (never in
# production).
trap 'stop_server ${SERVER_PID:-}; stop_server ${EMPTY_PID:-}' EXIT
# No SMTP_URL: the server writes email to $work/mail, where the tests read the links.
DATABASE_URL="sqlite:$work/e2e.db" PARTNERDESK_LISTEN="127.0.0.1:$port" PARTNERDESK_WEBHOOKS_ALLOW_PRIVATE=1 MAIL_DIR="$work/mail" \
  serve_in_background "$log" "http://127.0.0.1:$port" "$CARGO_TARGET_DIR/debug/partnerdesk" serve --demo
# A second server on a database that never saw the demo data, for the first-run test: it prints
# its setup code to its log.
empty_port=$((port + 1))
main_pid=$SERVER_PID
DATABASE_URL="sqlite:$work/empty.db" PARTNERDESK_LISTEN="127.0.0.1:$empty_port" MAIL_DIR="$work/mail-empty" \
  serve_in_background "$work/empty.log" "http://127.0.0.1:$empty_port" "$CARGO_TARGET_DIR/debug/partnerdesk" serve
EMPTY_PID=$SERVER_PID
SERVER_PID=$main_pid
mkdir -p end2end/screenshots
cd end2end
BASE_URL="http://127.0.0.1:$port" E2E_MAIL_DIR="$work/mail" \
  E2E_EMPTY_URL="http://127.0.0.1:$empty_port" E2E_EMPTY_LOG="$work/empty.log" E2E_EMPTY_MAIL_DIR="$work/mail-empty" npx playwright test "$@"
