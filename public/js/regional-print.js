// Progressive enhancement for the market position statement: a "Print this statement" button
// (without JavaScript, the browser's own print command does the same; the print styles are in
// /public/css/regional.css).
for (const slot of document.querySelectorAll('[data-print-button]')) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'govuk-button govuk-button--secondary';
  button.textContent = 'Print this statement';
  button.addEventListener('click', () => window.print());
  slot.replaceWith(button);
}
