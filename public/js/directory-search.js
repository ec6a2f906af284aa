// "Find a home" (progressive enhancement): a "select all" control for the results, and after an
// area is drawn on the map, a reminder to search again. The page works without this script.
const form = document.getElementById('shortlist');
const boxes = form ? [...form.querySelectorAll('input[name="homeId"]')] : [];
if (form && boxes.length > 1) {
  const wrap = document.createElement('p');
  wrap.className = 'govuk-body-s';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0';
  const label = () => (boxes.every((b) => b.checked) ? 'Clear all ticks' : 'Tick every home');
  button.textContent = label();
  button.addEventListener('click', () => {
    const all = boxes.every((b) => b.checked);
    for (const b of boxes) b.checked = !all;
    button.textContent = label();
  });
  for (const b of boxes) b.addEventListener('change', () => (button.textContent = label()));
  wrap.append(button);
  form.querySelector('.directory-results')?.before(wrap);
}

const area = document.getElementById('area');
const status = document.getElementById('area-status');
if (area && status) {
  area.addEventListener('change', () => {
    status.textContent = area.value
      ? 'An area is drawn on the map. Press Search to use it.'
      : 'No area: the search is not limited to one.';
  });
}
