#!/usr/bin/env bash
# Makes the small audio fixtures the tests decode, into audio/fixtures/.
# Needs Debian's espeak-ng, sox, ffmpeg (with libmp3lame, libvorbis, libopus) and python3.
# Every encoder runs in bit-exact mode without metadata, so re-running gives the same
# files as far as the tools allow. audio/fixtures/README.md lists what each file is.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/audio/fixtures"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
# Bit-exact output flags for ffmpeg: no encoder version strings, no metadata, stable
# Ogg serial numbers.
bx=(-map_metadata -1 -fflags +bitexact -flags:a +bitexact)

# --- The speech source: espeak-ng's Northern Vietnamese voice, cut to exactly 2.000 s.
espeak-ng -v vi -s 150 -w "$work/espeak.wav" \
  "Đài Truyền thanh huyện Thọ Xuân xin kính chào quý vị và các bạn."
# Float 48 kHz master, padded then trimmed so every file is exactly 2 s (96000 frames).
sox -D "$work/espeak.wav" -r 48000 -e floating-point -b 32 "$work/master.wav" \
  gain -n -3 trim 0 2.0

# --- PCM WAVs. sox's "wavpcm" type writes the plain 16-byte fmt chunk (tag 1 or 3);
# its "wav" type writes WAVE_FORMAT_EXTENSIBLE (tag 0xFFFE) for more than 16 bits.
# To keep the fixtures small, the wide-sample files hold the first 1 s at 32 kHz.
pcm() { sox -D "$work/master.wav" "$@"; }
wide=(rate -v 32000 trim 0 1.0)
pcm -t wavpcm -e signed-integer -b 16 "$out/speech-16.wav"
pcm -t wavpcm -e unsigned-integer -b 8 "$out/speech-8bit.wav" trim 0 1.0
pcm -t wavpcm -e signed-integer -b 24 "$out/speech-24.wav" "${wide[@]}"
pcm -t wavpcm -e signed-integer -b 32 "$out/speech-32i.wav" "${wide[@]}"
pcm -t wavpcm -e floating-point -b 32 "$out/speech-32f.wav" "${wide[@]}"
pcm -t wav -e signed-integer -b 24 "$out/speech-ext.wav" "${wide[@]}"
pcm -t wavpcm -e signed-integer -b 16 "$out/speech-stereo-44k.wav" rate -v 44100 remix 1 1 \
  trim 0 1.0
pcm -t wavpcm -e signed-integer -b 16 "$out/speech-8k.wav" rate -v 8000
pcm -t wavpcm -e signed-integer -b 16 "$out/speech-22k.wav" rate -v 22050
# A WAV written to a pipe: ffmpeg cannot go back to fill in the lengths, so the RIFF and
# data sizes are the placeholder 0xFFFFFFFF.
ff -i "$out/speech-8k.wav" "${bx[@]}" -c:a pcm_s16le -f wav - | cat > "$out/speech-8k-streamed.wav"

# --- Compressed formats, from the 16-bit WAV.
flac --silent --force --best -o "$out/speech.flac" "$out/speech-16.wav"
ff -i "$out/speech-16.wav" "${bx[@]}" -c:a libmp3lame -b:a 64k "$out/speech.mp3"
ff -i "$out/speech-16.wav" "${bx[@]}" -c:a libvorbis -q:a 2 "$out/speech.ogg"
ff -i "$out/speech-16.wav" "${bx[@]}" -c:a aac -profile:a aac_low -b:a 64k "$out/speech.m4a"
ff -i "$out/speech-16.wav" "${bx[@]}" -c:a libopus -b:a 32k "$out/speech.opus"

# --- Tones and silence, 48 kHz 16-bit. ffmpeg rounds to 16 bits without dither, so the
# sine's peak is exactly 0.1 full scale (-20.00 dBFS; 1 kHz mono = -23.0 LUFS).
ff -f lavfi -i "aevalsrc=0.1*sin(2*PI*1000*t):s=48000:d=1" "${bx[@]}" -c:a pcm_s16le \
  "$out/sine-1k.wav"
ff -f lavfi -i "anullsrc=r=48000:cl=mono" -t 1 "${bx[@]}" -c:a pcm_s16le "$out/silence.wav"
# Six channels (5.1), a different tone in each, 1 s at 16 kHz; sox writes an extensible
# header.
sox -D -n -r 16000 -e signed-integer -b 16 -c 6 "$out/tones-6ch.wav" \
  synth 1 sine 220 sine 330 sine 440 sine 550 sine 60 sine 770 gain -10

# --- Bad input.
: > "$out/empty.wav"
printf 'Biên bản họp giao ban, không phải âm thanh.\n' > "$out/text.wav"
# Header and audio intact but the file stops part-way (a copy that did not finish).
head -c 30000 "$out/speech.flac" > "$out/truncated.flac"
head -c 8000 "$out/speech.mp3" > "$out/truncated.mp3"
# An M4A with its index (moov) first, as phones write it, cut inside the audio data.
ff -i "$out/speech-16.wav" "${bx[@]}" -c:a aac -profile:a aac_low -b:a 64k \
  -movflags +faststart "$work/faststart.m4a"
