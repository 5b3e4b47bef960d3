// A WAV file from float samples: PCM 24-bit mono at the capture rate, the lossless form
// the server stores (it decodes any rate; the assembly resamples).
export function encodeWav(chunks, sampleRate) {
  let frames = 0;
  for (const c of chunks) frames += c.length;
  const dataBytes = frames * 3;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const text = (at, s) => { for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); };
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);          // PCM
  view.setUint16(22, 1, true);          // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 3, true);
  view.setUint16(32, 3, true);
  view.setUint16(34, 24, true);
  text(36, 'data');
  view.setUint32(40, dataBytes, true);
  const bytes = new Uint8Array(buffer);
  let at = 44;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      let v = Math.round(Math.max(-1, Math.min(1, c[i])) * 8388607);
      if (v < 0) v += 16777216;
      bytes[at] = v & 255;
      bytes[at + 1] = (v >> 8) & 255;
      bytes[at + 2] = (v >> 16) & 255;
      at += 3;
    }
  }
  return new Blob([buffer], { type: 'audio/wav' });
}
