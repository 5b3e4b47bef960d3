// Dựng bản tin: follow the run's progress over server-sent events; when it ends, go to
// the result (made) or show the page again (refused, with why).
function follow() {
  const box = document.getElementById('run-progress');
  if (!box || box.dataset.following) return;
  box.dataset.following = '1';
  const bar = document.getElementById('run-bar');
  const phase = document.getElementById('run-phase');
  bar.style.width = (bar.dataset.percent || 0) + '%';
  const source = new EventSource(box.dataset.events);
  const show = p => {
    const pct = p.total ? Math.round(p.done * 100 / p.total) : 0;
    if (p.phase === 'preparing') {
      bar.style.width = pct + '%';
      phase.textContent = box.dataset.tPreparing.replace('{}', Math.min(p.done + 1, p.total)).replace('{}', p.total);
    } else if (p.phase === 'mixing') {
      bar.style.width = '100%';
      bar.classList.add('working');
      phase.textContent = box.dataset.tMixing;
    } else if (p.phase === 'checking') {
      phase.textContent = box.dataset.tChecking;
    }
    const elapsed = document.getElementById('run-elapsed');
    if (elapsed) elapsed.textContent = elapsed.dataset.t.replace('{}', p.elapsed_s);
    document.body.dataset.assemblePhase = p.phase;
  };
  source.addEventListener('progress', ev => show(JSON.parse(ev.data)));
  source.addEventListener('finished', ev => {
    const p = JSON.parse(ev.data);
    source.close();
    document.body.dataset.assemblePhase = 'finished';
    if (p.ok) location.href = box.dataset.done;
    else location.reload();
  });
  source.addEventListener('error', () => {
    // The server went away or the run is unknown: look at the page again shortly.
    source.close();
    setTimeout(() => location.reload(), 2000);
  });
}

follow();
document.addEventListener('bantin:replaced', follow);
// The button shows at once that something is happening (the page that follows does too).
document.getElementById('assemble-form')?.addEventListener('submit', ev => {
  const b = ev.target.querySelector('button[type=submit]');
  if (b) { b.disabled = true; b.textContent = '…'; }
});
