// The finished bulletin in the page: a cursor runs over the waveform while it plays;
// clicking the waveform, a row of the rundown table or a "play from here" button plays
// from that point; the row being heard is marked.
const box = document.getElementById('player');
const audio = document.getElementById('bulletin-audio');
if (box && audio) {
  const wave = document.getElementById('wave-box');
  const cursor = document.getElementById('cursor');
  const x0 = Number(box.dataset.x0), x1 = Number(box.dataset.x1);
  const duration = () => (isFinite(audio.duration) && audio.duration > 0) ? audio.duration : Number(box.dataset.duration) || 1;
  const rows = [...document.querySelectorAll('#rundown-table tr.take-row')];
  let current = null;

  function place() {
    const f = Math.min(1, Math.max(0, audio.currentTime / duration()));
    cursor.style.left = ((x0 + f * (x1 - x0)) * 100) + '%';
    // The row heard now: the last one to start before this moment (the music bed under
    // the greeting is never the one marked).
    let here = null;
    for (const r of rows) {
      const s = Number(r.dataset.start);
      if (r.dataset.role === 'bed' || s > audio.currentTime + 0.01) continue;
      if (!here || s >= Number(here.dataset.start)) here = r;
    }
    if (audio.paused && audio.currentTime === 0) here = null;
    if (here !== current) {
      current?.classList.remove('playing');
      here?.classList.add('playing');
      current = here;
    }
  }

  function playFrom(seconds) {
    const go = () => { audio.currentTime = Math.max(0, seconds); audio.play().catch(() => {}); place(); };
    if (audio.readyState >= 1) go(); else audio.addEventListener('loadedmetadata', go, { once: true });
  }

  let frame = null;
  const tick = () => { place(); frame = audio.paused ? null : requestAnimationFrame(tick); };
  audio.addEventListener('play', () => { if (!frame) frame = requestAnimationFrame(tick); });
  for (const ev of ['timeupdate', 'seeked', 'pause', 'ended', 'loadedmetadata']) audio.addEventListener(ev, place);
  audio.addEventListener('ended', () => { document.body.dataset.played = 'ended'; });

  wave?.addEventListener('click', ev => {
    const rect = wave.getBoundingClientRect();
    const f = ((ev.clientX - rect.left) / rect.width - x0) / (x1 - x0);
    playFrom(Math.min(1, Math.max(0, f)) * duration());
  });
  for (const r of rows) {
    r.addEventListener('click', () => playFrom(Number(r.dataset.start)));
    r.addEventListener('keydown', ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); playFrom(Number(r.dataset.start)); } });
  }
  for (const b of document.querySelectorAll('.play-from')) b.addEventListener('click', () => playFrom(Number(b.dataset.start)));
  window.bantinPlayFrom = playFrom;
  place();
}
