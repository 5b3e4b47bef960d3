// Today: count down to the next air time, every second.
function tick() {
  for (const el of document.querySelectorAll('[data-countdown]')) {
    const left = Math.max(0, Math.round((Number(el.dataset.countdown) - Date.now()) / 1000));
    const h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
    const pad = n => String(n).padStart(2, '0');
    el.textContent = (h > 0 ? h + ':' + pad(m) : m) + ':' + pad(s);
  }
}
tick();
setInterval(tick, 1000);
