/**
 * The ten main journeys with the keyboard alone (WCAG 2.1.1 Keyboard, 2.4.1 Bypass Blocks, 2.4.3
 * Focus Order, 2.4.7 Focus Visible; docs/accessibility.md). Apart from signing in (journey 1 signs
 * in with the form; the others use the harness), every journey is driven only with
 * `page.keyboard`: Tab and Shift+Tab to move, Enter and Space to activate, arrow keys for radios,
 * selects and the map, typing for text. Locators are used only to wait for a page and to read
 * what it says; nothing is clicked or filled. Every stop the focus makes on the way must show a
 * focus indicator (an outline that is not transparent, a box-shadow, or, for GOV.UK radios and
 * checkboxes, the ring drawn on the label) and must not be a control meant to be hidden. The one
 * native dialog, the file chooser, is opened from the keyboard and answered with the files.
 *
 * The journeys run in order: the provider (4) answers the referral the placement officer sends (2).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../../src/db/seed/demo-region.ts';
import { signInAs, useBrowser } from './harness.ts';

const j = useBrowser({ runJobs: true });

// ------------------------------------------------------------------------------------ helpers

/** What has the keyboard focus, as a keyboard user's assistive technology would announce it. */
interface Stop {
  tag: string;
  role: string;
  name: string;
  /** The form field's name attribute, if any. */
  field: string;
  value: string;
  checked: boolean;
  id: string;
  /** Whether a focus indicator is drawn (outline, box-shadow, or the GOV.UK label ring). */
  visible: boolean;
  /** Whether the element is meant to be hidden (inside [hidden]) or has no box at all. */
  hidden: boolean;
}

interface Target {
  name?: string | RegExp;
  role?: string;
  field?: string;
  value?: string;
  id?: string;
}

/** Runs in the page: describes document.activeElement. Plain JavaScript, so nothing is transpiled. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  const squash = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  if (!el || el === document.body || el === document.documentElement) {
    return { tag: 'body', role: 'document', name: '', field: '', value: '', checked: false, id: '', visible: false, hidden: false };
  }
  const tag = el.tagName.toLowerCase();
  const type = (el.getAttribute('type') || '').toLowerCase();
  let role = el.getAttribute('role') || '';
  if (!role) {
    if (tag === 'a') role = 'link';
    else if (tag === 'button' || tag === 'summary' || (tag === 'input' && ['submit', 'button', 'reset'].includes(type))) role = 'button';
    else if (tag === 'input' && type === 'radio') role = 'radio';
    else if (tag === 'input' && type === 'checkbox') role = 'checkbox';
    else if (tag === 'input' && type === 'file') role = 'file';
    else if (tag === 'select') role = 'combobox';
    else if (tag === 'textarea' || tag === 'input') role = 'textbox';
    else role = tag;
  }
  let name = el.getAttribute('aria-label') || '';
  const labelledBy = el.getAttribute('aria-labelledby');
  if (!name && labelledBy) name = labelledBy.split(/\\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ');
  if (!name && el.labels && el.labels.length) name = Array.from(el.labels).map((l) => l.textContent).join(' ');
  if (!name && tag === 'input' && ['submit', 'button'].includes(type)) name = el.value;
  if (!name && !['input', 'select', 'textarea'].includes(tag)) name = el.textContent;
  const drawn = (s) =>
    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)' && s.outlineColor !== 'transparent') ||
    (s.boxShadow && s.boxShadow !== 'none');
  let visible = drawn(getComputedStyle(el));
  if (!visible && (el.classList.contains('govuk-radios__input') || el.classList.contains('govuk-checkboxes__input'))) {
    const label = el.labels && el.labels[0];
    visible = Boolean(label) && (drawn(getComputedStyle(label, '::before')) || drawn(getComputedStyle(label, '::after')));
  }
  return {
    tag, role, name: squash(name), field: el.getAttribute('name') || '', value: 'value' in el ? String(el.value) : '',
    checked: Boolean(el.checked), id: el.id || '', visible: Boolean(visible),
    hidden: Boolean(el.closest('[hidden]')) || el.getClientRects().length === 0,
  };
})()`;

const focused = (page: Page) => page.evaluate(FOCUSED) as Promise<Stop>;

const say = (s: Stop) =>
  `${s.role} "${s.name.slice(0, 80)}"${s.field ? ` [${s.field}${s.value && /radio|checkbox/.test(s.role) ? `=${s.value}` : ''}]` : ''}`;

const sayTarget = (t: Target) =>
  Object.entries(t)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

function matches(s: Stop, t: Target): boolean {
  if (t.role !== undefined && s.role !== t.role) return false;
  if (t.field !== undefined && s.field !== t.field) return false;
  if (t.value !== undefined && s.value !== t.value) return false;
  if (t.id !== undefined && s.id !== t.id) return false;
  if (typeof t.name === 'string' && s.name !== t.name) return false;
  if (t.name instanceof RegExp && !t.name.test(s.name)) return false;
  return true;
}

/** Presses a key (only ever the keyboard). */
const press = (page: Page, key: string) => page.keyboard.press(key);

