#!/usr/bin/env bash
# Installs what PartnerDesk needs to build and test, skipping whatever is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

say() { printf '\n==> %s\n' "$*"; }

if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust with rustup first." >&2
  exit 1
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (takes about 20 minutes, once)"
  cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if [ ! -x /usr/bin/chromium ]; then
  say "Installing Debian's Chromium for the end-to-end tests"
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  say "Installing Debian's aiosmtpd (a real SMTP server on loopback for the mail tests)"
  apt-get update -qq && apt-get install -y -qq python3-aiosmtpd >/dev/null
fi

if [ ! -d end2end/node_modules/@playwright/test ]; then
  say "Installing Playwright (the test runner; it uses Debian's Chromium)"
  (cd end2end && npm ci --no-audit --no-fund)
fi
