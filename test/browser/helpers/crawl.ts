/**
 * The accessibility crawl (docs/accessibility.md): as one signed-in person, follow every
 * same-origin link and every GET form (submitted with what it shows) breadth-first from the home
 * page, visiting at most a few pages of each URL shape, and run axe-core on each page; note every
 * POST form met on the way, so that its error state can be checked afterwards.
 */
import type { Page, Response } from 'playwright-core';
import { expectAccessible } from '../harness.ts';
import type { TemplateRecorder } from './templates.ts';

/** A URL's kind: ids and numbers become placeholders; query values are dropped, keys kept. */
export function shapeOf(link: string): string {
  const [path = '', query = ''] = link.split('?');
  const p = path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\d+/g, ':n');
  const keys = [...new Set(new URLSearchParams(query).keys())].sort().join('&');
  return keys ? `${p}?${keys}` : p;
}

/** Links the crawl never follows: they end the session, act, or download a file. */
export const SKIP_LINKS: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /^\/sign-out|\/sign-out-everywhere/, why: 'ends the session' },
  { pattern: /\/cancel$/, why: 'cancels a job' },
  { pattern: /^\/(public|assets|govuk|leaflet)\//, why: 'a static file' },
  { pattern: /^\/api\/(?!docs$)/, why: 'the JSON API' },
  {
    pattern: /\.(xlsx|csv|json|geojson|pdf)(\?|$)|\/export(\?|$)/,
    why: 'a download (checked by the capability journeys)',
  },
];

/** Shapes that show the same page to everyone: visited once in the whole crawl. */
export const SHARED_SHAPES = new Set(['/accessibility', '/privacy', '/api/docs', '/account/two-factor']);

export interface FoundForm {
  role: string;
  /** The page the form is on. */
  pageUrl: string;
  index: number;
  /** Which of the form's submit buttons. */
  button: number;
  action: string;
  enctype: string;
  /** Fields a person fills (not hidden inputs or buttons). */
  fields: number;
  submit: string;
}

export interface CrawlState {
  recorder: TemplateRecorder;
  /** shape → visits, across every role, for SHARED_SHAPES */
  sharedSeen: Set<string>;
  /** Every POST form met, by `${shapeOf(action)} ${submit}` (the first one met). */
  forms: Map<string, FoundForm>;
  problems: string[];
  visits: Array<{ role: string; url: string; status: number }>;
  /** Milliseconds spent loading pages, in axe-core and reading links and forms. */
  timing: { load: number; axe: number; facts: number };
}

interface PageFacts {
  links: string[];
  getForms: string[];
  postForms: Array<Omit<FoundForm, 'role' | 'pageUrl'>>;
}