/**
 * Presses Tab (or Shift+Tab) until the focus is on the target, at most `limit` times; fails naming
 * every stop the focus went through. Every stop, on the way and at the target, must show where the
 * focus is and must not be a control that is meant to be hidden.
 */
async function tabTo(page: Page, target: Target | string | RegExp, limit = 250, back = false): Promise<Stop> {
  const t: Target = typeof target === 'string' || target instanceof RegExp ? { name: target } : target;
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await press(page, back ? 'Shift+Tab' : 'Tab');
    const s = await focused(page);
    // Past the end of the page the focus leaves the document for a moment; every other stop counts.
    if (s.role !== 'document') {
      expect(s.hidden, `the focus reached ${say(s)}, which is meant to be hidden (${page.url()})`).toBe(
        false,
      );
      expect(s.visible, `the focus is visible on ${say(s)} (${page.url()})`).toBe(true);
    }
    if (matches(s, t)) return s;
    seen.push(say(s));
  }
  throw new Error(
    `${limit} presses of ${back ? 'Shift+Tab' : 'Tab'} on ${page.url()} never reached ${sayTarget(t)}; the focus went through:\n  ${seen.join('\n  ')}`,
  );
}

/** Tabs to the target and presses a key (Enter by default), then waits for what should follow. */
async function activate(
  page: Page,
  target: Target | string | RegExp,
  then: () => Promise<unknown>,
  key = 'Enter',
): Promise<void> {
  await tabTo(page, target);
  await press(page, key);
  try {
    await then();
  } catch (e) {
    // Say what the page said, if it refused the form.
    const problems = await page
      .locator('.govuk-error-summary')
      .innerText({ timeout: 1000 })
      .catch(() => '');
    throw problems ? new Error(`${page.url()} says: ${problems}`, { cause: e }) : e;
  }
  await page.waitForLoadState('domcontentloaded');
}

/** Tabs to a text field and types into it, replacing what was there. */
async function typeInto(page: Page, target: Target | string | RegExp, text: string): Promise<void> {
  const s = await tabTo(
    page,
    typeof target === 'object' && !(target instanceof RegExp) ? target : { name: target },
  );
  await press(page, 'ControlOrMeta+A');
  if (text === '') await press(page, 'Backspace');
  else await page.keyboard.type(text);
  expect((await focused(page)).value, `typed into ${say(s)}`).toBe(text);
}

/** Tabs into a radio group (focus lands on its checked or first radio) and chooses with arrows. */
async function choose(page: Page, field: string, value: string): Promise<void> {
  let s = await tabTo(page, { role: 'radio', field });
  for (let i = 0; i < 40 && !(s.value === value && s.checked); i++) {
    await press(page, s.value === value ? 'Space' : 'ArrowDown');
    s = await focused(page);
  }
  expect(s.value === value && s.checked, `radio ${field}=${value} chosen`).toBe(true);
  expect(s.visible, `the focus is visible on ${say(s)}`).toBe(true);
}

/** Tabs to a checkbox and ticks it with Space. */
async function tick(page: Page, field: string, value: string): Promise<void> {
  const s = await tabTo(page, { role: 'checkbox', field, value });
  if (!s.checked) await press(page, 'Space');
  expect((await focused(page)).checked, `checkbox ${field}=${value} ticked`).toBe(true);
}

