#!/usr/bin/env bash
# Builds the site: the server and the islands build of the app for the pages that read and post
# (cargo-leptos; crate staff-islands, the site's module), then the other islands builds with
# the page texts they all load, and the client's offer-page module (crate offer-form, no Leptos runtime) into the same
# package folder. cargo-leptos wipes target/site on every build, so these are always built
# after it, here.
#   scripts/build-site.sh            debug build (make run, end-to-end tests)
#   scripts/build-site.sh --release  release build with wasm-opt and precompressed copies (bench)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

release=0
[ "${1:-}" = "--release" ] && release=1
# Start from an empty site folder: a file an earlier build left in it once left the islands of
# the next incremental build dead in the browser (16 end-to-end specs, twice). The compiled
# crates stay cached, so this costs seconds.
rm -rf target/site
if [ $release = 1 ]; then
  cargo leptos build --release --precompress
  profile=wasm-release
else
  cargo leptos build
  profile=dev
fi

out_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
pkg=target/site/pkg

# module NAME CRATE WASM [FEATURES]: builds crate CRATE (with FEATURES) for the browser into
# $pkg/NAME.js and $pkg/WASM (optimised and precompressed in release builds, as cargo-leptos
# does with the app's files).
module() {
  local name=$1 crate=$2 wasm=$3 features=${4:-}
  echo "==> Building $name ($crate${features:+ with $features}, $profile)"
  cargo build -p "$crate" --lib --target wasm32-unknown-unknown --profile "$profile" ${features:+--features "$features"}
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name "$name" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$out_dir/${crate//-/_}.wasm"
  [ "$wasm" = "${name}_bg.wasm" ] || mv "$pkg/${name}_bg.wasm" "$pkg/$wasm"
  if [ $release = 1 ]; then
    if command -v wasm-opt >/dev/null; then
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
        "$pkg/$wasm" -o "$pkg/$wasm"
    else
      echo "    (wasm-opt is not on PATH: $wasm is left unoptimised)"
    fi
    # Served as sent by the package file handler, like cargo-leptos's precompressed files.
    for file in "$pkg/$wasm" "$pkg/$name.js"; do
      gzip -9 -k -f "$file"
      if command -v brotli >/dev/null; then brotli -q 11 -k -f "$file"; fi
    done
  fi
}

# Leptos's island script asks for <name>.js and <name>.wasm; one build per app::app::IslandsBuild,
# as `partnerdesk builds` lists them (cargo-leptos built the site's own module above).
bin_dir=$([ $release = 1 ] && echo release || echo debug)
builds=$("$CARGO_TARGET_DIR/$bin_dir/partnerdesk" builds)
while read -r name feature site; do
  if [ -z "$site" ]; then module "$name" staff-islands "$name.wasm" "$feature" </dev/null; fi
done <<<"$builds"
module offer-form offer-form offer-form_bg.wasm

# The islands build has no catalog: pages served whole load their language's texts, written
# here by the server (app::i18n::page_texts_script).
"$CARGO_TARGET_DIR/$bin_dir/partnerdesk" texts "$pkg"
if [ $release = 1 ]; then
  for file in "$pkg"/texts-*.js; do
    gzip -9 -k -f "$file"
    if command -v brotli >/dev/null; then brotli -q 11 -k -f "$file"; fi
  done
fi
