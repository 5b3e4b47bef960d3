#!/usr/bin/env bash
# Makes the shipped example, audio/example/: the example article, a station config,
# synthesized station jingles (sox; no third-party music) and the announcer takes of the
# bulletin's script read by espeak-ng's Vietnamese voice, as small Ogg Vorbis files.
# The takes are made from the real rundown (`bantin new`), so their names match it.
#   scripts/make-example.sh            (needs espeak-ng, sox, ffmpeg, and cargo)
# Then:  cd audio/example && bantin new bulletins/2026-11-27-sang --date 2026-11-27 \
#          --slot sang article.txt && cp takes/*.ogg bulletins/2026-11-27-sang/recordings/ \
#          && bantin assemble bulletins/2026-11-27-sang
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ex=$root/audio/example
for tool in espeak-ng sox ffmpeg python3; do
  command -v "$tool" >/dev/null || { echo "make-example: needs $tool" >&2; exit 2; }
done
cargo build --quiet --manifest-path "$root/Cargo.toml"
bantin=$root/target/debug/bantin
mkdir -p "$ex/jingles" "$ex/takes"
article=$(ls "${BANTIN_SHARED:-$root/../shared}"/articles/*.txt "$root"/../../shared/articles/*.txt 2>/dev/null | head -1 || true)
if [[ -n $article ]]; then cp "$article" "$ex/article.txt"; fi
[[ -f $ex/article.txt ]] || { echo "make-example: no article found (set BANTIN_SHARED)" >&2; exit 2; }

cat > "$ex/bantin.toml" <<'TOML'
# Station config of the example bulletin (see the README's configuration reference).
[station]
name = "Đài Truyền thanh huyện Thọ Xuân"
greeting = "Đây là Đài Truyền thanh huyện Thọ Xuân. Mời bà con nghe bản tin sáng."
sign_off = "Bản tin sáng đến đây là kết thúc. Cảm ơn bà con đã chú ý lắng nghe."

[audio]
target_lufs = -16.0
ceiling_dbtp = -1.0

[paths]
bulletins = "bulletins"
jingles = "jingles"
TOML

# Jingles: a rising chord with a bell (intro), a short figure (sting), a falling chord
# (outro), a soft two-note pad (bed). Small Ogg files.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sox -V1 -n -r 44100 -c 2 "$tmp/intro.wav" synth 4 pluck C4 pluck E4 pluck G4 sine C6 \
  fade h 0.05 4 1.2 norm -3 reverb 30
sox -V1 -n -r 44100 -c 2 "$tmp/sting.wav" synth 1.8 pluck G4 pluck B4 pluck D5 fade h 0.02 1.8 0.6 norm -6
sox -V1 -n -r 44100 -c 2 "$tmp/outro.wav" synth 5 pluck C5 pluck G4 pluck E4 sine C3 \
  fade h 0.05 5 2 norm -4 reverb 40
sox -V1 -n -r 44100 -c 2 "$tmp/bed.wav" synth 20 sine A3 sine E4 tremolo 0.5 40 fade t 1 20 2 norm -18
for j in intro sting outro bed; do
  ffmpeg -y -loglevel error -i "$tmp/$j.wav" -c:a libvorbis -q:a 2 "$ex/jingles/$j.ogg"
done

# Takes: the rundown of a bulletin made from the article decides their names and text.
work=$tmp/work; mkdir -p "$work"
cp "$ex/bantin.toml" "$ex/article.txt" "$work/"
(cd "$work" && "$bantin" new --quiet 2026-11-27-sang --date 2026-11-27 --slot sang article.txt)
rm -f "$ex"/takes/*
python3 - "$work/2026-11-27-sang/rundown.toml" "$tmp/segments.tsv" <<'PY'
import sys, tomllib
r = tomllib.load(open(sys.argv[1], "rb"))
segs = [r["opening"]] + [s for i in r.get("items", []) for s in i["segments"]] + [r["closing"]]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for s in segs:
        f.write(s["take"] + "\t" + " ".join(s["spoken"].split()) + "\n")
PY
n=0
while IFS=$'\t' read -r take text; do
  # Each take a little different, as real takes are: speed, level, room tone.
  n=$((n + 1))
  espeak-ng -v vi -s $((150 + n % 4 * 8)) -w "$tmp/raw.wav" "$text" </dev/null
  sox "$tmp/raw.wav" -r 22050 "$tmp/take.wav" pad 0.4 0.6 gain -$((n % 3 * 5))
  ffmpeg -nostdin -y -loglevel error -i "$tmp/take.wav" -ac 1 -c:a libvorbis -q:a 0 "$ex/takes/$take.ogg"
done < "$tmp/segments.tsv"
du -sh "$ex"
echo "made $n takes and 4 jingles in $ex"
