#!/usr/bin/env bash
# Builds the site: the server and the staff's app (cargo-leptos), then the client's offer-page
# module (crate offer-form, no Leptos runtime) into the same package folder. cargo-leptos wipes
# target/site on every build, so the module is always built after it, here.
#   scripts/build-site.sh            debug build (make run, end-to-end tests)
#   scripts/build-site.sh --release  release build with wasm-opt and precompressed copies (bench)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

release=0
[ "${1:-}" = "--release" ] && release=1
if [ $release = 1 ]; then
  cargo leptos build --release --precompress
  profile=wasm-release
else
  cargo leptos build
  profile=dev
fi

echo "==> Building the client's offer-page module (offer-form, $profile)"
cargo build -p offer-form --lib --target wasm32-unknown-unknown --profile "$profile"
out_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
pkg=target/site/pkg
wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name offer-form \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$out_dir/offer_form.wasm"

if [ $release = 1 ]; then
  if command -v wasm-opt >/dev/null; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
      "$pkg/offer-form_bg.wasm" -o "$pkg/offer-form_bg.wasm"
  else
    echo "    (wasm-opt is not on PATH: the module is left unoptimised)"
  fi
  # Served as sent by the package file handler, like cargo-leptos's precompressed files.
  for file in "$pkg/offer-form_bg.wasm" "$pkg/offer-form.js"; do
    gzip -9 -k -f "$file"
    if command -v brotli >/dev/null; then brotli -q 11 -k -f "$file"; fi
  done
fi
