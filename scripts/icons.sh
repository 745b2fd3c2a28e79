#!/usr/bin/env bash
# Renders the app icons in public/icons/ from the artwork in public/favicon.svg (ImageMagick):
# "any" icons keep the rounded square; "maskable" ones fill the square edge to edge and keep the
# letter inside the central safe zone (a circle of 80 % of the width), as launchers crop them.
# Run it again after changing the artwork, and commit the PNGs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=public/icons
mkdir -p "$out"
glyph='M18 46V18h15a10 10 0 0 1 0 20h-8v8z M25 31h8a3.5 3.5 0 0 0 0-7h-8z'
maskable=$(mktemp --suffix=.svg)
trap 'rm -f "$maskable"' EXIT
cat >"$maskable" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0f4c81" stroke="none"/><g transform="translate(9.1 8) scale(0.75)"><path d="$glyph" fill="#fff" stroke="none"/></g></svg>
SVG
# ImageMagick 7 is `magick`; Debian's 6 is `convert` (use the system one, not a stand-in on PATH).
im=$(command -v magick || { [ -x /usr/bin/convert ] && echo /usr/bin/convert; } || command -v convert)
render() { # source size target
  "$im" -background none -density 1200 "$1" -resize "$2x$2" -strip "PNG32:$3"
}
render public/favicon.svg 192 "$out/icon-192.png"
render public/favicon.svg 512 "$out/icon-512.png"
render "$maskable" 192 "$out/maskable-192.png"
render "$maskable" 512 "$out/maskable-512.png"
render "$maskable" 180 "$out/apple-touch-icon.png"
ls -l "$out"
