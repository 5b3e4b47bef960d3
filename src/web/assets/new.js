// New bulletin: "+ Add an article" adds another box (the form works without it: two boxes).
const button = document.getElementById('add-article');
button?.addEventListener('click', () => {
  const boxes = document.querySelectorAll('#articles fieldset.article');
  const last = boxes[boxes.length - 1];
  const n = boxes.length + 1;
  const box = last.cloneNode(true);
  box.dataset.n = n;
  box.querySelector('legend').textContent = button.dataset.label.replace('{}', n);
  const area = box.querySelector('textarea');
  area.name = 'text' + n;
  area.value = '';
  const file = box.querySelector('input[type=file]');
  file.name = 'file' + n;
  file.value = '';
  last.after(box);
  area.focus();
});
