// The recording booth: capture the microphone's raw PCM with an AudioWorklet (voice
// processing off: bantin levels the takes itself), show the input level, and on Stop send
// the take as a WAV; the server stores and analyses it, and its verdict appears here.
// Keys: Space record/stop, ← → previous/next take, L listen.
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
import { encodeWav } from './wav.js';

const grid = document.querySelector('.booth-grid');
const $ = id => document.getElementById(id);
const text = key => grid.dataset[key];
/// A take longer than this stops by itself (memory in the browser is bounded).
const MAX_SECONDS = 20 * 60;

let audio = null;      // { ctx, node }
let chunks = [];
let recording = false;
let busy = false;
let startedAt = 0;
let ticker = null;
let stopped = null;    // resolves when the worklet has sent its last block
let clipUntil = 0;

// Pin the take in the address: a live update reloads this same take, not "the next
// one still to record" that the bare booth address picks.
if (!new URLSearchParams(location.search).has('take')) {
  const url = new URL(location.href);
  url.searchParams.set('take', grid.dataset.take);
  history.replaceState(null, '', url);
}

function setState(state) { document.body.dataset.boothState = state; }
setState('idle');

async function openMic() {
  if (audio) return audio;
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
  });
  // The device's own rate: the WAV says which, the server takes any.
  const ctx = new AudioContext();
  await ctx.audioWorklet.addModule(grid.dataset.worklet);
  const source = ctx.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(ctx, 'bantin-recorder', { numberOfInputs: 1, numberOfOutputs: 1 });
  const mute = ctx.createGain();
  mute.gain.value = 0;
  source.connect(node);
  node.connect(mute).connect(ctx.destination);
  node.port.onmessage = ev => {
    const d = ev.data;
    if (d.samples) chunks.push(d.samples);
    if (d.peak !== undefined) meter(d.peak);
    if (d.stopped && stopped) stopped();
  };
  audio = { ctx, node, stream };
  return audio;
}

function meter(peak) {
  const db = peak > 0 ? 20 * Math.log10(peak) : -90;
  const width = Math.max(0, Math.min(100, (db + 60) / 60 * 100));
  $('meter-bar').style.width = width + '%';
  if (peak >= 0.99) clipUntil = performance.now() + 2000;
  $('clip').hidden = performance.now() > clipUntil;
}

function clockText(seconds) {
  const s = Math.floor(seconds);
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

async function record() {
  if (recording || busy) return;
  busy = true;
  try {
    const { ctx, node } = await openMic();
    await ctx.resume();
    chunks = [];
    node.port.postMessage('start');
    recording = true;
    startedAt = performance.now();
    setState('recording');
    $('rec').classList.add('recording');
    $('rec').disabled = true;
    $('stop').disabled = false;
    $('listen').disabled = true;
    $('status-line').textContent = '';
    ticker = setInterval(() => {
      const s = (performance.now() - startedAt) / 1000;
      $('rec-time').textContent = '● ' + clockText(s);
      if (s > MAX_SECONDS) stop();
    }, 200);
  } catch (e) {
    showError(text('tMicDenied').replace('{}', e.message || e.name));
    setState('error');
  } finally {
    busy = false;
  }
}

async function stop() {
  if (!recording) return;
  const t0 = performance.now();
  recording = false;
  clearInterval(ticker);
  const done = new Promise(resolve => { stopped = resolve; });
  audio.node.port.postMessage('stop');
  await done;
  stopped = null;
  $('rec').classList.remove('recording');
  $('stop').disabled = true;
  setState('uploading');
  $('status-line').textContent = text('tUploading');
  const wav = encodeWav(chunks, audio.ctx.sampleRate);
  chunks = [];
  try {
    const response = await fetch(grid.dataset.upload, {
      method: 'POST', body: wav,
      headers: { 'Content-Type': 'audio/wav', 'X-CSRF-Token': csrf, 'Accept': 'application/json' },
    });
    const data = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Error(data.error || response.statusText);
    const analysis = $('analysis');
    analysis.innerHTML = data.html;
    const ms = Math.round(performance.now() - t0);
    analysis.dataset.stopToShownMs = String(ms);
    $('status-line').textContent = '';
    const item = document.querySelector(`.take-list li[data-take="${CSS.escape(data.take)}"]`);
    if (item) item.className = 'take current ' + data.state;
    const progress = document.getElementById('takes-progress');
    if (progress) progress.outerHTML = data.progress;
    $('rec').textContent = text('tRecordAgain');
    $('listen').disabled = false;
    setState('saved');
    document.body.dataset.complete = data.complete ? '1' : '0';
  } catch (e) {
    showError(e.message);
    setState('error');
  } finally {
    $('rec').disabled = false;
    $('rec-time').textContent = '';
  }
}

function showError(message) {
  const line = $('status-line');
  line.innerHTML = '';
  const box = document.createElement('div');
  box.className = 'notice error';
  box.setAttribute('role', 'alert');
  box.textContent = message;
  line.append(box);
}

function listen() {
  const player = $('player');
  if ($('listen').disabled) return;
  player.src = player.src.split('?')[0] + '?v=' + Date.now();
  player.play();
}

// The editor changed this take's text on another PC: say so until the take changes, not
// only for the few seconds of the highlight.
document.addEventListener('bantin:replaced', ev => {
  const el = ev.detail;
  if (!el || el.id !== 'current') return;
  const d = new Date();
  const note = document.createElement('span');
  note.className = 'edited-note';
  note.textContent = text('tEditedAt') + ' ' + String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  el.querySelector('.current-head')?.append(note);
});

$('rec').addEventListener('click', record);
$('stop').addEventListener('click', stop);
$('listen').addEventListener('click', listen);

document.addEventListener('keydown', ev => {
  const t = ev.target;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
  if (ev.key === ' ') {
    ev.preventDefault();
    if (recording) stop(); else record();
  } else if (ev.key === 'ArrowRight' && !recording && grid.dataset.next) {
    location.href = grid.dataset.next;
  } else if (ev.key === 'ArrowLeft' && !recording && grid.dataset.prev) {
    location.href = grid.dataset.prev;
  } else if (ev.key === 'l' || ev.key === 'L') {
    listen();
  }
});

// Show the input level at once where the microphone is already allowed.
navigator.permissions?.query({ name: 'microphone' }).then(p => {
  if (p.state === 'granted') openMic().then(a => a.ctx.resume()).catch(() => {});
}).catch(() => {});
