/**
 * Accessibility of every page template in every state (issue 9, item 6; docs/accessibility.md).
 *
 * 1. The crawl: as each kind of person (the demo region's, and people of a region with no data for
 *    the empty states), follow every same-origin link and GET form breadth-first from the home
 *    page, at most A11Y_PER_SHAPE pages (default 1) of each URL shape, and run axe-core on each.
 * 2. The error states: every POST form met is submitted emptied, and axe-core runs on the page
 *    that comes back, which should carry the GOV.UK error summary.
 * 3. The states no link leads to: an explicit, short list of extra visits.
 * 4. Coverage: every template under src/server/views/pages must have been rendered by 1–3, so a
 *    new page nothing links to, or a new include, fails here until it is reached.
 *
 * Full states the demo lacks are made first (test/browser/helpers/states.ts). The templates each
 * response used are recorded by wrapping the app's Nunjucks loader (helpers/templates.ts); the
 * report is written to .cache/accessibility-crawl.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAs, useBrowser } from './harness.ts';
import {
  type CrawlState,
  checkAccessible,
  crawlAs,
  type FormOutcome,
  SKIP_FORMS,
  SKIP_LINKS,
  shapeOf,
  submitEmpty,
  visit,
} from './helpers/crawl.ts';
import {
  EMPTY_PASSWORD,
  EMPTY_PEOPLE,
  prepareStates,
  type States,
  TWO_FACTOR_PERSON,
} from './helpers/states.ts';
import { pageTemplates, recordTemplates } from './helpers/templates.ts';

const j = useBrowser();

const PER_SHAPE = Number(process.env.A11Y_PER_SHAPE ?? 1);
const MAX_PAGES = 120;

/** Who the crawl signs in as: the demo region's people, then the empty region's. */
const PEOPLE: Array<{ name: string; login: string; password?: string }> = [
  { name: 'officer.ealing', login: 'officer.ealing' },
  { name: 'commissioner.ealing', login: 'commissioner.ealing' },
  { name: 'admin.ealing', login: 'admin.ealing' },
  { name: 'analyst.hub', login: 'analyst.hub' },
  { name: 'admin.hub', login: 'admin.hub' },
  { name: 'manager.elmtree', login: 'manager.elmtree' },
  { name: 'empty LA commissioner', login: EMPTY_PEOPLE.commissioner, password: EMPTY_PASSWORD },
  { name: 'empty LA officer', login: EMPTY_PEOPLE.officer, password: EMPTY_PASSWORD },
  { name: 'empty hub analyst', login: EMPTY_PEOPLE.analyst, password: EMPTY_PASSWORD },
  { name: 'empty provider manager', login: EMPTY_PEOPLE.manager, password: EMPTY_PASSWORD },
];

/**
 * POST forms an emptied submission is allowed to succeed on (no error summary): every field is
 * optional, so there is nothing to get wrong. Matched against `${action shape} ${button}`.
 */
const ACCEPTS_EMPTY: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /^\/business-cases\/:id Save sharing$/, why: 'sharing with no one withdraws the sharing' },
  {
    pattern: /^\/directory\/search\/export Export shortlist/,
    why: 'no home ticked exports every home the search found',
  },
  { pattern: /^\/homes\/:id\/memberships Save$/, why: 'a home may belong to no contract or framework' },
  {
    pattern: /^\/referrals\/drafts\/:id\/risks(\?from)? Save and continue$/,
    why: 'a child may have none of the listed risks',
  },
];

let states: States;
const state = {} as CrawlState;
const pages = new Map<string, Page>();
const outcomes: FormOutcome[] = [];
const skippedForms: string[] = [];

beforeAll(async () => {
  Object.assign(state, {
    recorder: recordTemplates(j().app),
    sharedSeen: new Set(),
    forms: new Map(),
    problems: [],
    visits: [],
    timing: { load: 0, axe: 0, facts: 0 },
  } satisfies CrawlState);
  states = await prepareStates(j().app, j().database.db);
}, 240_000);

