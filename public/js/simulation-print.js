// The printable business case: a "Print this page" button (the page works without it: the
// browser's own print command does the same). Details sections open for printing.
const button = document.getElementById('print-page');
if (button) {
  button.classList.remove('app-js-only');
  button.addEventListener('click', () => window.print());
}
window.addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll('details.app-print-open')) d.open = true;
});
