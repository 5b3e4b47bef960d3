#!/usr/bin/env bash
# Checks bantin's TCVN3 table (src/ingest/tcvn3.rs) against glibc iconv's TCVN5712-1 on
# 0xA0–0xFF, the 74 letters of TCVN3 (ABC) among them. A development check, never run by
# bantin or its tests. Usage: scripts/check-tcvn3-table.sh
set -euo pipefail
python3 - <<'PY'
import re, subprocess, sys
src = open("src/ingest/tcvn3.rs", encoding="utf-8").read()
table = src[src.index("const HIGH"):src.index("];")]
chars = []
for lit in re.findall(r"'(\\u\{[0-9A-Fa-f]+\}|[^'])'", table):
    chars.append(chr(int(lit[3:-1], 16)) if lit.startswith("\\u") else lit)
assert len(chars) == 128, len(chars)
bad = 0
for b in range(0xA0, 0x100):
    want = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([b]),
                          capture_output=True, check=True).stdout.decode()
    if chars[b - 0x80] != want:
        bad += 1
        print(f"0x{b:02X}: table {chars[b - 0x80]!r}, iconv {want!r}")
print(f"{0x100 - 0xA0 - bad} of {0x100 - 0xA0} codes agree with iconv TCVN5712-1")
sys.exit(1 if bad else 0)
PY
