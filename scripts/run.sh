#!/usr/bin/env bash
# Builds PartnerDesk, migrates data/partnerdesk.db, loads demo data on first run and serves.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh
echo "==> Building (first build takes several minutes)"
scripts/build-site.sh
export DATABASE_URL="${DATABASE_URL:-sqlite:data/partnerdesk.db}"
echo "==> Starting PartnerDesk at http://127.0.0.1:3000/ (Ctrl-C stops it)"
exec "$CARGO_TARGET_DIR/debug/partnerdesk" serve --demo
