// Live updates for every page: follow the bulletins the page shows (meta "live") over
// server-sent events; when one changes, fetch this page again and swap in the parts
// (elements with data-live) whose content changed, flashing them so the change is seen.
// A part being edited here is not replaced: it gets a note instead, and saving it is
// refused by the server with the current text if it was changed elsewhere.

const ids = (document.querySelector('meta[name="live"]')?.content || '').split(' ').filter(Boolean);
export const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

let refreshing = null;
let again = false;

function isBeingEdited(el) {
  const active = document.activeElement;
  if (active && el.contains(active) && (active.tagName === 'TEXTAREA' || active.tagName === 'INPUT')) return true;
  return !!el.querySelector('[data-dirty="1"]');
}

// What a part shows, leaving out what only this page added (save notes, a refused text).
function signature(el) {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('[data-local], .changed-note').forEach(x => x.remove());
  copy.querySelectorAll('.flash').forEach(x => x.classList.remove('flash'));
  return copy.innerHTML;
}

function flash(el) {
  el.classList.remove('flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('flash');
}

async function refresh(changedIds) {
  if (refreshing) { again = true; return refreshing; }
  refreshing = (async () => {
    do {
      again = false;
      const response = await fetch(location.href, { headers: { 'X-Live': '1' }, cache: 'no-store' });
      if (!response.ok) break;
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = new Map([...doc.querySelectorAll('[data-live]')].map(el => [el.dataset.live, el]));
      const here = [...document.querySelectorAll('[data-live]')];
      const hereKeys = here.map(el => el.dataset.live).join('|');
      const freshKeys = [...fresh.keys()].join('|');
      if (hereKeys !== freshKeys) {
        // Items were added, dropped or reordered: the page's shape changed.
        const main = doc.querySelector('main');
        const editing = here.some(isBeingEdited);
        if (main && !editing) {
          document.querySelector('main').replaceWith(main);
          document.dispatchEvent(new CustomEvent('bantin:replaced'));
          for (const id of changedIds) {
            const el = document.querySelector(`[data-live="item-${id}"], [data-live="seg-${id}"]`);
            if (el) flash(el);
          }
          continue;
        }
      }
      for (const el of here) {
        const next = fresh.get(el.dataset.live);
        if (!next || signature(next) === signature(el)) continue;
        if (isBeingEdited(el)) {
          if (!el.querySelector('.changed-note')) {
            const note = document.createElement('span');
            note.className = 'changed-note';
            note.textContent = document.querySelector('meta[name="t-changed"]')?.content || '';
            el.querySelector('.seg-head, h2, .current-head')?.append(note);
          }
          continue;
        }
        el.replaceWith(next);
        flash(next);
        document.dispatchEvent(new CustomEvent('bantin:replaced', { detail: next }));
      }
    } while (again);
  })().finally(() => { refreshing = null; });
  return refreshing;
}

function connect() {
  if (!ids.length) return;
  const query = ids.map(id => 'b=' + encodeURIComponent(id)).join('&');
  const source = new EventSource('/events?' + query);
  const offline = document.getElementById('offline');
  source.addEventListener('open', () => { if (offline) offline.hidden = true; });
  source.addEventListener('error', () => { if (offline) offline.hidden = false; });
  source.addEventListener('change', ev => {
    const change = JSON.parse(ev.data);
    document.dispatchEvent(new CustomEvent('bantin:change', { detail: change }));
    refresh(change.ids || []);
  });
  source.addEventListener('resync', () => refresh([]));
  window.bantinLive = source;
}

connect();
