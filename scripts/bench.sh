#!/usr/bin/env bash
# make bench: the benchmarks of issue #10. Installs what is missing, builds in release mode,
# seeds the data it needs, measures, and writes BENCHMARKS.md (every figure with the command
# that produced it, the date and the machine). Benchmarks measure and report: nothing here
# fails on a timing. About 15 minutes on a 2-core machine once built.
#
# Settings: BENCH_OUT (report file, BENCHMARKS.md), BENCH_SECONDS (length of each throughput
# run, 10), BENCH_BUILD=0 (reuse the last release build), PARTNERDESK_TEST_POSTGRES (the
# PostgreSQL server, as for `make test`).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. scripts/server.sh

OUT=${BENCH_OUT:-BENCHMARKS.md}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
PG_ADMIN=${PARTNERDESK_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
# Tools from npm live outside the clone. binaryen 132's wasm-opt (cargo-leptos runs it on
# release builds; Debian's binaryen 108 produces a broken WASM). Lighthouse 12.8.2 is the
# newest that runs on Debian's Node 20 (13.x needs Node 22).
TOOLS="$HOME/.cache/partnerdesk/npm"
BINARYEN_VERSION=132.0.0
LIGHTHOUSE_VERSION=12.8.2
export BENCH_LUA="$PWD/scripts/bench"

say() { printf '\n==> %s\n' "$*"; }

# --- Tools: installed only when missing -----------------------------------------------------
missing=()
for tool in wrk hyperfine brotli; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian's ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}" \
  || [ "$("$TOOLS/node_modules/.bin/lighthouse" --version 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
  say "Installing binaryen $BINARYEN_VERSION and Lighthouse $LIGHTHOUSE_VERSION from npm into $TOOLS"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund "binaryen@$BINARYEN_VERSION" "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi
export PATH="$TOOLS/node_modules/.bin:$PATH"
export CHROME_PATH=/usr/bin/chromium
scripts/setup.sh
# Start PostgreSQL only when it is down: scripts/postgres.sh also drops idle pd_test_* databases,
# which could catch a test run's database between its creation and its first connection.
pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || scripts/postgres.sh

# --- The machine, before anything runs --------------------------------------------------------
started=$(date -u '+%Y-%m-%d %H:%M UTC')
cpus=$(nproc)
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
revision="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- app server style public Cargo.toml Cargo.lock 2>/dev/null || echo ' (with uncommitted changes)')"

build_started=$(date +%s)
if [ "${BENCH_BUILD:-1}" = 1 ]; then
  say "Building in release mode, with precompressed (.br, .gz) package files"
  scripts/build-site.sh --release
  build_note="$(( $(date +%s) - build_started )) s including what was cached"
else
  build_note="reused from an earlier build (BENCH_BUILD=0)"
fi
BIN="$CARGO_TARGET_DIR/release/partnerdesk"
SITE=target/site
PKG="$SITE/pkg"

work=$(mktemp -d /tmp/partnerdesk-bench.XXXXXX)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do
    stop_server "$pid"
  done
  # This run's databases (new_pg_database runs in a subshell, so they are found by name).
  psql "$PG_ADMIN" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'pd\_bench\_%\_$$'" 2>/dev/null |
    while read -r db; do
      psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true
    done
  rm -f "$SITE/bench-reference.html"
  rm -rf "$work"
}
trap cleanup EXIT

# --- Helpers ------------------------------------------------------------------------------------
# start_server NAME DATABASE_URL PORT: serves the release build (demo data loaded when the
# database is empty) and sets SERVER_PID and BASE. RUST_LOG=warn: no log line per request.
start_server() {
  local name=$1 url=$2 port=$3
  # The public endpoints' per-address limit (120 a minute) would answer most of a load test
  # from one address with 429: the benchmarks measure the work, not the limiter.
  BASE="http://127.0.0.1:$port"
  local started=0
  PARTNERDESK_PUBLIC_RATE_LIMIT=1000000000 \
  DATABASE_URL="$url" PARTNERDESK_LISTEN="127.0.0.1:$port" RUST_LOG="${SERVER_LOG:-warn}" \
    PARTNERDESK_LOG_JSON="${SERVER_LOG_JSON:-false}" serve_in_background "$work/$name.log" "$BASE" "$BIN" serve --demo && started=1
  servers+=("$SERVER_PID")
  if [ $started = 0 ]; then
    echo "(the server $name)" >&2
    exit 1
  fi
}

# A fresh PostgreSQL database for this run (dropped at the end).
new_pg_database() {
  local name="pd_bench_$1_$$"
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $name" >/dev/null
  psql "$PG_ADMIN" -qc "CREATE DATABASE $name" >/dev/null
  echo "${PG_ADMIN%/*}/$name"
}

# A random run id (letters): keeps domain prefixes and idempotency keys of each wrk run apart.
run_id() { tr -dc 'a-z' </dev/urandom | head -c 8 || true; }

# measure NAME SECONDS WRK-ARGS…: a 2-second warm-up, then the measured run. Keeps wrk's output
# in $work/NAME.txt and its summary (report.lua) in $work/NAME.json; records the command.
measure() {
  local name=$1 seconds=$2
  shift 2
  BENCH_RUN="w$(run_id)" wrk -d2s "$@" >/dev/null 2>&1 || true
  cut -d' ' -f1 /proc/loadavg >"$work/$name.load"
  BENCH_RUN="m$(run_id)" wrk -d"${seconds}s" "$@" >"$work/$name.txt" 2>&1
  grep '^BENCH ' "$work/$name.txt" | cut -c7- >"$work/$name.json"
  local line="wrk -d${seconds}s" arg
  [ -n "${BENCH_PATH:-}" ] && line="BENCH_PATH=$BENCH_PATH BENCH_BODY='$BENCH_BODY' $line"
  for arg in "$@"; do
    case $arg in *' '*) line+=" '$arg'" ;; *) line+=" $arg" ;; esac
  done
  printf '%s\n' "$line" | sed "s#$BASE#http://127.0.0.1:PORT#g; s#$BENCH_LUA/#scripts/bench/#g; s#partnerdesk_session=[A-Za-z0-9_-]*#partnerdesk_session=…#g" >"$work/$name.cmd"
}
# fig NAME FIELD: one figure of a measured run.
# A run with error answers gives no figure ("invalid").
fig() { jq -r "if (.non2xx // 0) > 0 then \"invalid\" elif (.requests // 0) > 0 then .$2 else \"n/a\" end" "$work/$1.json" 2>/dev/null || echo n/a; }
cmd() { cat "$work/$1.cmd"; }
# The 1-minute load average when the measured run began (the machine may be shared).
load_of() { cat "$work/$1.load" 2>/dev/null || echo "?"; }
# verdict VALUE OP BAR: "met" or "**missed**" (OP is >= or <=).
verdict() {
  case $1 in ''|n/a|null) echo "**not measured**"; return ;; invalid) echo "**invalid**: the run had errors"; return ;; esac
  awk -v v="$1" -v b="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? (v >= b) : (v <= b); print ok ? "met" : "**missed**" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
