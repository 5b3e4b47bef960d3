// The prompter: scrolls the bulletin past the reading line at the pace of each take's
// estimate (so each take reaches the line when its time comes), faster or slower with
// the buttons or ↑ ↓; the clock, the time read and the time left to the target.
const box = document.getElementById('prompter-text');
const bar = document.getElementById('prompter-bar');
const target = Number(bar.dataset.target) || 0;
const run = document.getElementById('run');
let speed = 1;
let running = false;
let elapsed = 0;      // seconds of reading (scaled by speed)
let wall = 0;         // seconds on the clock since start
let last = 0;

function plan() {
  // [time, scrollTop] points: each take's top reaches the reading line at the sum of the
  // estimates before it.
  const line = box.clientHeight / 3;
  const points = [];
  let t = 0;
  for (const seg of box.querySelectorAll('.prompt-seg')) {
    points.push([t, seg.offsetTop - line]);
    t += Number(seg.dataset.estimate) || 0;
  }
  const end = box.querySelector('.prompt-end');
  points.push([t, (end ? end.offsetTop : box.scrollHeight) - line]);
  return points;
}

function scrollFor(t, points) {
  for (let i = 1; i < points.length; i++) {
    const [t1, y1] = points[i];
    const [t0, y0] = points[i - 1];
    if (t <= t1) return y0 + (y1 - y0) * (t1 > t0 ? (t - t0) / (t1 - t0) : 1);
  }
  return points.length ? points[points.length - 1][1] : 0;
}

function mmss(s) {
  const sign = s < 0 ? '-' : '';
  s = Math.abs(Math.round(s));
  return sign + Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

function frame(now) {
  if (running) {
    const dt = (now - last) / 1000;
    last = now;
    elapsed += dt * speed;
    wall += dt;
    box.scrollTop = Math.max(0, scrollFor(elapsed, plan()));
    requestAnimationFrame(frame);
  }
  showTimes();
}

function showTimes() {
  const read = Math.floor(wall);
  document.getElementById('elapsed').textContent = mmss(read);
  const left = target - read;
  const remaining = document.getElementById('remaining');
  remaining.textContent = mmss(left);
  remaining.classList.toggle('over', left < 0);
}

function toggle() {
  running = !running;
  run.textContent = running ? run.dataset.pause : run.dataset.start;
  if (running) { last = performance.now(); requestAnimationFrame(frame); }
}

function setSpeed(s) {
  speed = Math.max(0.5, Math.min(2, Math.round(s * 100) / 100));
  document.getElementById('speed-value').textContent = Math.round(speed * 100) + '%';
}

function reset() {
  running = false;
  run.textContent = run.dataset.start;
  elapsed = 0; wall = 0;
  box.scrollTop = 0;
  showTimes();
}

run.addEventListener('click', toggle);
document.getElementById('reset').addEventListener('click', reset);
document.getElementById('slower').addEventListener('click', () => setSpeed(speed - 0.1));
document.getElementById('faster').addEventListener('click', () => setSpeed(speed + 0.1));
document.addEventListener('keydown', ev => {
  if (ev.key === ' ') { ev.preventDefault(); toggle(); }
  else if (ev.key === 'ArrowUp') { ev.preventDefault(); setSpeed(speed + 0.1); }
  else if (ev.key === 'ArrowDown') { ev.preventDefault(); setSpeed(speed - 0.1); }
  else if (ev.key === 'Home') { ev.preventDefault(); reset(); }
});

function clock() {
  const d = new Date();
  const p = n => String(n).padStart(2, '0');
  document.getElementById('clock').textContent = p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
}
clock();
setInterval(clock, 1000);
setInterval(() => { if (!running) showTimes(); }, 1000);