function takeProblems(): string[] {
  return state.problems.splice(0);
}

describe('accessibility of every page template, in every state', () => {
  it('every page each person reaches by links passes axe', async () => {
    for (const p of PEOPLE) {
      const page = await j().newPage();
      state.recorder.visiting(`${p.name} signs in`);
      await signInAs(page, p.login, p.password);
      pages.set(p.name, page);
      const n = await crawlAs(page, p.name, state, { perShape: PER_SHAPE, maxPages: MAX_PAGES });
      expect(n, `${p.name} reached pages`).toBeGreaterThan(3);
    }
    console.log(`crawl: ${state.visits.length} pages; ms: ${JSON.stringify(state.timing)}`);
    expect(takeProblems()).toEqual([]);
  }, 600_000);

  it('every form met, submitted emptied, shows its error state accessibly', async () => {
    for (const [key, form] of [...state.forms].sort(([a], [b]) => a.localeCompare(b))) {
      const skip = SKIP_FORMS.find((s) => s.pattern.test(key));
      if (skip) {
        skippedForms.push(`${key}: ${skip.why}`);
        continue;
      }
      if (form.fields === 0) {
        skippedForms.push(
          `${key}: a button with nothing to fill in (its result is a state the crawl prepares)`,
        );
        continue;
      }
      const outcome = await submitEmpty(pages.get(form.role)!, state, form);
      if (outcome) outcomes.push(outcome);
    }
    const unexpected = outcomes
      .filter((o) => !o.errorSummary)
      .map((o) => `${shapeOf(o.form.action)} ${o.form.submit}`)
      .filter((k) => !ACCEPTS_EMPTY.some((a) => a.pattern.test(k)))
      .map((k) => `${k}: an emptied form was accepted (no error summary)`);
    expect([...takeProblems(), ...unexpected]).toEqual([]);
  }, 600_000);

  it('the states no link leads to pass axe (explicit extra visits)', async () => {
    const extra = async (page: Page, who: string, url: string) => {
      const label = `${who} GET ${url} (extra)`;
      const res = await visit(page, state, label, url);
      state.visits.push({ role: who, url, status: res?.status() ?? 0 });
      await checkAccessible(page, state, label);
    };
    const submit = async (page: Page, who: string, button: string, what: string) => {
      state.recorder.visiting(`${who} ${what} (extra)`);
      await page.getByRole('button', { name: button, exact: true }).click();
      await page.waitForLoadState();
      await checkAccessible(page, state, `${who} ${what} (extra)`);
    };

    // Signed out: the sign-in page, and its error state.
    const out = await j().newPage();
    await extra(out, 'signed out', '/sign-in');
    await submit(out, 'signed out', 'Sign in', 'sign-in with nothing entered');
    expect(await out.locator('.govuk-error-summary').count()).toBe(1);

    // The code step of two-factor sign-in, and its error state.
    const twoFactor = await j().newPage();
    await signInAs(twoFactor, TWO_FACTOR_PERSON, EMPTY_PASSWORD);
    await extra(twoFactor, 'two-factor person', '/sign-in/two-factor');
    await submit(twoFactor, 'two-factor person', 'Continue', 'code step with no code');
    expect(await twoFactor.locator('.govuk-error-summary').count()).toBe(1);

    // Error pages: not found, and a page for another role.
    const officer = pages.get('officer.ealing')!;
    await extra(officer, 'officer.ealing', '/no-such-page');
    await extra(officer, 'officer.ealing', '/admin/users');
    expect(await officer.getByRole('heading', { name: 'You cannot use this page' }).count()).toBe(1);

    // Job pages: one still queued, one finished.
    const hub = pages.get('analyst.hub')!;
    await extra(hub, 'analyst.hub', `/jobs/${states.queuedJobId}`);
    await extra(hub, 'analyst.hub', `/jobs/${states.finishedJobId}`);

    // GET forms' error and no-result states (the crawl submits them only as shown).
    const commissioner = pages.get('commissioner.ealing')!;
    const contract = `/contracts/${states.contractId}`;
    await extra(commissioner, 'commissioner.ealing', `${contract}/kpis?from=2026-06-30&to=2025-01-01`);
    await extra(commissioner, 'commissioner.ealing', `${contract}/beds?from=2026-13-01`);
    await extra(commissioner, 'commissioner.ealing', `${contract}/statements?month=2024-01`);
    await extra(
      commissioner,
      'commissioner.ealing',
      '/directory/search?familyPostcode=ZZ99&age=old&search=1',
    );
    await extra(
      commissioner,
      'commissioner.ealing',
      '/directory/search?familyPostcode=M1+1&rule=within&withinMiles=0.5&search=1',
    );
    // Pages whose URL shape the crawl had already met with another record: a refused dataset, a
    // backtest, a business case's monitoring, a run still going, a scored tender (and the page that
    // would close it), and the result pages of a Placements Data Standard import that worked and
    // one that was refused.
    await extra(commissioner, 'commissioner.ealing', `/forecasting/datasets/${states.refusedDatasetId}`);
    await extra(commissioner, 'commissioner.ealing', `/forecasting/backtests/${states.backtestId}`);
    await extra(
      commissioner,
      'commissioner.ealing',
      `/business-cases/${states.monitoredScenarioId}/monitoring`,
    );
    await extra(hub, 'analyst.hub', `/business-cases/runs/${states.pendingRunId}`);
    await extra(hub, 'analyst.hub', `/tenders/${states.scoredTenderId}/evaluation`);
    await extra(hub, 'analyst.hub', `/tenders/${states.scoredTenderId}/close`);
    await extra(officer, 'officer.ealing', `/referrals/import/${states.pdsImportJobIds.imported}`);
    await extra(officer, 'officer.ealing', `/referrals/import/${states.pdsImportJobIds.refused}`);

    // Sending a referral to homes from the directory: the check page comes from a POST.
    await extra(officer, 'officer.ealing', '/directory/search?familyPostcode=W5+3&search=1');
    await officer.locator('.directory-result').first().getByRole('checkbox').check();
    await officer.getByLabel('Referral to send').selectOption(states.ealingReferralId);
    await submit(officer, 'officer.ealing', 'Refer to selected homes', 'refer: check the homes');
    expect(takeProblems()).toEqual([]);
  }, 300_000);

  it('rendered every template under src/server/views/pages', () => {
    const all = pageTemplates();
    const rendered = state.recorder.rendered;
    const missing = all.filter((t) => !rendered.has(t));
    writeReport(all);
    expect(missing, 'templates no crawl, form or extra visit rendered').toEqual([]);
  });
});