kib() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1024 }'; }

# The demo password, as the server prints it (app::demo::DEMO_PASSWORD).
demo_password() { sed -n 's/^Demo sign-ins (password: \(.*\)):$/\1/p' "$work/$1.log" | head -1; }

# sign_in JAR EMAIL PASSWORD: a session in the cookie jar; prints the Cookie header value.
sign_in() {
  curl -fsS -o /dev/null -c "$1" -b "$1" --data-urlencode "email=$2" --data-urlencode "password=$3" "$BASE/api/auth/sign-in"
  awk '$6 == "partnerdesk_session" { print $6 "=" $7 }' "$1"
}

# new_offer JAR: creates an offer as the signed-in advisor; sets OFFICE, SUMMARY, OFFER_PATH.
new_offer() {
  OFFICE=$(curl -fsS -b "$1" -X POST "$BASE/api/offers/start" | jq -r '.offices[0].id')
  SUMMARY=$(curl -fsS -b "$1" -H 'content-type: application/json' "$BASE/api/offers/create" -d "{\"form\": {
    \"office_id\": \"$OFFICE\", \"usage_location\": \"NL\", \"lines\": [[\"M365-BUSINESS-BASIC\", \"25\"], [\"M365-BUSINESS-PREMIUM\", \"10\"]],
    \"delegated_admin\": true, \"gdap_name\": \"Bench support $(run_id)\", \"gdap_roles\": [\"UserAdministrator\", \"GlobalReader\"],
    \"gdap_duration_days\": \"365\", \"idempotency_key\": \"\"}}" | jq -r .)
  OFFER_PATH=$(curl -fsS -b "$1" --data-urlencode "summary_id=$SUMMARY" "$BASE/api/offers/get" | jq -r .url_path)
}

# cpu_reference NAME: a fixed CPU workload (SHA-256 of 256 MiB in memory), so that figures
# that depend on the machine can be compared across machines: MiB/s.
head -c $((256 * 1024 * 1024)) /dev/zero >"$work/reference.bin"
cpu_reference() {
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/$1.json" "sha256sum $work/reference.bin" >/dev/null 2>&1
  jq -r '256 / .results[0].mean | . * 10 | round / 10' "$work/$1.json"
}

say "CPU reference (sha256sum of 256 MiB, hyperfine)"
cpu_start=$(cpu_reference cpu-start)

# --- 1, 2, 3, 4, 7: the offer page, static files, sizes, Lighthouse, memory (SQLite) ----------
say "Offer page and static files (SQLite)"
start_server demo "sqlite:$work/demo.db" 3201
demo_pid=$SERVER_PID
password=$(demo_password demo)
advisor_cookie=$(sign_in "$work/advisor.jar" advisor@contoso.example "$password")
new_offer "$work/advisor.jar"
# A fresh server for the offer-page load, so that its memory is that load's (signing in above
# hashed a password with Argon2, which takes 19 MiB while it runs).
stop_server "$demo_pid"
start_server demo "sqlite:$work/demo.db" 3201
demo_pid=$SERVER_PID
rss_start_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$demo_pid/status")
offer_url="$BASE$OFFER_PATH"
build_id=$(curl -fsSI "$offer_url" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-partnerdesk-build" { print $2 }')
curl -fsS "$offer_url" -o "$work/offer.html"
page_bytes=$(stat -c %s "$work/offer.html")
# A static file of the same size, served by the same server (the public-file fallback).
head -c "$page_bytes" /dev/zero | tr '\0' 'x' >"$SITE/bench-reference.html"
ref_bytes=$(curl -fsS "$BASE/bench-reference.html" | wc -c)

measure offer-page "$SECONDS_PER_RUN" -t1 -c32 -s "$BENCH_LUA/report.lua" "$offer_url"
measure static-ref "$SECONDS_PER_RUN" -t1 -c32 -s "$BENCH_LUA/report.lua" "$BASE/bench-reference.html"
measure offer-page-1 5 -t1 -c1 -s "$BENCH_LUA/report.lua" "$offer_url"
rss_peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$demo_pid/status")
rss_now_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$demo_pid/status")

say "Static package files"
for ext in wasm js css; do
  measure "pkg-$ext" "$SECONDS_PER_RUN" -t1 -c32 -H 'Accept-Encoding: br' -s "$BENCH_LUA/report.lua" "$BASE/pkg/$build_id/partnerdesk.$ext"
done
# The client's offer page loads its own small module instead (crate offer-form).
measure pkg-offer-wasm "$SECONDS_PER_RUN" -t1 -c32 -H 'Accept-Encoding: br' -s "$BENCH_LUA/report.lua" "$BASE/pkg/$build_id/offer-form_bg.wasm"
# The staff's pages load an islands build of the app (crate staff-islands, app::app::IslandsBuild):
# the pages that read and post the site's module (partnerdesk.wasm, above), the others their own.
# The builds are the server's list (`partnerdesk builds`, app::app::IslandsBuild::ALL); the
# words here only describe them in the report.
describe_build() {
  case $1 in
    settings-pages) echo "the organisation's Settings pages' forms: offices, embedding, provider profile" ;;
    admin-pages) echo "the Global admin's Settings pages' forms: users, API keys, webhooks" ;;
    partner-pages) echo "the partner pages' forms: partnership request, registration, subscription" ;;
    offer-wizard) echo "Create purchase offer, Send" ;;
    customer-wizard) echo "New customer, Add subscription" ;;
    *) echo "$1" ;;
  esac
}
ISLAND_BUILDS=()
while read -r module _ site; do
  [ -n "$site" ] || ISLAND_BUILDS+=("$module|$(describe_build "$module")")