/** Tabs to a select and moves to the option with the arrow keys. */
async function pick(page: Page, target: Target, value: string): Promise<void> {
  await tabTo(page, { role: 'combobox', ...target });
  const { index, values } = (await page.evaluate(
    `(() => { const s = document.activeElement; return { index: s.selectedIndex, values: Array.from(s.options).map((o) => o.value) }; })()`,
  )) as { index: number; values: string[] };
  const want = values.indexOf(value);
  expect(want, `option ${value} in ${sayTarget(target)}`).toBeGreaterThanOrEqual(0);
  for (let i = index; i < want; i++) await press(page, 'ArrowDown');
  for (let i = index; i > want; i--) await press(page, 'ArrowUp');
  expect((await focused(page)).value).toBe(value);
}

type Answers = Record<string, string | string[]>;

/** Answers the fields of `a` this page has, in the page's order, by keyboard. */
async function answer(page: Page, a: Answers): Promise<void> {
  const present = (await page.evaluate(
    `(${JSON.stringify(Object.keys(a))})
      .map((n) => [n, document.querySelector('[name="' + n + '"]')])
      .filter(([, el]) => el)
      .sort(([, x], [, y]) => (x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))
      .map(([n, el]) => [n, el.tagName === 'SELECT' ? 'select' : el.getAttribute('type') || 'text'])`,
  )) as Array<[string, string]>;
  for (const [field, kind] of present) {
    const value = a[field]!;
    if (kind === 'radio') await choose(page, field, String(value));
    else if (kind === 'checkbox') for (const v of [value].flat()) await tick(page, field, v);
    else if (kind === 'select') await pick(page, { field }, String(value));
    else await typeInto(page, { field }, String(value));
  }
}

/** The menu link to a section, from wherever the focus is. */
const menu = (page: Page, name: string, heading: string | RegExp) =>
  activate(page, { role: 'link', name }, () =>
    page.getByRole('heading', { name: heading, level: 1 }).waitFor(),
  );

