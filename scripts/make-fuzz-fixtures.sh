#!/usr/bin/env bash
# Makes audio/fixtures/fuzz/: inputs that once broke the decoder (found by the reliability
# probe of issue 10 and by the fuzz target in src/media/no_panic_tests.rs), each made from a
# committed fixture so the folder can be remade. The fuzz test replays every file there.
# Named <seed fixture>--<what was done to it>.<ext>. Needs python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python3 - "$root/audio/fixtures" <<'PY'
import struct, sys
from pathlib import Path

fx = Path(sys.argv[1])
out = fx / "fuzz"
out.mkdir(exist_ok=True)

def chunks(b):
    """(id, body offset, length) of each RIFF chunk."""
    pos = 12
    while pos + 8 <= len(b):
        cid, n = b[pos:pos + 4], struct.unpack_from("<I", b, pos + 4)[0]
        yield cid, pos + 8, n
        pos += 8 + n + (n & 1)

def body(b, wanted):
    return next(off for cid, off, _ in chunks(b) if cid == wanted)

def with_rate(name, rate, keep):
    b = bytearray((fx / name).read_bytes()[:keep])
    fmt = body(b, b"fmt ")
    struct.pack_into("<I", b, fmt + 4, rate)
    struct.pack_into("<I", b, fmt + 8, (rate * 2) & 0xFFFFFFFF)
    return b

# A header claiming 4,294,967,295 Hz on 2 KB of audio: assemble allocated until killed.
(out / "speech-16.wav--rate-4294967295.wav").write_bytes(with_rate("speech-16.wav", 2**32 - 1, 2048))
# A header claiming 1 Hz on 48 KB: at 48 kHz output that asked for 4.9 GB.
(out / "speech-16.wav--rate-1.wav").write_bytes(with_rate("speech-16.wav", 1, 48 * 1024))

# Float takes with one sample that is not a number, at 0.5 s: rubato panicked on it.
def with_sample(name, value, seconds):
    b = bytearray((fx / name).read_bytes())
    fmt, data = body(b, b"fmt "), body(b, b"data")
    rate = struct.unpack_from("<I", b, fmt + 4)[0]
    struct.pack_into("<f", b, data + 4 * int(rate * seconds), value)
    return b

(out / "speech-32f.wav--nan.wav").write_bytes(with_sample("speech-32f.wav", float("nan"), 0.5))
(out / "speech-32f.wav--infinity.wav").write_bytes(with_sample("speech-32f.wav", float("inf"), 0.5))
(out / "speech-32f.wav--1e38.wav").write_bytes(with_sample("speech-32f.wav", 1e38, 0.5))
PY
