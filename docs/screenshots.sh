#!/bin/sh
# Render the README screenshots from the pack `make demo` wrote into out/:
#   docs/pack-summary-sheet.png  the workbook's Summary sheet (LibreOffice -> PDF -> PNG)
#   docs/summary-page.png        out/summary.html in headless Chromium
# Needs libreoffice-calc, poppler-utils (pdftoppm) and chromium: apt-get install -y libreoffice-calc poppler-utils chromium
set -eu
cd "$(dirname "$0")/.."
test -f out/planning_pack.xlsx || { echo "run 'make demo' first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the Summary sheet is the first sheet and is set to print on one A4 landscape page
libreoffice --headless --convert-to pdf --outdir "$tmp" out/planning_pack.xlsx >/dev/null 2>&1
pdftoppm -r 110 -png -f 1 -l 1 -x 0 -y 30 -W 1240 -H 590 -singlefile "$tmp/planning_pack.pdf" docs/pack-summary-sheet
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,780 \
  --screenshot="$PWD/docs/summary-page.png" "file://$PWD/out/summary.html" 2>/dev/null
echo "wrote docs/pack-summary-sheet.png and docs/summary-page.png"
