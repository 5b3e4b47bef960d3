#!/usr/bin/env bash
# Makes the takes and the jingle the speech detector, `bantin status` and `bantin assemble`
# are tested on, into audio/fixtures/takes/: real speech (espeak-ng's Vietnamese voice),
# speech under noise, a noisy phone recording, and takes that hold no speech at all (pink
# and white noise, mains hum, room tone) — the bad takes that must never go to air — plus
# a jingle with a long fade-out that trimming must keep whole.
#   scripts/make-take-fixtures.sh       (needs espeak-ng, sox, ffmpeg, bc)
# sox runs in repeatable mode (-R) and ffmpeg bit-exact, so a re-run gives the same
# samples. audio/fixtures/README.md lists what each file is and its measured levels.
set -euo pipefail
for tool in espeak-ng sox ffmpeg bc; do
  command -v "$tool" >/dev/null || { echo "make-take-fixtures: needs $tool" >&2; exit 2; }
done
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/audio/fixtures/takes"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
s() { sox -R -V1 "$@"; }
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
bx=(-map_metadata -1 -fflags +bitexact -flags:a +bitexact)
rate=16000

# --- Speech: two sentences of a bulletin, 9.4 s, peak -6 dBFS, at 16 kHz.
espeak-ng -v vi -s 160 -w "$work/espeak.wav" \
  "Sáng nay, Ủy ban nhân dân huyện Thọ Xuân tổ chức hội nghị triển khai kế hoạch phòng chống bão lụt. Bà con chú ý theo dõi thông tin trên loa truyền thanh."
s "$work/espeak.wav" -r $rate -e floating-point -b 32 "$work/voice.wav" gain -n -6
# 0.6 s before the first word and 0.9 s after the last, as when pressing record and stop.
s "$work/voice.wav" "$work/voice-padded.wav" pad 0.6 0.9
len=$(soxi -D "$work/voice-padded.wav")
noise() { # noise TYPE RMS_DB SECONDS OUT [effects…]: noise of that colour at that RMS level
  local type=$1 level=$2 secs=$3 dst=$4; shift 4
  s -n -r $rate -e floating-point -b 32 -c 1 "$work/n.wav" synth "$secs" "$type" "$@"
  local rms; rms=$(sox "$work/n.wav" -n stats 2>&1 | awk '/RMS lev dB/ {print $4}')
  s "$work/n.wav" "$dst" gain "$(echo "$level - $rms" | bc -l)"
}

# A clean studio take: the voice over faint room tone (-68 dBFS).
noise pinknoise -68 "$len" "$work/room.wav"
s -m -v 1 "$work/voice-padded.wav" -v 1 "$work/room.wav" -b 16 "$out/speech.flac"

# The same take recorded in a noisy room: steady pink noise 14 dB under the speech's RMS.
noise pinknoise -38 "$len" "$work/room-noisy.wav"
s -m -v 1 "$work/voice-padded.wav" -v 1 "$work/room-noisy.wav" -b 16 "$out/speech-in-noise.flac"

# A phone recording in a noisy office: the phone's automatic gain on the voice, fan noise
# (pink, -36 dBFS), 50 Hz hum with its harmonics, the phone's band (2-pole 200 Hz high-pass,
# 3.4 kHz low-pass), AAC-LC at 16 kHz in an M4A.
noise pinknoise -36 "$len" "$work/fan.wav"
s -n -r $rate -e floating-point -b 32 -c 1 "$work/hum.wav" \
  synth "$len" sine 50 synth "$len" sine mix 100 synth "$len" sine mix 150 gain -44
s "$work/voice-padded.wav" "$work/voice-agc.wav" compand 0.02,0.3 -60,-60,-30,-15,0,-6 -6
s -m -v 1 "$work/voice-agc.wav" -v 1 "$work/fan.wav" -v 1 "$work/hum.wav" "$work/phone.wav" \
  highpass 200 lowpass 3400
ff -i "$work/phone.wav" "${bx[@]}" -c:a aac -b:a 32k "$out/phone-noisy.m4a"

# --- No speech: what a take holds when the announcer never spoke into it.
# Pink noise at -46 dBFS (the take that once went to air at +47 dB), 4 s.
noise pinknoise -46 4 "$work/pink.wav"
s "$work/pink.wav" -b 16 "$out/pink-noise.flac"
# White noise (a hissing preamp) at -40 dBFS, 4 s.
noise whitenoise -40 4 "$work/white.wav"
s "$work/white.wav" -b 16 "$out/white-noise.flac"
# Mains hum: 50 Hz with its 2nd and 3rd harmonics at -30 dBFS RMS, over faint hiss, 4 s.
s -n -r $rate -e floating-point -b 32 -c 1 "$work/hum4.wav" \
  synth 4 sine 50 synth 4 sine mix 100 synth 4 sine mix 150 gain -23
noise whitenoise -70 4 "$work/hiss.wav"
s -m -v 1 "$work/hum4.wav" -v 1 "$work/hiss.wav" -b 16 "$out/hum.flac"
# Room tone alone (record pressed, nobody spoke): pink noise at -60 dBFS, 4 s.
noise pinknoise -60 4 "$work/tone.wav" lowpass 4000
s "$work/tone.wav" -b 16 "$out/room-tone.flac"

# --- A jingle with a long fade-out: 0.25 s of digital silence, a 6 s chord whose last
# 3.5 s fade to nothing, 0.25 s of digital silence; 48 kHz stereo. Trimming must keep
# exactly the 6 s and the whole fade.
s -n -r 48000 -c 2 -b 16 "$out/jingle-fade.flac" \
  synth 6 pluck C4 pluck E4 pluck G4 sine C5 fade h 0.02 6 3.5 norm -3 pad 0.25 0.25

ls -l "$out"
du -ch "$out"/* | tail -n 1