done <<<"$("$BIN" builds)"
for entry in "${ISLAND_BUILDS[@]}"; do
  module=${entry%%|*}
  measure "pkg-$module-wasm" "$SECONDS_PER_RUN" -t1 -c32 -H 'Accept-Encoding: br' -s "$BENCH_LUA/report.lua" "$BASE/pkg/$build_id/$module.wasm"
done
# One keep-alive connection: a Nagle/delayed-ACK stall would show as ~40 ms per request.
measure pkg-css-1 5 -t1 -c1 -H 'Accept-Encoding: br' -s "$BENCH_LUA/report.lua" "$BASE/pkg/$build_id/partnerdesk.css"
measure favicon-1 5 -t1 -c1 -s "$BENCH_LUA/report.lua" "$BASE/favicon.svg"
nodelay=$(awk -v p="$(fig pkg-css-1 p99_ms)" 'BEGIN { print (p < 20) ? "yes: no request waits for a delayed ACK" : "**no**: requests stall" }')

headers_of() { # URL ENCODING → "status | content-encoding | bytes | cache-control | vary"
  local ask=()
  [ -n "$2" ] && ask=(-H "Accept-Encoding: $2")
  curl -sS -o /dev/null -D - "${ask[@]}" "$1" | tr -d '\r' | awk -F': ' '
    NR == 1 { status = $0; sub(/^HTTP\/[0-9.]+ /, "", status) }
    tolower($1) == "content-encoding" { ce = $2 } tolower($1) == "content-length" { cl = $2 }
    tolower($1) == "cache-control" { cc = $2 } tolower($1) == "vary" { v = $2 }
    END { printf "%s | %s | %s | %s | %s", status, ce ? ce : "identity", cl, cc, v }'
}
header_rows=""
island_wasm=(); for entry in "${ISLAND_BUILDS[@]}"; do island_wasm+=("${entry%%|*}.wasm"); done
for file in partnerdesk.wasm partnerdesk.js partnerdesk.css "${island_wasm[@]}" texts-en.js offer-form_bg.wasm; do
  for enc in br gzip ""; do
    header_rows+="| /pkg/<build>/$file | ${enc:-none} | $(headers_of "$BASE/pkg/$build_id/$file" "$enc") |"$'\n'
  done
done
header_rows+="| /pkg/partnerdesk.css (no build id) | br | $(headers_of "$BASE/pkg/partnerdesk.css" br) |"$'\n'
header_rows+="| offer page | br | $(headers_of "$offer_url" br) |"$'\n'
header_rows+="| offer page | gzip | $(headers_of "$offer_url" gzip) |"$'\n'

say "Download sizes"
# Every file of the package folder, except the TypeScript declarations wasm-bindgen writes
# beside them (with `cargo leptos build --split`, lazy pages' chunks would be among them too).
sizes_of() { # FILE… → "raw gz br"
  local raw=0 gz=0 br=0 file
  for file in "$@"; do
    raw=$((raw + $(stat -c %s "$file")))
    gz=$((gz + $(stat -c %s "$file.gz" 2>/dev/null || gzip -9c "$file" | wc -c)))
    br=$((br + $(stat -c %s "$file.br" 2>/dev/null || brotli -c "$file" | wc -c)))
  done
  echo "$raw $gz $br"
}
size_rows=""
while IFS= read -r file; do
  read -r raw gz br < <(sizes_of "$file")
  size_rows+="| ${file#"$SITE"} | $(kib "$raw") | $(kib "$gz") | $(kib "$br") |"$'\n'
done < <(find "$PKG" -maxdepth 1 -type f \( -name 'partnerdesk.*' -o -name '*-wizard.*' -o -name '*-pages.*' -o -name 'texts-*' -o -name 'offer-form*' \) ! -name '*.br' ! -name '*.gz' ! -name '*.d.ts' | sort)
mapfile -t all_files < <(find "$PKG" -type f ! -name '*.br' ! -name '*.gz' ! -name '*.d.ts' ! -name '*.json' | sort)
read -r total_raw total_gz total_br < <(sizes_of "${all_files[@]}")

