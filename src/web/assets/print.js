// A printable page's Print button (the page's own scripts are files: no inline script).
document.getElementById('print')?.addEventListener('click', () => window.print());
