// Today: count down to the next air time, every second, in words ("còn 18 phút 31 giây")
// so it is never mistaken for a clock time.
function tick() {
  for (const el of document.querySelectorAll('[data-countdown]')) {
    const left = Math.max(0, Math.round((Number(el.dataset.countdown) - Date.now()) / 1000));
    const h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
    const parts = [];
    if (h > 0) parts.push(h + ' ' + el.dataset.h);
    if (h > 0 || m > 0) parts.push(m + ' ' + el.dataset.m);
    if (h === 0) parts.push(s + ' ' + el.dataset.s);
    el.querySelector('.value').textContent = parts.join(' ');
  }
}
tick();
setInterval(tick, 1000);