function writeReport(all: string[]) {
  const rendered = state.recorder.rendered;
  const lines = [
    '# Accessibility crawl',
    '',
    `${state.visits.length} page loads, ${outcomes.length} forms submitted emptied, ${PER_SHAPE} page(s) per URL shape.`,
    '',
    '## Templates',
    '',
    '| template | renders | first |',
    '| --- | --- | --- |',
    ...all.map((t) => {
      const v = [...(rendered.get(t) ?? [])];
      return `| ${t} | ${v.length} | ${v[0] ?? '**never**'} |`;
    }),
    '',
    '## Forms',
    '',
    ...outcomes.map(
      (o) =>
        `- ${o.form.role}: ${o.form.action} “${o.form.submit}” → ${o.status}${o.errorSummary ? ' with the error summary' : ''} (${o.landedOn})`,
    ),
    ...skippedForms.map((s) => `- not submitted: ${s}`),
    '',
    '## Links not followed',
    '',
    ...SKIP_LINKS.map((s) => `- ${s.pattern}: ${s.why}`),
    '',
    '## Pages',
    '',
    ...state.visits.map((v) => `- ${v.role}: ${v.url} (${v.status})`),
  ];
  const dir = join(import.meta.dirname, '..', '..', '.cache');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'accessibility-crawl.md'), `${lines.join('\n')}\n`);
}
