#!/usr/bin/env bash
# The web app's font: Noto Sans (SIL Open Font License 1.1) from Debian's fonts-noto-core,
# cut down to Latin, Vietnamese and the punctuation the pages use, as WOFF2, so the
# pages look the same on every station PC and work without internet. Rerun after a
# fonts-noto-core update:
#   apt-get install -y fonts-noto-core python3-fonttools python3-brotli  (Debian's python3)
#   scripts/make-web-font.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/src/web/assets/fonts
src=/usr/share/fonts/truetype/noto
mkdir -p "$out"
# Basic Latin, Latin-1, Latin Extended-A/B (Ă Đ Ĩ Ũ Ơ Ư), combining marks (NFD input),
# Latin Extended Additional (ạ ả ấ … ỹ), general punctuation (– — “ ” …), ₫, arrows,
# math minus, geometric shapes (● ▲ ▼ ■) and a few symbols (✓ ✗ ⚠).
unicodes="U+0000-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AB,U+20AC,U+2190-21FF,U+2212,U+2022,U+25A0-25FF,U+2713,U+2717,U+26A0"
for weight in Regular Bold; do
  /usr/bin/python3 -m fontTools.subset "$src/NotoSans-$weight.ttf" --unicodes="$unicodes" --layout-features='*' \
    --flavor=woff2 --output-file="$out/NotoSans-$weight.woff2"
done
zcat -f /usr/share/doc/fonts-noto-core/copyright > "$out/LICENSE-NotoSans.txt"
ls -l "$out"
