#!/usr/bin/env bash
# Makes the article fixtures in tests/articles/ from the real portal article: the same
# text in every encoding bantin reads. Run from the project root:
#   scripts/make-article-fixtures.sh [SOURCE_ARTICLE]
# Needs iconv (glibc) and python3. The outputs are committed; tests never run this.
set -euo pipefail
src=${1:-../shared/articles/tho-xuan-2018-04-05-antt-lam-son-sao-vang.txt}
[[ -f $src ]] || src=/work/shared/articles/tho-xuan-2018-04-05-antt-lam-son-sao-vang.txt
out=tests/articles
mkdir -p "$out"
base=$out/tho-xuan

cat "$src" > "$base.utf8.txt"
{ printf '\xEF\xBB\xBF'; cat "$src"; } > "$base.utf8-bom.txt"
{ printf '\xFF\xFE'; iconv -f UTF-8 -t UTF-16LE "$src"; } > "$base.utf16le.txt"
{ printf '\xFE\xFF'; iconv -f UTF-8 -t UTF-16BE "$src"; } > "$base.utf16be.txt"
python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFD", open(sys.argv[1], encoding="utf-8").read()))' "$src" > "$base.nfd.txt"

# Windows-1258: glibc decomposes letters the code page lacks into base + combining tone.
iconv -f UTF-8 -t CP1258 "$src" > "$base.cp1258.txt"

# TCVN3 (ABC): toned capitals have no code (a .VnTimeH heading is typed in lower case),
# so they are lowered first; curly quotes and dashes are Windows-1252 bytes, as Word
# stores them next to .VnTime text; iconv's TCVN5712-1 gives the letters.
python3 - "$src" <<'PY' | iconv -f UTF-8 -t TCVN5712-1 | LC_ALL=C sed -e 's/@LQ@/\x93/g' -e 's/@RQ@/\x94/g' -e 's/@EN@/\x96/g' > "$base.tcvn3.txt"
import sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
def lower_toned(c):
    d = unicodedata.normalize("NFD", c)
    toned = any(m in d for m in "\u0300\u0301\u0303\u0309\u0323")
    return c.lower() if c.isupper() and toned else c
text = "".join(lower_toned(c) for c in text)
sys.stdout.write(text.replace("\u201c", "@LQ@").replace("\u201d", "@RQ@").replace("\u2013", "@EN@"))
PY

# VNI-Windows: base letter + a mark byte, written by an encoder independent of bantin's decoder.
python3 - "$src" > "$base.vni.txt" <<'PY'
import sys, unicodedata
TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
CIRC = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
I_TONE = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}
def vni(c):
    if c in "đĐ":
        return "ñ" if c == "đ" else "Ñ"
    d = unicodedata.normalize("NFD", c)
    base, marks = d[0], d[1:]
    if not marks or base.lower() not in "aeiouy":
        return c
    up = base.isupper()
    tone = next((m for m in marks if m in TONE), "")
    if "\u031b" in marks:  # horn: ơ = ô, ư = ö, then the tone
        letter = {"o": "ô", "u": "ö"}[base.lower()]
        s = letter + TONE.get(tone, "")
    elif base.lower() == "i":
        s = I_TONE[tone]
    elif base.lower() == "y" and tone == "\u0323":
        s = "î"
    elif "\u0302" in marks:
        s = base.lower() + CIRC[tone]
    elif "\u0306" in marks:
        s = base.lower() + BREVE[tone]
    else:
        s = base.lower() + TONE[tone]
    return s.upper() if up else s
text = open(sys.argv[1], encoding="utf-8").read()
sys.stdout.buffer.write("".join(vni(c) for c in unicodedata.normalize("NFC", text)).encode("cp1252"))
PY

# TCVN3 and VNI documents pasted into a Unicode editor: their bytes read as Windows-1252.
iconv -f CP1252 -t UTF-8 "$base.tcvn3.txt" > "$base.tcvn3-in-utf8.txt"
iconv -f CP1252 -t UTF-8 "$base.vni.txt" > "$base.vni-in-utf8.txt"

# Not Vietnamese: French in Latin-1, which no Vietnamese decoding reads as Vietnamese.
printf 'Le caf\xe9 de la gare est ferm\xe9 \xe0 No\xebl.\nD\xe9sol\xe9 pour la f\xeate de fin d\x27ann\xe9e, \xe0 bient\xf4t.\n' > "$out/french-latin1.txt"
ls -l "$out"