/** Same-origin links, GET forms as the URLs they submit to, and POST forms, from the page. */
async function pageFacts(page: Page): Promise<PageFacts> {
  return page.evaluate(() => {
    const origin = location.origin;
    const local = (u: URL) => u.pathname + u.search;
    const links = [...document.querySelectorAll<HTMLAnchorElement>('a[href]')]
      .map((a) => new URL(a.href, location.href))
      .filter((u) => u.origin === origin)
      .map(local);
    const getForms: string[] = [];
    const postForms: PageFacts['postForms'] = [];
    [...document.forms].forEach((f, index) => {
      const method = (f.getAttribute('method') ?? 'get').toLowerCase();
      const submits = [
        ...f.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input[type="submit"]'),
      ].filter((b) => b.type === 'submit');
      const fields = [...f.elements].filter((e) =>
        e instanceof HTMLInputElement
          ? !['hidden', 'submit', 'button', 'image', 'reset'].includes(e.type)
          : e instanceof HTMLSelectElement || e instanceof HTMLTextAreaElement,
      );
      if (method === 'get') {
        // As shown, and with the first option of each radio group and every box chosen.
        const action = new URL(f.getAttribute('action') ?? location.href, location.href);
        if (action.origin !== origin) return;
        const shown = new FormData(f, submits[0] ?? null);
        const chosen = new FormData(f, submits[0] ?? null);
        const groups = new Set<string>();
        for (const e of fields) {
          if (!(e instanceof HTMLInputElement) || !e.name) continue;
          if (e.type === 'checkbox' && !e.checked) chosen.append(e.name, e.value);
          if (e.type === 'radio' && !groups.has(e.name)) {
            groups.add(e.name);
            if (!f.querySelector(`input[type="radio"][name="${CSS.escape(e.name)}"]:checked`))
              chosen.append(e.name, e.value);
          }
        }
        for (const data of [shown, chosen]) {
          const q = new URLSearchParams();
          for (const [k, v] of data) if (typeof v === 'string') q.append(k, v);
          getForms.push(`${action.pathname}?${q}`);
        }
        return;
      }
      // Each submit button of a POST form separately: buttons may post elsewhere (formaction).
      submits.forEach((b, button) => {
        const action = new URL(b.formAction || f.action, location.href);
        if (action.origin !== origin) return;
        postForms.push({
          index,
          button,
          action: local(action),
          enctype: f.enctype,
          fields: fields.length,
          submit: (b.textContent || (b as HTMLInputElement).value || '').trim(),
        });
      });
    });
    return { links, getForms, postForms };
  });
}

/** Loads a page, labelled for the template recorder; undefined when it was a download. */
export async function visit(page: Page, state: CrawlState, label: string, url: string) {
  state.recorder.visiting(label);
  const t = performance.now();
  try {
    return await page.goto(url);
  } catch (err) {
    if (String(err).includes('Download is starting')) return undefined;
    throw err;
  } finally {
    state.timing.load += performance.now() - t;
  }
}

/** axe-core on the page; a failure is kept (the crawl goes on) and reported at the end. */
export async function checkAccessible(page: Page, state: CrawlState, label: string): Promise<void> {
  const t = performance.now();
  try {
    await expectAccessible(page, label);
  } catch (err) {
    state.problems.push((err as Error).message.split('\n').slice(0, 12).join('\n'));
  } finally {
    state.timing.axe += performance.now() - t;
  }
}

export async function crawlAs(
  page: Page,
  role: string,
  state: CrawlState,
  opts: { perShape: number; maxPages: number; start?: string[] },
): Promise<number> {
  const queue = [...(opts.start ?? ['/'])];
  const seen = new Set(queue);
  const shapes = new Map<string, number>();
  for (const u of queue) shapes.set(shapeOf(u), 1);
  let visited = 0;
  while (queue.length > 0 && visited < opts.maxPages) {
    const url = queue.shift()!;
    const label = `${role} GET ${url}`;
    const res = await visit(page, state, label, url);
    visited++;
    if (!res) continue;
    state.visits.push({ role, url, status: res.status() });
    if (res.status() >= 500) state.problems.push(`${label} answered ${res.status()}`);
    if (!(res.headers()['content-type'] ?? '').includes('text/html')) continue;
    await checkAccessible(page, state, label);
    const t = performance.now();
    const facts = await pageFacts(page);
    state.timing.facts += performance.now() - t;
    for (const f of facts.postForms) {
      const key = `${shapeOf(f.action)} ${f.submit}`;
      if (!state.forms.has(key)) state.forms.set(key, { ...f, role, pageUrl: url });
    }
    for (const link of [...facts.links, ...facts.getForms]) {
      if (seen.has(link) || SKIP_LINKS.some((s) => s.pattern.test(link))) continue;
      seen.add(link);
      const shape = shapeOf(link);
      if (SHARED_SHAPES.has(shape)) {
        if (state.sharedSeen.has(shape)) continue;
        state.sharedSeen.add(shape);
      }
      const n = shapes.get(shape) ?? 0;
      if (n >= opts.perShape) continue;
      shapes.set(shape, n + 1);
      queue.push(link);
    }
  }
  return visited;
}