/** Waits for a job page to finish, then follows "See the result" by keyboard. */
async function followJob(page: Page, then: () => Promise<unknown>): Promise<void> {
  await page.waitForURL(/\/jobs\//);
  await page.locator('#job-result').waitFor({ timeout: 60_000 });
  await page.waitForLoadState('domcontentloaded');
  await activate(page, { role: 'link', name: 'See the result' }, then);
}

const BOY: Answers = {
  childRef: 'EAL-KEYS-1',
  'bornIn-month': '6',
  'bornIn-year': '2012',
  sex: 'male',
  primaryNeed: 'ebd',
  neededBy: 'gt-5-days',
  'latestStart-day': '4',
  'latestStart-month': '12',
  'latestStart-year': '2026',
  siblingCount: '0',
  familyPostcodeSector: 'W5 3',
  keepSchool: 'no',
  isPreferredLocationLocal: 'yes',
  communicationNeeds: 'no',
  communicationRequirements: ['none'],
  culturalNeeds: 'not-required',
  homeAdaptationRequired: 'no',
  livingCompanions: 'no-preference',
  pets: 'yes-can',
  risks: ['missing'],
  residentialSuitability: 'preferred',
  fosterSuitability: 'suitable-not-preferred',
  supportedAccommodationSuitability: 'unsuitable',
  additionalSupport: ['na'],
  deprivationOfLiberty: 'no',
  penPortrait: 'Loves football and drawing; settles with calm, consistent adults.',
};

const SSDA903 = join(import.meta.dirname, '..', 'fixtures', 'ssda903', 'la-small', '2024');

// ----------------------------------------------------------------------------------- journeys

describe('the main journeys with the keyboard alone', () => {
  it('1. signs in with the form', async () => {
    const page = await j().newPage();
    await page.goto('/sign-in');
    await typeInto(page, 'Email address', demoEmail('officer.ealing'));
    await typeInto(page, { role: 'textbox', name: 'Password' }, DEMO_PASSWORD);
    await activate(page, { role: 'button', name: 'Sign in' }, () =>
      page.waitForURL((u) => u.pathname === '/'),
    );
    await page.getByText('Signed in as').first().waitFor({ state: 'attached' });
  });

  it('2. a placement officer makes a referral through its question pages and sends it', async () => {
    const page = await j().newPage();
    await signInAs(page, 'officer.ealing');
    await menu(page, 'Referrals', 'Referrals');
    await activate(page, { role: 'button', name: 'Make a referral' }, () =>
      page.getByRole('heading', { name: 'Make a referral' }).waitFor(),
    );
    await activate(page, { role: 'button', name: 'Start' }, () => page.getByText('step 1 of 9').waitFor());
    for (let step = 1; step <= 9; step++) {
      await answer(page, BOY);
      await activate(page, { role: 'button', name: 'Save and continue' }, () =>
        step < 9
          ? page.getByText(`step ${step + 1} of 9`).waitFor()
          : page.getByRole('heading', { name: 'Check your answers before sending the referral' }).waitFor(),
      );
    }
    await activate(page, { role: 'button', name: 'Send referral' }, () =>
      page.getByText(/^Referral [A-Z]{3}-R\d+ sent$/).waitFor(),
    );
    expect(await page.getByRole('cell', { name: /Elmtree House/ }).count()).toBeGreaterThan(0);
  });

  it('3. a placement officer searches the directory and opens a home', async () => {
    const page = await j().newPage();
    await signInAs(page, 'officer.ealing');
    await menu(page, 'Find a home', 'Find a home');
    await typeInto(page, 'Age in years', '15');
    await choose(page, 'sex', 'male');
    await pick(page, { field: 'primaryNeed' }, 'ebd');
    await tick(page, 'risks', 'criminal-exploitation');
    await typeInto(page, 'Family home: postcode sector', 'W5 3');
    await activate(page, { role: 'button', name: 'Search' }, () =>
      page.getByRole('heading', { name: /homes? match/ }).waitFor(),
    );
    const before = await page.locator('.directory-result h3 a').allInnerTexts();

    // Draw an area on the map by keyboard: "Draw an area" gives the map the focus; the arrow keys
    // move it, Enter adds the point under the cross in its middle: a square around the middle.
    await tabTo(page, { role: 'button', name: 'Draw an area' });
    await press(page, 'Enter');
    const map = await focused(page);
    expect(map.name).toMatch(/^Map of the results/);
    expect(map.visible, 'the focus is visible on the map').toBe(true);
    const mapKeys = async (...keys: string[]) => {
      for (const key of keys) {
        await press(page, key);
        await page.waitForTimeout(300); // Leaflet ignores a pan key while the last pan is moving
      }
    };
    const status = page.getByText(/^\d+ points?\. Add another/);
    await mapKeys('ArrowUp', 'ArrowLeft', 'Enter');
    await status.filter({ hasText: /^1 point\./ }).waitFor();
    await mapKeys('ArrowRight', 'ArrowRight', 'Enter');
    await status.filter({ hasText: /^2 points\./ }).waitFor();
    await mapKeys('ArrowDown', 'ArrowDown', 'Enter');
    await mapKeys('ArrowLeft', 'ArrowLeft', 'Enter');
    await status.filter({ hasText: /^4 points\./ }).waitFor();
    await tabTo(page, { role: 'button', name: 'Finish area' }, 10, true);
    await press(page, 'Enter');
    await page.getByText('Area drawn with 4 points').waitFor();
    // The focused button hides itself; the focus moves to the next control, not to the page's start.
    const after = await focused(page);
    expect(after.name).toBe('Clear area');
    expect(after.visible).toBe(true);
    const area = JSON.parse(await page.locator('#area').inputValue()) as { type: string };
    expect(area.type).toBe('Polygon');
    await tabTo(page, { role: 'button', name: 'Search' }, 250, true);
    await press(page, 'Enter');
    await page.getByText('An area drawn on the map limits the search').waitFor();
    await page.getByRole('heading', { name: /homes? match/ }).waitFor();
    const inArea = await page.locator('.directory-result h3 a').allInnerTexts();
    expect(inArea.length).toBeGreaterThan(0);
    expect(inArea.length).toBeLessThan(before.length);
    expect(inArea.every((n) => before.includes(n))).toBe(true);

    const first = inArea[0]!.trim();
    await activate(page, { role: 'link', name: first }, () =>
      page.getByRole('heading', { name: first, level: 1 }).waitFor(),
    );
  });

  it('4. a provider opens the inbox, says it is interested in a referral and then declines it with a reason', async () => {
    // The referral is the one journey 2 sent.
    const page = await j().newPage();
    await signInAs(page, 'manager.elmtree');
    await menu(page, 'Referral inbox', 'Referral inbox');
    await activate(page, { role: 'link', name: /^Ealing: 14, male/ }, () =>
      page.getByRole('heading', { name: /^Referral for / }).waitFor(),
    );
    await activate(page, { role: 'button', name: 'We are interested: show the fuller papers' }, () =>
      page.getByRole('heading', { name: 'Fuller papers' }).waitFor(),
    );
    await tabTo(page, { role: 'button', name: 'Decline this referral' });
    await press(page, 'Enter');
    await page.locator('details[open]', { hasText: 'Why are you declining?' }).waitFor();
    await choose(page, 'reason', 'resident-mix');
    await typeInto(page, { field: 'note' }, 'Two younger children have just moved in.');
    await activate(page, { role: 'button', name: 'Decline the referral' }, () =>
      page.getByText('Referral declined').waitFor(),
    );
  });

  it('5. a commissioner opens a contract, its KPIs for a period and a month’s statement', async () => {
    const page = await j().newPage();
    await signInAs(page, 'commissioner.ealing');
    await menu(page, 'Contracts', 'Contracts');
    await activate(page, { role: 'link', name: 'WL-SB-001' }, () =>
      page.getByRole('heading', { name: 'Terms', exact: true }).waitFor(),
    );
    await activate(page, { role: 'link', name: 'KPIs' }, () =>
      page.getByRole('heading', { name: 'KPIs', level: 1 }).waitFor(),
    );
    await typeInto(page, 'First day', '2026-01-01');
    await typeInto(page, 'Last day', '2026-06-30');
    await activate(page, { role: 'button', name: 'Show these days' }, () =>
      page.getByText('From 1 January 2026 to 30 June 2026').first().waitFor(),
    );
    await activate(page, { role: 'link', name: 'Statements' }, () =>
      page.getByRole('heading', { name: 'Monthly statements', level: 1 }).waitFor(),
    );
    await pick(page, { field: 'month' }, '2026-10');
    await activate(page, { role: 'button', name: 'Show this month' }, () =>
      page.waitForURL((u) => u.searchParams.get('month') === '2026-10'),
    );
    await page.locator('caption', { hasText: 'What Ealing owes' }).waitFor();
  });
  it('6. a commissioner starts a business case, saves the figures, runs the simulation and reads the results', async () => {
    const page = await j().newPage();
    await signInAs(page, 'commissioner.ealing');
    await menu(page, 'Business cases', 'Business cases');
    // A link styled as a button answers Space as well as Enter (GOV.UK Frontend's button script).
    await activate(
      page,
      { role: 'button', name: 'Start a business case' },
      () => page.getByRole('heading', { name: 'Start a business case' }).waitFor(),
      'Space',
    );
    await typeInto(page, 'Name', 'Ealing EBD block by keyboard');
    await tick(page, 'segment', 'ebd-standard');
    await activate(page, { role: 'button', name: 'Continue' }, () =>
      page.getByRole('heading', { name: 'Check the figures' }).waitFor(),
    );
    // Without a contract to start from there is no block price: the page says so, and the error
    // summary (focused when the page loads) links to the field.
    await activate(page, { role: 'button', name: 'Save the business case' }, () =>
      page.getByRole('heading', { name: 'There is a problem' }).waitFor(),
    );
    expect((await focused(page)).name).toMatch(/^There is a problem/);
    await activate(
      page,
      { role: 'link', name: 'Enter the block’s weekly price per bed' },
      async () => {},
      'Enter',
    );
    const field = await focused(page);
    expect(field.field).toBe('block.weeklyPounds');
    expect(field.visible).toBe(true);
    await page.keyboard.type('4800');
    await activate(page, { role: 'button', name: 'Save the business case' }, () =>
      page.getByRole('heading', { name: 'Ealing EBD block by keyboard' }).waitFor(),
    );
    await typeInto(page, { field: 'runs' }, '200');
    await activate(page, { role: 'button', name: 'Run the simulation' }, () => page.waitForURL(/\/jobs\//));
    await followJob(page, () => page.getByRole('heading', { name: 'Results', exact: true }).waitFor());
  });

  it('7. a commissioner adds SSDA903 returns (the file chooser opened by keyboard) and imports them', async () => {
    const page = await j().newPage();
    await signInAs(page, 'commissioner.ealing');
    await menu(page, 'Forecasts', 'Forecasts');
    await activate(page, { role: 'button', name: 'Add SSDA903 returns' }, () =>
      page.getByRole('heading', { name: 'Add your SSDA903 returns' }).waitFor(),
    );
    await typeInto(page, 'Name these returns', 'Returns added by keyboard');
    await activate(page, { role: 'button', name: 'Continue' }, () =>
      page.getByRole('heading', { name: 'Returns added by keyboard' }).waitFor(),
    );
    await typeInto(page, 'Collection year', '2024');
    await tabTo(page, { role: 'file', field: 'files' });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), press(page, 'Space')]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(['header.csv', 'episodes.csv', 'uasc.csv'].map((f) => join(SSDA903, f)));
    await activate(page, { role: 'button', name: 'Add files' }, () =>
      page.getByText('3 files added').waitFor(),
    );
    await activate(page, { role: 'button', name: 'Import these returns' }, () => page.waitForURL(/\/jobs\//));
    await followJob(page, () => page.locator('#import-summary').waitFor());
  });

  it('8. a hub analyst opens the price benchmark, switches to the published figures, opens a table and the gaps', async () => {
    const page = await j().newPage();
    await signInAs(page, 'analyst.hub');
    await menu(page, 'Prices and gaps', 'Prices paid');
    await activate(page, { role: 'link', name: 'see them as published' }, () =>
      page.getByText('You are seeing the figures as published').waitFor(),
    );
    await tabTo(page, { role: 'button', name: /^Prices by financial year/ });
    await press(page, 'Enter');
    await page.locator('details[open]', { hasText: 'Prices by financial year' }).waitFor();
    await activate(page, { role: 'link', name: 'Sufficiency gaps' }, () =>
      page.getByRole('heading', { name: 'Sufficiency gaps', level: 1 }).waitFor(),
    );
    await activate(page, { role: 'link', name: 'see them as published' }, () =>
      page.getByText('You are seeing the figures as published').waitFor(),
    );
  });

  it('9. a provider confirms a home’s availability and changes its profile', async () => {
    const page = await j().newPage();
    await signInAs(page, 'manager.elmtree');
    await menu(page, 'Your homes', 'Your homes');
    await activate(page, { role: 'link', name: 'Confirm availability of Cedar Lodge' }, () =>
      page.getByRole('heading', { name: 'Confirm availability' }).waitFor(),
    );
    await typeInto(page, 'How many beds are free to offer now?', '1');
    await typeInto(page, { field: 'note' }, 'Free from 1 December, for a boy of 13 to 16.');
    await activate(page, { role: 'button', name: 'Confirm availability' }, () =>
      page.getByText('Availability confirmed').waitFor(),
    );
    await activate(page, { role: 'link', name: 'Profile of Cedar Lodge' }, () =>
      page.getByRole('heading', { name: 'Who the home can care for' }).waitFor(),
    );
    await tick(page, 'needsSupported', 'missing');
    await activate(page, { role: 'button', name: 'Save profile' }, () =>
      page.getByText('Profile saved').waitFor(),
    );
  });

  it('10. the skip link leads to the main content, and a person signs out', async () => {
    const page = await j().newPage();
    await signInAs(page, 'officer.ealing');
    await page.goto('/referrals');
    await press(page, 'Tab');
    const skip = await focused(page);
    expect(skip.name).toBe('Skip to main content');
    expect(skip.visible, 'the skip link is visible when focused').toBe(true);
    await press(page, 'Enter');
    expect((await focused(page)).id).toBe('main-content');
    // The next Tab goes into the page's own content, past the header and menu.
    await press(page, 'Tab');
    expect((await focused(page)).name).toBe('Make a referral');
    // Back up to the menu with Shift+Tab, to "Your account", and sign out there.
    await tabTo(page, { role: 'link', name: 'Your account' }, 50, true);
    await press(page, 'Enter');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await activate(page, { role: 'button', name: 'Sign out' }, () =>
      page.getByRole('heading', { name: 'Sign in to Sufficiency' }).waitFor(),
    );
    await page.goto('/referrals');
    await page.getByRole('heading', { name: 'Sign in to Sufficiency' }).waitFor();
  });
});