head -c 12000 "$work/faststart.m4a" > "$out/truncated.m4a"
# The header promises 2 s (192000 data bytes) but only the first 0.5 s is there.
head -c $((44 + 48000)) "$out/speech-16.wav" > "$out/lying-header.wav"
# A valid 44-byte header and no samples.
head -c 44 "$out/speech-16.wav" > "$out/zero-length.wav"
python3 - "$out/zero-length.wav" <<'PY'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
assert b[36:40] == b"data", "speech-16.wav must have its data chunk at byte 36"
struct.pack_into("<I", b, 4, 36)
struct.pack_into("<I", b, 40, 0)
open(p, "wb").write(bytes(b))
PY
# Codecs symphonia cannot decode: AC-3 in an M4A, and G.726 ADPCM in a WAV.
ff -i "$out/speech-16.wav" "${bx[@]}" -c:a ac3 -b:a 96k "$out/unsupported-ac3.m4a"
ff -i "$out/speech-16.wav" "${bx[@]}" -ar 8000 -c:a g726 -b:a 32k "$out/unsupported-g726.wav"

# --- HE-AAC. No encoder here makes SBR (ffmpeg's native aac is LC only; libfdk_aac is not
# in Debian), so both files are an AAC-LC core at 24 kHz whose container is edited to say
# what an HE-AAC file says:
#   he-aac.m4a          explicit signalling: AudioSpecificConfig object type 5 (SBR),
#                       core 24 kHz, output 48 kHz (esds grows by 2 bytes).
#   he-aac-implicit.m4a implicit signalling: the AudioSpecificConfig says AAC-LC 24 kHz,
#                       the mp4a sample entry says 48 kHz.
ff -i "$out/speech-16.wav" "${bx[@]}" -ar 24000 -c:a aac -profile:a aac_low -b:a 48k \
  "$work/core-24k.m4a"
python3 - "$work/core-24k.m4a" "$out/he-aac.m4a" "$out/he-aac-implicit.m4a" <<'PY'
import struct, sys
src, explicit_out, implicit_out = sys.argv[1:]
data = bytearray(open(src, "rb").read())

# Header bytes before the children of each container box we walk through.
CONTAINERS = {b"moov": 0, b"trak": 0, b"mdia": 0, b"minf": 0, b"stbl": 0,
              b"stsd": 8, b"mp4a": 28}

def walk(buf, start, end, chain):
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", buf, pos)
        yield pos, size, kind, chain
        if kind in CONTAINERS:
            yield from walk(buf, pos + 8 + CONTAINERS[kind], pos + size, chain + [pos])
        pos += size

boxes = list(walk(data, 0, len(data), []))
order = [kind for _, _, kind, chain in boxes if not chain]
assert order.index(b"mdat") < order.index(b"moov"), "moov must follow mdat (no offsets move)"
mp4a = next(b for b in boxes if b[2] == b"mp4a")
esds = next(b for b in boxes if b[2] == b"esds")

# Implicit: only the sample entry's 16.16 sample rate changes (same length).
implicit = bytearray(data)
struct.pack_into(">I", implicit, mp4a[0] + 32, 48000 << 16)
open(implicit_out, "wb").write(bytes(implicit))

# Explicit: rewrite the esds with a 4-byte AudioSpecificConfig.
pos, size = esds[0], esds[1]
body = bytes(data[pos + 12:pos + size])   # after size, type, version and flags

def read_desc(b, i):
    tag = b[i]; i += 1; n = 0
    while True:
        c = b[i]; i += 1; n = (n << 7) | (c & 0x7F)
        if not c & 0x80:
            return tag, i, n

def desc(tag, payload):
    n = len(payload)
    return bytes([tag, 0x80 | (n >> 21) & 0x7F, 0x80 | (n >> 14) & 0x7F,
                  0x80 | (n >> 7) & 0x7F, n & 0x7F]) + payload

tag, i, n = read_desc(body, 0); assert tag == 3
es = body[i:i + n]
es_head = es[:3]                            # ES_ID, flags (ffmpeg writes none of the options)
tag, j, m = read_desc(es, 3); assert tag == 4
dcd = es[j:j + m]
rest_of_es = es[j + m:]
dcd_head = dcd[:13]
tag, k, asc_len = read_desc(dcd, 13); assert tag == 5
asc = dcd[k:k + asc_len]
assert asc[0] >> 3 == 2, "the core must be AAC-LC"
# objtype 5 (SBR) | core rate index 6 (24 kHz) | channel config 1 | ext rate index 3
# (48 kHz) | objtype 2 (LC) | GASpecificConfig 000 | padding.
he_asc = bytes([0x2B, 0x09, 0x88, 0x00])
new_dcd = dcd_head + desc(5, he_asc) + dcd[k + asc_len:]
new_es = es_head + desc(4, new_dcd) + rest_of_es
new_body = desc(3, new_es) + body[i + n:]
new_esds = struct.pack(">I4s", 12 + len(new_body), b"esds") + data[pos + 8:pos + 12] + new_body
grow = len(new_esds) - size
for anc in esds[3]:
    struct.pack_into(">I", data, anc, struct.unpack_from(">I", data, anc)[0] + grow)
data[pos:pos + size] = new_esds
struct.pack_into(">I", data, mp4a[0] + 32, 48000 << 16)
open(explicit_out, "wb").write(bytes(data))
PY

ls -l "$out"
du -ch "$out"/* | tail -n 1