# What Chromium fetches to make a page interactive (scripts/bench/fetched.mjs): the files it
# asks for under /pkg/, their sizes read from the build (brotli: the precompressed copy sent).
fetch_rows=""
fetched_br() { # NAME LABEL URL [COOKIE] → FETCHED_BR, the brotli bytes; adds a row
  local paths=() path files=()
  mapfile -t paths < <(node scripts/bench/fetched.mjs "$3" "${4:-}" 2>"$work/fetched-$1.log")
  for path in "${paths[@]}"; do
    path=${path#/pkg/}
    [[ "$path" == */* ]] && path=${path#*/}
    [ -f "$PKG/$path" ] && files+=("$PKG/$path")
  done
  if [ ${#files[@]} -eq 0 ]; then
    fetch_rows+="| $2 | **could not be measured**: $(tail -1 "$work/fetched-$1.log" | tr '|' '/') | | | |"$'\n'
    FETCHED_BR=999999999
    return
  fi
  local raw gz br
  read -r raw gz br < <(sizes_of "${files[@]}")
  fetch_rows+="| $2 | ${#files[@]}: $(printf '%s ' "${files[@]##*/}") | $(kib "$raw") | $(kib "$gz") | $(kib "$br") |"$'\n'
  FETCHED_BR=$br
}
northwind_cookie=$(sign_in "$work/northwind-sizes.jar" admin@northwind.example "$password")
fetched_br offer "client's offer page (anonymous)" "$offer_url"
offer_fetch_br=$FETCHED_BR
fetched_br customers "Customers (admin@northwind.example)" "$BASE/customers" "$northwind_cookie"
customers_fetch_br=$FETCHED_BR
fetched_br create "Create purchase offer (advisor@contoso.example)" "$BASE/offers/new" "$advisor_cookie"
create_fetch_br=$FETCHED_BR
fetched_br new-customer "New customer (admin@northwind.example)" "$BASE/customers/new" "$northwind_cookie"
new_customer_fetch_br=$FETCHED_BR
fetched_br users "Users (admin@northwind.example)" "$BASE/settings/users" "$northwind_cookie"
users_fetch_br=$FETCHED_BR
fetched_br profile "Provider profile (admin@northwind.example)" "$BASE/settings/provider-profile" "$northwind_cookie"
profile_fetch_br=$FETCHED_BR
subscription_path=$(curl -fsS -H "Cookie: $northwind_cookie" "$BASE/customers" | grep -o 'href="/customers/[0-9]*/subscriptions/[0-9]*"' | head -1 | cut -d'"' -f2 || true)
fetched_br subscription "a subscription (admin@northwind.example)" "$BASE${subscription_path:-/customers}" "$northwind_cookie"
subscription_fetch_br=$FETCHED_BR
signed_in_br=$(printf '%s\n' "$customers_fetch_br" "$create_fetch_br" "$new_customer_fetch_br" "$users_fetch_br" "$profile_fetch_br" "$subscription_fetch_br" | sort -n | tail -1)
html_raw=$page_bytes
html_gz=$(curl -fsS -H 'Accept-Encoding: gzip' "$offer_url" | wc -c)
html_br=$(curl -fsS -H 'Accept-Encoding: br' "$offer_url" | wc -c)
offer_total_br=$((offer_fetch_br + html_br))
# Usable before any WebAssembly: the page's form posts to the server function itself.
form_tag=$(grep -o '<form[^>]*action="/api/offer/accept"[^>]*>' "$work/offer.html" | head -1 || true)
without_wasm=$([ -n "$form_tag" ] && echo "yes: the server-rendered page holds the whole form (\`${form_tag//|/\\|}\`), which posts without JavaScript" || echo "**no** form in the server-rendered page")

say "Lighthouse (mobile)"
customers_cookie=$(sign_in "$work/northwind.jar" admin@northwind.example "$password")
lighthouse_run() { # NAME URL [COOKIE]
  local extra=()
  [ -n "${3:-}" ] && extra=(--extra-headers "{\"Cookie\": \"$3\"}")
  lighthouse "$2" --quiet --output=json --output-path="$work/lh-$1.json" \
    --only-categories=performance,accessibility,best-practices \
    --chrome-flags="--no-sandbox --headless=new --disable-gpu" "${extra[@]}" >"$work/lh-$1.log" 2>&1 || true
}
lighthouse_row() { # NAME LABEL
  local f="$work/lh-$1.json"
  if [ ! -s "$f" ]; then echo "| $2 | Lighthouse failed: $(tail -1 "$work/lh-$1.log") | | | | |"; return; fi
  jq -r --arg page "$2" '
    def s(c): (.categories[c].score // 0) * 100 | round;
    def m(a): .audits[a].displayValue // "?";
    "| \($page) | \(s("performance")) | \(s("accessibility")) | \(s("best-practices")) | FCP \(m("first-contentful-paint")), LCP \(m("largest-contentful-paint")), TBT \(m("total-blocking-time")), CLS \(m("cumulative-layout-shift")), SI \(m("speed-index")) |"' "$f"
}
lighthouse_findings() { # NAME LABEL: the audits that cost points
  local f="$work/lh-$1.json"
  [ -s "$f" ] || return 0
  jq -r --arg page "$2" '
    . as $r | [.categories[] | .id as $c | .auditRefs[] | select(.weight > 0) | {c: $c, id}]
    | map(. as $a | $r.audits[$a.id] | select(.score != null and .score < 1) | "- \($page), \($a.c): \(.title) (score \(.score))\(if .displayValue then ": " + .displayValue else "" end)")
    | unique | .[]' "$f"
}
lighthouse_run offer "$offer_url"
lighthouse_run customers "$BASE/customers" "$customers_cookie"

# --- 5: writes (SQLite and PostgreSQL) ------------------------------------------------------------
writes() { # DB-LABEL: accept and create offers against the server at $BASE
  local label=$1
  local jar="$work/advisor-$label.jar"
  local cookie
  cookie=$(sign_in "$jar" advisor@contoso.example "$password")
  new_offer "$jar"
  local code token
  code=$(echo "$OFFER_PATH" | cut -d/ -f3) token=$(echo "$OFFER_PATH" | cut -d/ -f4)
  export OFFER_CODE=$code OFFER_TOKEN=$token BENCH_COOKIE=$cookie OFFICE_ID=$OFFICE
  measure "accept-$label" "$SECONDS_PER_RUN" -t1 -c16 -s "$BENCH_LUA/accept.lua" "$BASE"
  measure "create-$label" "$SECONDS_PER_RUN" -t1 -c16 -s "$BENCH_LUA/create-offer.lua" "$BASE"
  unset OFFER_CODE OFFER_TOKEN BENCH_COOKIE OFFICE_ID
}
say "Writes on SQLite"
writes sqlite
stop_server "$demo_pid"

say "Writes on PostgreSQL"
pg_demo=$(new_pg_database demo)
start_server demo-pg "$pg_demo" 3202
writes postgres
stop_server "$SERVER_PID"

# --- 6: scale (SQLite and PostgreSQL) ---------------------------------------------------------------
# scale LABEL DATABASE_URL PORT SQL-CLIENT…: seeds, measures the Customers page of one reseller
# and the search by summary ID, and keeps the query plans of both.
scale() {
  local label=$1 url=$2 port=$3
  shift 3
  local sql=("$@")
  say "Scale data on $label"
  DATABASE_URL="$url" RUST_LOG=warn "$BIN" demo >/dev/null
  local seed_started
  seed_started=$(date +%s)
  DATABASE_URL="$url" RUST_LOG=warn "$BIN" seed-scale >"$work/seed-$label.log"
  # What an operator does after a bulk load: fresh statistics, and no autovacuum of a million
  # new rows running during the measurements.
  if [ "$label" = postgres ]; then "${sql[@]}" "VACUUM ANALYZE" >/dev/null; fi
  eval "seed_seconds_$label=$(( $(date +%s) - seed_started ))"
  eval "seed_line_$label=\$(grep '^Loaded' \"$work/seed-$label.log\")"
  local reseller summary
  reseller=$("${sql[@]}" "SELECT id FROM organisations WHERE name = 'Scale Reseller 1'")
  summary=$("${sql[@]}" "SELECT summary_id FROM offers WHERE access_token = 'scale-offer-500000'")
  eval "scale_reseller_$label=$reseller scale_summary_$label=$summary"

  # The statements both calls run, as the server logs them (sqlx, JSON logs), for the plans.
  SERVER_LOG="warn,sqlx::query=debug" SERVER_LOG_JSON=true start_server "scale-$label-sql" "$url" "$port"
  local provider advisor
  provider=$(sign_in "$work/scale-provider-$label.jar" admin@northwind.example "$password")
  advisor=$(sign_in "$work/scale-advisor-$label.jar" advisor@contoso.example "$password")
  local log="$work/scale-$label-sql.log" seen
  seen=$(wc -l <"$log")
  curl -fsS -b "$work/scale-provider-$label.jar" -d "reseller=$reseller&search=&page=1" "$BASE/api/customers/list" >"$work/answer-customers-$label.json"
  tail -n +$((seen + 1)) "$log" >"$work/sql-customers-$label.log"
  seen=$(wc -l <"$log")
  curl -fsS -b "$work/scale-advisor-$label.jar" -d "search=$summary&page=1" "$BASE/api/offers/list" >"$work/answer-offers-$label.json"
  tail -n +$((seen + 1)) "$log" >"$work/sql-offers-$label.log"
  stop_server "$SERVER_PID"
  local partner organisation per_page
  partner=$("${sql[@]}" "SELECT id FROM organisations WHERE mpn_id = '2000001'")
  organisation=$("${sql[@]}" "SELECT id FROM organisations WHERE mpn_id = '1000001'")
  per_page=$(jq -r '[.. | objects | .per_page? | numbers][0]' "$work/answer-customers-$label.json")
  python3 scripts/bench/plans.py "$label" "$work/sql-customers-$label.log" "customers cu" \
    "$partner" "$reseller" "'%%'" "$per_page" 0 >"$work/plan-customers-$label.md" -- "${sql[@]}"
  per_page=$(jq -r '[.. | objects | .per_page? | numbers][0]' "$work/answer-offers-$label.json")
  python3 scripts/bench/plans.py "$label" "$work/sql-offers-$label.log" "FROM offers o" \
    "$organisation" "'$summary'" "$per_page" 0 >"$work/plan-offers-$label.md" -- "${sql[@]}"

  start_server "scale-$label" "$url" "$port"
  provider=$(sign_in "$work/scale-provider-$label.jar" admin@northwind.example "$password")
  advisor=$(sign_in "$work/scale-advisor-$label.jar" advisor@contoso.example "$password")
  export BENCH_PATH=/api/customers/list BENCH_BODY="reseller=$reseller&search=&page=1" BENCH_COOKIE=$provider
  measure "customers-$label" 5 -t1 -c1 -s "$BENCH_LUA/post.lua" "$BASE"
  export BENCH_PATH=/api/offers/list BENCH_BODY="search=$summary&page=1" BENCH_COOKIE=$advisor
  measure "search-$label" 5 -t1 -c1 -s "$BENCH_LUA/post.lua" "$BASE"
  unset BENCH_PATH BENCH_BODY BENCH_COOKIE
  measure "customers-page-$label" 5 -t1 -c1 -H "Cookie: $provider" -s "$BENCH_LUA/report.lua" "$BASE/customers?reseller=$reseller"
  measure "search-page-$label" 5 -t1 -c1 -H "Cookie: $advisor" -s "$BENCH_LUA/report.lua" "$BASE/offers?q=$summary"
  stop_server "$SERVER_PID"
}
scale sqlite "sqlite:$work/scale.db" 3203 sqlite3 "$work/scale.db"
pg_scale=$(new_pg_database scale)
scale postgres "$pg_scale" 3204 psql "$pg_scale" -qAt -c

cpu_end=$(cpu_reference cpu-end)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
finished=$(date -u '+%Y-%m-%d %H:%M UTC')

# --- The report ------------------------------------------------------------------------------------
say "Writing $OUT"
row() { # LABEL NAME FIELD BAR-OP BAR UNIT
  local v
  v=$(fig "$2" "$3")
  echo "| $1 | $v $6 | $4 $5 $6 | $(verdict "$v" "$4" "$5") |"
}
errors_of() { # non-2xx answers and wrk's socket errors (connect, read, write, timeout)
  local sockets
  sockets=$(sed -n 's/^ *Socket errors: //p' "$work/$1.txt" 2>/dev/null)
  echo "$(jq -r .non2xx "$work/$1.json" 2>/dev/null || echo ?) non-2xx${sockets:+; socket errors: $sockets}"
}
island_summary_rows="" island_detail_rows=""
for entry in "${ISLAND_BUILDS[@]}"; do
  module=${entry%%|*} name="pkg-${entry%%|*}-wasm"
  island_summary_rows+="| 2 | /pkg $module.wasm (${entry#*|}), requests/s (brotli) | $(fig "$name" rps) | ≥ 10000 | $(verdict "$(fig "$name" rps)" ">=" 10000) |"$'\n'
  island_detail_rows+="| $module.wasm | $(fig "$name" rps) | $(fig "$name" p99_ms) ms | $(errors_of "$name") | $(load_of "$name") | \`$(cmd "$name")\` |"$'\n'
done
offer_rps=$(fig offer-page rps) ref_rps=$(fig static-ref rps)
offer_ratio=$(ratio "$offer_rps" "$ref_rps")
rss_peak_mb=$(awk -v k="$rss_peak_kb" 'BEGIN { printf "%.1f", k / 1024 }')
{
cat <<EOF
# Benchmarks

Written by \`make bench\` (scripts/bench.sh) — issue #10. Benchmarks measure and report; nothing
fails on a timing. Rerun on a quiet machine for figures to compare; each machine-dependent
figure has a reference measured in the same run.

- **Date**: $started – $finished
- **Machine**: $cpus CPUs ($(echo "$cpu_model")), $memory; load average at start $load_start, at end $load_end
- **Revision**: $revision; release build (\`scripts/build-site.sh --release\`: cargo-leptos with \`--precompress\` (the server and the pages' islands build), then the other islands builds and the offer-form module, $build_note)
- **CPU reference** (\`hyperfine -N 'sha256sum <256 MiB>'\`): $cpu_start MiB/s at start, $cpu_end MiB/s at end
- **Load generator**: wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}') on the same machine (it shares the CPUs with the server), loopback, keep-alive; every run after a 2 s warm-up

## Summary

| # | figure | measured | bar | |
|---|---|---|---|---|
| 1 | offer page, requests/s | $offer_rps | ≥ 8000 | $(verdict "$offer_rps" ">=" 8000) |
| 1 | offer page, p99 | $(fig offer-page p99_ms) ms | ≤ 15 ms | $(verdict "$(fig offer-page p99_ms)" "<=" 15) |
| 1 | offer page ÷ static file of the same size | $offer_ratio | ≥ 0.5 | $(verdict "$offer_ratio" ">=" 0.5) |
| 2 | /pkg partnerdesk.wasm (the islands of the staff's pages that read and post), requests/s (brotli) | $(fig pkg-wasm rps) | ≥ 10000 | $(verdict "$(fig pkg-wasm rps)" ">=" 10000) |
$island_summary_rows| 2 | /pkg offer-form_bg.wasm (the client's offer page), requests/s (brotli) | $(fig pkg-offer-wasm rps) | ≥ 10000 | $(verdict "$(fig pkg-offer-wasm rps)" ">=" 10000) |
| 2 | /pkg .js, requests/s (brotli) | $(fig pkg-js rps) | ≥ 10000 | $(verdict "$(fig pkg-js rps)" ">=" 10000) |
| 2 | /pkg .css, requests/s (brotli) | $(fig pkg-css rps) | ≥ 10000 | $(verdict "$(fig pkg-css rps)" ">=" 10000) |
| 2 | one keep-alive connection, .css | $(fig pkg-css-1 rps) req/s, p99 $(fig pkg-css-1 p99_ms) ms | no ~40 ms stalls | $nodelay |
| 3 | signed-in app, WASM+JS+CSS brotli | $(kib $signed_in_br) KiB | ≤ 250 KB | $(verdict "$signed_in_br" "<=" 250000) |
| 3 | offer page to interactive (HTML+WASM+JS+CSS, brotli) | $(kib $offer_total_br) KiB | ≤ 150 KB | $(verdict "$offer_total_br" "<=" 150000) |
| 3 | offer page usable before WASM | ${without_wasm%%:*} | yes | $([ -n "$form_tag" ] && echo met || echo "**missed**") |
| 4 | Lighthouse, offer page | $(jq -r '[.categories.performance.score, .categories.accessibility.score, .categories["best-practices"].score] | map((. // 0) * 100 | round) | join(" / ")' "$work/lh-offer.json" 2>/dev/null || echo failed) | 95 / 100 / 100 | $(jq -r 'if (.categories.performance.score >= 0.95 and .categories.accessibility.score == 1 and .categories["best-practices"].score == 1) then "met" else "**missed**" end' "$work/lh-offer.json" 2>/dev/null || echo "**missed**") |
| 4 | Lighthouse, Customers | $(jq -r '[.categories.performance.score, .categories.accessibility.score, .categories["best-practices"].score] | map((. // 0) * 100 | round) | join(" / ")' "$work/lh-customers.json" 2>/dev/null || echo failed) | 95 / 100 / 100 | $(jq -r 'if (.categories.performance.score >= 0.95 and .categories.accessibility.score == 1 and .categories["best-practices"].score == 1) then "met" else "**missed**" end' "$work/lh-customers.json" 2>/dev/null || echo "**missed**") |
| 5 | accept an offer, SQLite | $(fig accept-sqlite rps)/s | ≥ 500/s | $(verdict "$(fig accept-sqlite rps)" ">=" 500) |
| 5 | accept an offer, PostgreSQL | $(fig accept-postgres rps)/s | ≥ 500/s | $(verdict "$(fig accept-postgres rps)" ">=" 500) |
| 5 | create an offer, SQLite | $(fig create-sqlite rps)/s | ≥ 1000/s | $(verdict "$(fig create-sqlite rps)" ">=" 1000) |
| 5 | create an offer, PostgreSQL | $(fig create-postgres rps)/s | ≥ 1000/s | $(verdict "$(fig create-postgres rps)" ">=" 1000) |
| 6 | Customers of one reseller, p95, SQLite | $(fig customers-sqlite p95_ms) ms | ≤ 20 ms | $(verdict "$(fig customers-sqlite p95_ms)" "<=" 20) |
| 6 | Customers of one reseller, p95, PostgreSQL | $(fig customers-postgres p95_ms) ms | ≤ 20 ms | $(verdict "$(fig customers-postgres p95_ms)" "<=" 20) |
| 6 | search by summary ID, p95, SQLite | $(fig search-sqlite p95_ms) ms | ≤ 5 ms | $(verdict "$(fig search-sqlite p95_ms)" "<=" 5) |
| 6 | search by summary ID, p95, PostgreSQL | $(fig search-postgres p95_ms) ms | ≤ 5 ms | $(verdict "$(fig search-postgres p95_ms)" "<=" 5) |
| 7 | server memory under the offer-page load (VmHWM) | $rss_peak_mb MB | ≤ 100 MB | $(verdict "$rss_peak_kb" "<=" 102400) |

Every run below reports its errors (a run with errors is not a valid figure) and the 1-minute
load average when it began: on a shared machine a load above 2 means the server and wrk had
less than the 2 CPUs.

## 1. Public offer page (SQLite)

\`GET\` of a client's offer URL (two subscriptions, delegated administration asked), server-rendered
whole (\`SsrMode::Async\`), $page_bytes bytes of HTML. The reference is the same server sending a
static file of exactly that size (\`target/site/bench-reference.html\`, $ref_bytes bytes, through
the same layers: sessions, security headers, the public-file fallback).

| run | requests/s | p50 | p99 | max | errors | load | command |
|---|---|---|---|---|---|---|---|
| offer page, 32 connections | $offer_rps | $(fig offer-page p50_ms) ms | $(fig offer-page p99_ms) ms | $(fig offer-page max_ms) ms | $(errors_of offer-page) | $(load_of offer-page) | \`$(cmd offer-page)\` |
| static file of the same size | $ref_rps | $(fig static-ref p50_ms) ms | $(fig static-ref p99_ms) ms | $(fig static-ref max_ms) ms | $(errors_of static-ref) | $(load_of static-ref) | \`$(cmd static-ref)\` |
| offer page, 1 connection | $(fig offer-page-1 rps) | $(fig offer-page-1 p50_ms) ms | $(fig offer-page-1 p99_ms) ms | $(fig offer-page-1 max_ms) ms | $(errors_of offer-page-1) | $(load_of offer-page-1) | \`$(cmd offer-page-1)\` |

Offer page ÷ static file: **$offer_ratio** (bar ≥ 0.5). Offer page ÷ CPU reference:
$(ratio "$offer_rps" "$cpu_start") requests per MiB/s of SHA-256.

Each view is counted once per visitor and day: the first view of the day writes a row, every
later one (all of the runs above after the first request) only reads.

## 2. Static package files

Throughput with \`Accept-Encoding: br\` (the precompressed copy is sent):

| file | requests/s | p99 | errors | load | command |
|---|---|---|---|---|---|
| partnerdesk.wasm | $(fig pkg-wasm rps) | $(fig pkg-wasm p99_ms) ms | $(errors_of pkg-wasm) | $(load_of pkg-wasm) | \`$(cmd pkg-wasm)\` |
$island_detail_rows| offer-form_bg.wasm | $(fig pkg-offer-wasm rps) | $(fig pkg-offer-wasm p99_ms) ms | $(errors_of pkg-offer-wasm) | $(load_of pkg-offer-wasm) | \`$(cmd pkg-offer-wasm)\` |
| partnerdesk.js | $(fig pkg-js rps) | $(fig pkg-js p99_ms) ms | $(errors_of pkg-js) | $(load_of pkg-js) | \`$(cmd pkg-js)\` |
| partnerdesk.css | $(fig pkg-css rps) | $(fig pkg-css p99_ms) ms | $(errors_of pkg-css) | $(load_of pkg-css) | \`$(cmd pkg-css)\` |
| partnerdesk.css, **one** keep-alive connection | $(fig pkg-css-1 rps) | $(fig pkg-css-1 p99_ms) ms (p50 $(fig pkg-css-1 p50_ms) ms) | $(errors_of pkg-css-1) | $(load_of pkg-css-1) | \`$(cmd pkg-css-1)\` |
| /favicon.svg (public-file fallback), one connection | $(fig favicon-1 rps) | $(fig favicon-1 p99_ms) ms (p50 $(fig favicon-1 p50_ms) ms) | $(errors_of favicon-1) | $(load_of favicon-1) | \`$(cmd favicon-1)\` |

**Nagle**: the ~36 requests/s per keep-alive connection measured for a stock leptos_axum file
handler is Nagle's algorithm meeting delayed ACKs: a response written in two pieces (headers,
then body) waits for the ACK of the first (~40 ms) before the second goes out. PartnerDesk sets
\`TCP_NODELAY\` on every accepted connection (\`server/src/http_layers.rs\`, \`serve\`:
\`axum::serve::ListenerExt::tap_io\`), for the package files and the fallback alike. TCP_NODELAY
in effect: $nodelay.

Headers (\`curl -sD- -H 'Accept-Encoding: …'\`):

| URL | asked | status | content-encoding | bytes | cache-control | vary |
|---|---|---|---|---|---|---|
$header_rows
Package files are addressed as \`/pkg/<build id>/…\`, the build id being a hash of every package
file (\`app::pwa::worker::BuildInfo\`), so a file under it never changes: \`immutable\`, one
year. The plain \`/pkg/…\` path and misses are revalidated after five minutes. \`.br\` and
\`.gz\` copies are written at build time (\`--precompress\`); pages and JSON are compressed as
they are sent (tower-http \`CompressionLayer\`, brotli level 4).

## 3. Download size

Every page is served whole (\`app::app::PageCode\`, \`app::app::ISLAND_PAGES\`) and loads one
islands build of the app crate (\`app::app::IslandsBuild\`, crate \`staff-islands\`), each with the
language switch, the banners and the outbox and its own pages' islands: \`partnerdesk.wasm\`, the
site's module built by cargo-leptos (sign-in, the lists and the pages that read and post),
\`settings-pages.wasm\` (offices, embedding, provider profile), \`admin-pages.wasm\` (users, API
keys, webhooks), \`partner-pages.wasm\` (partnership request, registration, subscription),
\`offer-wizard.wasm\` (Create purchase offer and the Send page) or \`customer-wizard.wasm\` (New
customer, Add subscription); the whole app, every page hydrated with a router, is no longer
built; and the \`offer-form\` module for the client's offer page. What Chromium fetches to make
each page interactive (\`node scripts/bench/fetched.mjs URL [COOKIE]\`, the service worker's
background download of the app for offline use left out; KiB):

| page | files fetched | raw | gzip | brotli |
|---|---|---|---|---|
${fetch_rows}| offer page HTML | | $(kib $html_raw) | $(kib $html_gz) | $(kib $html_br) |

The main files (KiB):

| file | raw | gzip | brotli |
|---|---|---|---|
${size_rows}| **the whole app** | **$(kib $total_raw)** | **$(kib $total_gz)** | **$(kib $total_br)** |

- Signed-in app (the largest of Customers, Create purchase offer, New customer, Users, Provider profile and a subscription, one page of each islands build): **$(kib $signed_in_br) KiB** brotli (bar 250 KB): $(verdict "$signed_in_br" "<=" 250000).
- Client's offer page fully interactive (HTML + what it fetches): **$(kib $offer_total_br) KiB** brotli (bar 150 KB): $(verdict "$offer_total_br" "<=" 150000).
- Usable before any WASM arrives: $without_wasm.

## 4. Lighthouse (mobile, simulated throttling)

\`lighthouse URL --only-categories=performance,accessibility,best-practices --chrome-flags="--no-sandbox --headless=new --disable-gpu"\`
(Lighthouse $LIGHTHOUSE_VERSION, $(chromium --version 2>/dev/null)); the Customers page as admin@northwind.example
with \`--extra-headers '{"Cookie": "partnerdesk_session=…"}'\`.

| page | Performance | Accessibility | Best Practices | metrics |
|---|---|---|---|---|
$(lighthouse_row offer "client's offer page")
$(lighthouse_row customers "Customers (signed in)")

Audits that cost points:

$( { lighthouse_findings offer "offer page"; lighthouse_findings customers "Customers"; } | grep . || echo "- none")

## 5. Writes

Server functions called as the pages call them, 16 connections. Accepting: every request is a new
client (own domain prefix and idempotency key) creating the customer, its subscriptions and
audit entries in one transaction (\`scripts/bench/accept.lua\`). Creating: Contoso's advisor,
signed in, one new offer per request (\`scripts/bench/create-offer.lua\`).

| write | database | per second | p50 | p99 | errors | load | ÷ CPU reference | command |
|---|---|---|---|---|---|---|---|---|
| accept an offer | SQLite | $(fig accept-sqlite rps) | $(fig accept-sqlite p50_ms) ms | $(fig accept-sqlite p99_ms) ms | $(errors_of accept-sqlite) | $(load_of accept-sqlite) | $(ratio "$(fig accept-sqlite rps)" "$cpu_start") | \`$(cmd accept-sqlite)\` |
| accept an offer | PostgreSQL | $(fig accept-postgres rps) | $(fig accept-postgres p50_ms) ms | $(fig accept-postgres p99_ms) ms | $(errors_of accept-postgres) | $(load_of accept-postgres) | $(ratio "$(fig accept-postgres rps)" "$cpu_start") | \`$(cmd accept-postgres)\` |
| create an offer | SQLite | $(fig create-sqlite rps) | $(fig create-sqlite p50_ms) ms | $(fig create-sqlite p99_ms) ms | $(errors_of create-sqlite) | $(load_of create-sqlite) | $(ratio "$(fig create-sqlite rps)" "$cpu_start") | \`$(cmd create-sqlite)\` |
| create an offer | PostgreSQL | $(fig create-postgres rps) | $(fig create-postgres p50_ms) ms | $(fig create-postgres p99_ms) ms | $(errors_of create-postgres) | $(load_of create-postgres) | $(ratio "$(fig create-postgres rps)" "$cpu_start") | \`$(cmd create-postgres)\` |

## 6. Scale

\`partnerdesk seed-scale\` on top of the demo data: SQLite "$seed_line_sqlite" ($seed_seconds_sqlite s wall);
PostgreSQL "$seed_line_postgres" ($seed_seconds_postgres s wall). Server time measured as the
latency of one connection on loopback (\`wrk -t1 -c1\`, so requests never queue), including
the session and user lookups every signed-in call makes. The server function is what the page
calls; the whole server-rendered page is given for comparison.

| query | database | p50 | p95 | p99 | errors | load | command |
|---|---|---|---|---|---|---|---|
| Customers page 1 of one reseller (server function) | SQLite | $(fig customers-sqlite p50_ms) ms | **$(fig customers-sqlite p95_ms) ms** | $(fig customers-sqlite p99_ms) ms | $(errors_of customers-sqlite) | $(load_of customers-sqlite) | \`$(cmd customers-sqlite)\` |
| Customers page 1 of one reseller (server function) | PostgreSQL | $(fig customers-postgres p50_ms) ms | **$(fig customers-postgres p95_ms) ms** | $(fig customers-postgres p99_ms) ms | $(errors_of customers-postgres) | $(load_of customers-postgres) | \`$(cmd customers-postgres)\` |
| search by summary ID (server function) | SQLite | $(fig search-sqlite p50_ms) ms | **$(fig search-sqlite p95_ms) ms** | $(fig search-sqlite p99_ms) ms | $(errors_of search-sqlite) | $(load_of search-sqlite) | \`$(cmd search-sqlite)\` |
| search by summary ID (server function) | PostgreSQL | $(fig search-postgres p50_ms) ms | **$(fig search-postgres p95_ms) ms** | $(fig search-postgres p99_ms) ms | $(errors_of search-postgres) | $(load_of search-postgres) | \`$(cmd search-postgres)\` |
| /customers?reseller=… (whole page) | SQLite | $(fig customers-page-sqlite p50_ms) ms | $(fig customers-page-sqlite p95_ms) ms | $(fig customers-page-sqlite p99_ms) ms | $(errors_of customers-page-sqlite) | $(load_of customers-page-sqlite) | \`$(cmd customers-page-sqlite)\` |
| /customers?reseller=… (whole page) | PostgreSQL | $(fig customers-page-postgres p50_ms) ms | $(fig customers-page-postgres p95_ms) ms | $(fig customers-page-postgres p99_ms) ms | $(errors_of customers-page-postgres) | $(load_of customers-page-postgres) | \`$(cmd customers-page-postgres)\` |
| /offers?q=PO-… (whole page) | SQLite | $(fig search-page-sqlite p50_ms) ms | $(fig search-page-sqlite p95_ms) ms | $(fig search-page-sqlite p99_ms) ms | $(errors_of search-page-sqlite) | $(load_of search-page-sqlite) | \`$(cmd search-page-sqlite)\` |
| /offers?q=PO-… (whole page) | PostgreSQL | $(fig search-page-postgres p50_ms) ms | $(fig search-page-postgres p95_ms) ms | $(fig search-page-postgres p99_ms) ms | $(errors_of search-page-postgres) | $(load_of search-page-postgres) | \`$(cmd search-page-postgres)\` |

### Query plans

The statements are the ones the server ran for these calls (sqlx's statement log), with the
call's values written in: SQLite \`EXPLAIN QUERY PLAN\`, PostgreSQL \`EXPLAIN (ANALYZE, BUFFERS)\`.

#### Customers of one reseller, SQLite

$(cat "$work/plan-customers-sqlite.md")

#### Customers of one reseller, PostgreSQL

$(cat "$work/plan-customers-postgres.md")

#### Search by summary ID, SQLite

$(cat "$work/plan-offers-sqlite.md")

#### Search by summary ID, PostgreSQL

$(cat "$work/plan-offers-postgres.md")

## 7. Memory

Resident memory of the SQLite server process (\`/proc/PID/status\`) right after the offer-page and
static-file runs above (server started fresh for them, after the offer was created): peak
**$rss_peak_mb MB** (VmHWM), current $(awk -v k="$rss_now_kb" 'BEGIN { printf "%.1f", k / 1024 }') MB (VmRSS), $(awk -v k="$rss_start_kb" 'BEGIN { printf "%.1f", k / 1024 }') MB once started.
Bar 100 MB: $(verdict "$rss_peak_kb" "<=" 102400). Not part of this load: each sign-in hashes the
password with Argon2 (19 MiB while it runs, off the async runtime).
EOF
echo
cat scripts/bench/limits.md
} >"$OUT"
echo "Wrote $OUT"
