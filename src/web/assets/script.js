// Script review: save a take's spoken text without leaving the page (Ctrl+Enter or the
// Save button). The form carries the version of the text it was loaded with; when the
// take was changed on another PC meanwhile, the server refuses, and the page shows the
// current text in the box and keeps what was typed below it, so nothing is lost.
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';

const bound = new WeakSet();

function bind(root) {
  for (const form of root.querySelectorAll('form.spoken')) {
    if (bound.has(form)) continue;
    bound.add(form);
    const area = form.querySelector('textarea');
    const state = form.querySelector('.save-state');
    area.addEventListener('input', () => { area.dataset.dirty = '1'; state.textContent = ''; state.className = 'save-state'; });
    area.addEventListener('keydown', ev => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const body = new URLSearchParams(new FormData(form));
      const response = await fetch(form.action, {
        method: 'POST', body,
        headers: { 'Accept': 'application/json', 'X-CSRF-Token': csrf },
      });
      const data = await response.json().catch(() => ({ error: response.statusText }));
      form.querySelector('.theirs')?.remove();
      if (response.ok) {
        // The server's own rendering of the saved take replaces the block, so a live
        // update of this same change finds nothing different.
        const seg = form.closest('.seg');
        if (seg && data.html) {
          const holder = document.createElement('div');
          holder.innerHTML = data.html;
          const fresh = holder.firstElementChild;
          seg.replaceWith(fresh);
          bind(fresh);
          const s = fresh.querySelector('.save-state');
          s.textContent = '✓ ' + data.message;
          s.className = 'save-state ok';
        } else {
          form.querySelector('input[name=base]').value = data.version;
          area.value = data.text;
          area.dataset.dirty = '0';
          state.textContent = '✓ ' + data.message;
          state.className = 'save-state ok';
        }
        return;
      }
      state.className = 'save-state bad';
      state.textContent = data.error;
      if (response.status === 409 && data.current !== undefined) {
        const theirs = document.createElement('div');
        theirs.className = 'theirs';
        const label = document.createElement('div');
        label.className = 'col-label';
        label.textContent = data.your_label;
        const pre = document.createElement('pre');
        pre.textContent = data.yours;
        theirs.append(label, pre);
        form.append(theirs);
        area.value = data.current;
        form.querySelector('input[name=base]').value = data.version;
        area.dataset.dirty = '0';
        const seg = form.closest('.seg');
        if (seg) { seg.classList.remove('flash'); void seg.offsetWidth; seg.classList.add('flash'); }
      }
    });
  }
  for (const form of root.querySelectorAll('form[data-confirm]')) {
    if (bound.has(form)) continue;
    bound.add(form);
    form.addEventListener('submit', ev => { if (!confirm(form.dataset.confirm)) ev.preventDefault(); });
  }
}

bind(document);
document.addEventListener('bantin:replaced', ev => bind(ev.detail || document));