/** POST forms the crawl does not submit, and why. Matched against `${action} ${button}`. */
export const SKIP_FORMS: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /^\/sign-out|\/sign-out-everywhere /, why: 'ends the session' },
  { pattern: /\/cancel /, why: 'cancels a job' },
  { pattern: /\/delete /, why: 'deletes (a draft, a dataset, a file)' },
  { pattern: /\/remove /, why: 'removes (a bid, a file)' },
  { pattern: /\/disable /, why: 'disables a person or two-factor authentication' },
  { pattern: /^\/tenders\/[^/]+\/close /, why: 'closes a tender for good (it has no field to leave empty)' },
  {
    pattern: /\/withdraw /,
    why: 'withdrawing asks only for an optional note: an empty form withdraws the referral',
  },
];

export interface FormOutcome {
  form: FoundForm;
  status: number;
  errorSummary: boolean;
  landedOn: string;
}

/**
 * Submits a POST form emptied (text cleared, numbers and dates as "x", boxes and radios unticked,
 * selects on their first option, files left unchosen) and runs axe-core on the page that comes back.
 */
export async function submitEmpty(
  page: Page,
  state: CrawlState,
  form: FoundForm,
): Promise<FormOutcome | undefined> {
  const label = `${form.role} POST ${form.action} (“${form.submit}”, emptied) from ${form.pageUrl}`;
  const loaded = await visit(page, state, `${form.role} GET ${form.pageUrl}`, form.pageUrl);
  if (!loaded) return undefined;
  state.recorder.visiting(label);
  const navigation = page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 }).then(
    (r) => r ?? ('none' as const),
    () => 'aborted' as const,
  );
  const download = page
    .waitForEvent('download', { timeout: 30_000 })
    .then(() => 'download' as const)
    .catch(() => 'none' as const);
  const found = await page.evaluate(
    ({ index, button, action }) => {
      const f = document.forms[index];
      const submits = f
        ? [...f.querySelectorAll<HTMLButtonElement>('button, input[type="submit"]')].filter(
            (b) => b.type === 'submit',
          )
        : [];
      const b = submits[button];
      if (!f || !b || new URL(b.formAction || f.action, location.href).pathname !== action.split('?')[0])
        return false;
      f.noValidate = true;
      for (const e of f.elements) {
        if (e instanceof HTMLInputElement) {
          if (e.type === 'radio' || e.type === 'checkbox') e.checked = false;
          else if (['hidden', 'submit', 'button', 'image', 'reset', 'file'].includes(e.type)) continue;
          // Numbers and dates get a value that is obviously not one; other text is emptied.
          else if (
            e.type === 'number' ||
            ['numeric', 'decimal'].includes(e.inputMode) ||
            e.classList.contains('govuk-date-input__input')
          )
            e.value = 'x';
          else e.value = '';
        } else if (e instanceof HTMLTextAreaElement) e.value = '';
        else if (e instanceof HTMLSelectElement) e.selectedIndex = e.options.length > 0 ? 0 : -1;
      }
      f.requestSubmit(b);
      return true;
    },
    { index: form.index, button: form.button, action: form.action },
  );
  if (!found) {
    state.problems.push(`${label}: the form was not on the page any more`);
    return undefined;
  }
  // A download aborts the navigation; the download event may come just after.
  let res: Response | 'none' | 'aborted' | 'download' = await Promise.race([navigation, download]);
  if (res === 'aborted') res = await download;
  if (res === 'download') return { form, status: 200, errorSummary: false, landedOn: 'a downloaded file' };
  if (res === 'none') {
    state.problems.push(`${label}: no page came back`);
    return undefined;
  }
  const status = res.status();
  if (status >= 500) state.problems.push(`${label} answered ${status}`);
  await checkAccessible(page, state, label);
  const errorSummary = (await page.locator('.govuk-error-summary').count()) > 0;
  const u = new URL(page.url());
  return { form, status, errorSummary, landedOn: u.pathname + u.search };
}
