/**
 * Business cases in the database and on the web (issue 7): scenarios saved from files and forms,
 * refused whole with the field named; a run through the background job stores exactly what the
 * engine gives for the same seed; the prefilled figures are the demo data's; sharing and tenancy;
 * the business-case pack; monitoring a live contract against its business case.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadContractRecord, loadLedger } from '../../src/db/queries/contracts.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { withSystem, withTenant } from '../../src/db/tenant.ts';
import { bedWindows } from '../../src/domain/contracts/frame.ts';
import { bedTimelines } from '../../src/domain/occupancy/bed-days.ts';
import { addMonths, daysBetween } from '../../src/domain/shared/dates.ts';
import { needSegmentOf } from '../../src/domain/shared/need-segment.ts';
import { type BusinessCaseRequest, runBusinessCase } from '../../src/domain/simulation/business-case.ts';
import { signIn, useTestApp } from '../helpers/app.ts';
import { scenarioFile } from './fixtures/simulation.ts';

const t = useTestApp();
const example = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../docs/examples/simulation/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

async function count(table: 'scenario' | 'simulation_run'): Promise<number> {
  const r = await t()
    .database.db.selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function orgOf(email: string): Promise<string> {
  const u = await t()
    .database.db.selectFrom('app_user')
    .select('org_id')
    .where('email', '=', `${email}@demo.example`)
    .executeTakeFirstOrThrow();
  return u.org_id;
}

async function contractId(reference: string): Promise<string> {
  return (
    await t()
      .database.db.selectFrom('contract')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow()
  ).id;
}

/** The value of a form input in a page. */
function inputValue(html: string, name: string): string | undefined {
  const esc = name.replace(/[[\].]/g, (c) => `\\${c}`);
  const m = new RegExp(`<input[^>]*name="${esc}"[^>]*value="([^"]*)"`).exec(html);
  return m?.[1];
}

async function runJobs(): Promise<void> {
  while (await t().app.jobs.runOnce()) {
    // run every queued job
  }
}

describe('saving scenarios', () => {
  it('saves a scenario file through the API and lists it', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const res = await s.api('POST', '/api/v1/scenarios', example('west-london-soft-block'));
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string };
    const list = (await s.api('GET', '/api/v1/scenarios')).json() as { scenarios: Array<{ id: string }> };
    expect(list.scenarios.map((x) => x.id)).toContain(id);
    const got = (await s.api('GET', `/api/v1/scenarios/${id}`)).json() as {
      scenario: unknown;
      runs: unknown[];
    };
    expect(got.scenario).toEqual(example('west-london-soft-block'));
    expect(got.runs).toEqual([]);
  });

  it('is documented in the API description', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const doc = (await s.get('/api/docs')).json() as { paths: Record<string, unknown> };
    for (const path of [
      '/api/v1/scenarios',
      '/api/v1/scenarios/{scenarioId}',
      '/api/v1/scenarios/{scenarioId}/runs',
      '/api/v1/simulation-runs/{runId}',
      '/api/v1/simulation-runs/{runId}/pack.xlsx',
    ])
      expect(Object.keys(doc.paths), path).toContain(path);
  });

  it('refuses bad scenarios whole, naming the field, and writes nothing', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const before = await count('scenario');
    const good = example('west-london-soft-block') as { las: Array<Record<string, unknown>> } & Record<
      string,
      unknown
    >;
    const cases: Array<[string, Record<string, unknown>]> = [
      // shares adding up to 0.92
      ['las[6].share', { ...good, las: good.las.map((la, i) => (i === 6 ? { ...la, share: 0.1 } : la)) }],
      // a negative rate
      [
        'las[0].referralsPerYear',
        { ...good, las: good.las.map((la, i) => (i === 0 ? { ...la, referralsPerYear: -2 } : la)) },
      ],
      // an impossible term and a break that could never be used
      ['termMonths', { ...good, termMonths: 0 }],
      [
        'breakClause.earliestNoticeMonth',
        {
          ...good,
          termMonths: 12,
          breakClause: { earliestNoticeMonth: 9, noticeMonths: 6, occupancyBelow: 0.7 },
        },
      ],
      ['block.weeklyPounds', { ...good, block: { ...(good.block as object), weeklyPounds: -1 } }],
      // a misspelt field
      ['block.colour', { ...good, block: { ...(good.block as object), colour: 'blue' } }],
    ];
    for (const [field, body] of cases) {
      const res = await s.api('POST', '/api/v1/scenarios', body);
      expect(res.statusCode, field).toBe(400);
      const fields = (res.json() as { error: { fields: Array<{ field: string }> } }).error.fields.map(
        (f) => f.field,
      );
      expect(fields, field).toContain(field);
    }
    expect(await count('scenario')).toBe(before);
  });

  it('refuses the form with the form’s own field named, and writes nothing', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const page = await s.get(
      `/business-cases/new/details?name=Form+test&segment=ebd-standard&la=${await orgOf('commissioner.ealing')}&la=${await orgOf('commissioner.brent')}`,
    );
    expect(page.statusCode).toBe(200);
    const before = await count('scenario');
    const res = await s.post('/business-cases', {
      name: 'Form test',
      lasCount: '2',
      'las[0].code': '307',
      'las[0].name': 'Ealing',
      'las[0].referralsPerYear': '5',
      'las[0].share': '50',
      'las[1].code': '304',
      'las[1].name': 'Brent',
      'las[1].referralsPerYear': 'lots',
      'las[1].share': '40',
      'startDate-day': '1',
      'startDate-month': '4',
      'startDate-year': '2027',
      termMonths: '36',
      'stayLength.kind': 'lognormal',
      'stayLength.lognormal.meanDays': '300',
      'stayLength.lognormal.sdDays': '250',
      'matching.probability': '150',
      'matching.days': '14',
      'block.beds': '3',
      'block.weeklyPounds': '',
      'block.voidRule.kind': 'pay-in-full',
      'spot.weeklyPounds': '6000',
      'spot.outOfAreaProbability': '70',
      'simulation.runs': '100',
      'simulation.seed': '1',
    });
    expect(res.statusCode).toBe(400);
    for (const id of ['las-1-referralsPerYear', 'las-1-share', 'block-weeklyPounds', 'matching-probability'])
      expect(res.body, id).toContain(`href="#${id}"`);
    expect(res.body).toContain('they must add up to 100%');
    expect(res.body).toContain('between 0% and 100%');
    expect(await count('scenario')).toBe(before);
  });
});

describe('running a business case', () => {
  it('stores, through the job, exactly the engine’s result for the same seed; Idempotency-Key gives one run', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const file = {
      ...example('central-bedfordshire'),
      simulation: { runs: 200, seed: 7, sweep: { minBeds: 0, maxBeds: 6, weeklyPounds: [1918, 2500] } },
    };
    const created = await s.api('POST', '/api/v1/scenarios', file);
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json() as { id: string };
    const before = await count('simulation_run');
    const start = (key: string) =>
      t().app.inject({
        method: 'POST',
        url: `/api/v1/scenarios/${id}/runs`,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'idempotency-key': key },
        payload: { runs: 150 },
      });
    const first = await start('run-once');
    expect(first.statusCode, first.body).toBe(202);
    const again = await start('run-once');
    expect(again.json()).toEqual(first.json());
    expect(await count('simulation_run')).toBe(before + 1);
    const { runId, jobId } = first.json() as { runId: string; jobId: string };

    const pending = (await s.api('GET', `/api/v1/simulation-runs/${runId}`)).json() as {
      status: string;
      result: unknown;
    };
    expect([pending.status, pending.result]).toEqual(['queued', null]);
    const pack409 = await s.get(`/api/v1/simulation-runs/${runId}/pack.xlsx`);
    expect(pack409.statusCode).toBe(409);

    await runJobs();
    const job = (await s.api('GET', `/api/v1/jobs/${jobId}`)).json() as {
      status: string;
      resultPath: string;
    };
    expect(job.status).toBe('succeeded');
    expect(job.resultPath).toBe(`/business-cases/runs/${runId}`);
    const run = (await s.api('GET', `/api/v1/simulation-runs/${runId}`)).json() as {
      status: string;
      runs: number;
      seed: number;
      request: BusinessCaseRequest;
      result: unknown;
    };
    expect([run.status, run.runs, run.seed]).toEqual(['succeeded', 150, 7]);
    expect(run.request.sweep?.sizes).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const engine = JSON.parse(JSON.stringify(runBusinessCase(run.request)));
    expect(run.result).toEqual(engine);

    // The pages show it; the pack has every sheet.
    const page = await s.get(`/business-cases/runs/${runId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sizing sweep: how many beds?');
    expect(page.body).toContain('Options appraisal');
    const pack = await s.get(`/business-cases/runs/${runId}/pack.xlsx`);
    expect(pack.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(pack.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Assumptions',
      'Summary',
      'Costs',
      'Occupancy and children',
      'By LA',
      'Monthly occupancy',
      'Sizing sweep',
      'Options appraisal',
      'Appraisal reasoning',
      'Options modelled',
    ]);
    const api = await s.get(`/api/v1/simulation-runs/${runId}/pack.xlsx`);
    expect(api.statusCode).toBe(200);
  });

  it('re-scores the appraisal with the user’s weights without simulating again', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const { id } = (
      await s.api('POST', '/api/v1/scenarios', {
        ...example('central-bedfordshire'),
        simulation: { runs: 100, seed: 2 },
      })
    ).json() as { id: string };
    const { runId } = (await s.api('POST', `/api/v1/scenarios/${id}/runs`, {})).json() as { runId: string };
    await runJobs();
    const runsBefore = await count('simulation_run');
    const base = await s.get(`/business-cases/runs/${runId}`);
    const costOnly = await s.get(
      `/business-cases/runs/${runId}?weight.sufficiency=0&weight.cost=100&weight.market=0&weight.risk=0`,
    );
    expect(costOnly.statusCode).toBe(200);
    expect(costOnly.body).toContain('These are your weights');
    expect(costOnly.body).not.toEqual(base.body);
    expect(costOnly.body).toContain('weight 100%');
    const bad = await s.get(`/business-cases/runs/${runId}?weight.cost=lots`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#weight-cost"');
    const none = await s.get(
      `/business-cases/runs/${runId}?weight.sufficiency=0&weight.cost=0&weight.market=0&weight.risk=0`,
    );
    expect(none.statusCode).toBe(400);
    expect(await count('simulation_run')).toBe(runsBefore);
  });

  it('refuses runs the web should not do, naming the field', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const { id } = (await s.api('POST', '/api/v1/scenarios', scenarioFile('307'))).json() as { id: string };
    const before = await count('simulation_run');
    const tooMany = await s.api('POST', `/api/v1/scenarios/${id}/runs`, { runs: 1_000_000 });
    expect(tooMany.statusCode).toBe(400);
    expect((tooMany.json() as { error: { fields: Array<{ field: string }> } }).error.fields[0]!.field).toBe(
      'runs',
    );
    const page = await s.post(`/business-cases/${id}/runs`, { runs: 'many', seed: '1' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('href="#runs"');
    expect(await count('simulation_run')).toBe(before);
  });
});

describe('prefilling from the platform’s data', () => {
  it('takes demand, stays, prices and terms from the demo data and says where each came from', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const db = t().database.db;
    const wl = await contractId('WL-SB-001');
    const segments = ['ebd-standard', 'ebd-complex'];
    const res = await s.get(
      `/business-cases/new/details?name=Prefill&segment=ebd-standard&segment=ebd-complex&contract=${wl}`,
    );
    expect(res.statusCode).toBe(200);
    const html = res.body;

    // Demand: each party's referrals for these needs in the four complete quarters before this
    // one, or its placements started then where there were more.
    const parties = await db
      .selectFrom('contract_party as p')
      .innerJoin('organisation as o', 'o.id', 'p.org_id')
      .select(['o.id', 'o.name', 'o.la_code'])
      .where('p.contract_id', '=', wl)
      .orderBy('p.position')
      .orderBy('o.name')
      .execute();
    expect(parties).toHaveLength(7);
    const referrals = await db
      .selectFrom('referral')
      .select(['org_id', 'profile', 'created_at', 'status'])
      .where('status', '<>', 'draft')
      .execute();
    const placements = await db
      .selectFrom('placement')
      .select(['org_id', 'need_segment', 'start_date'])
      .execute();
    // The database's fixed window: the four complete quarters before today's (1 October 2026).
    const yearAgo = '2025-10-01';
    const tomorrow = '2026-10-01';
    const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
    let usedPlacements = 0;
    const ownOrg = await orgOf('commissioner.ealing');
    for (const [i, p] of parties.entries()) {
      // Per need segment, as the database gives them to Ealing: another LA's 1–4 withheld.
      const cells = segments.map((seg) => {
        const referred = referrals.filter((r) => {
          const prof = r.profile as { primaryNeed: string; risks: string[] };
          const d = day(r.created_at);
          return (
            r.org_id === p.id &&
            d >= yearAgo &&
            d < tomorrow &&
            needSegmentOf(prof.primaryNeed, prof.risks ?? []) === seg
          );
        }).length;
        const placed = placements.filter(
          (x) =>
            x.org_id === p.id && x.start_date >= yearAgo && x.start_date < tomorrow && x.need_segment === seg,
        ).length;
        const shown = (n: number) => (p.id !== ownOrg && n >= 1 && n <= 4 ? null : n);
        return { referred: shown(referred), placed: shown(placed) };
      });
      const referred = cells.reduce((a, c) => a + (c.referred ?? 0), 0);
      const placed = cells.reduce((a, c) => a + (c.placed ?? 0), 0);
      const withheld = cells.some((c) => c.referred === null || c.placed === null);
      expect(p.la_code).toBe(inputValue(html, `las[${i}].code`));
      const value = inputValue(html, `las[${i}].referralsPerYear`);
      if (withheld && referred === 0 && placed === 0) {
        expect(value, p.name).toBe('');
        continue;
      }
      expect(Number(value), p.name).toBe(Math.max(referred, placed));
      if (placed > referred) {
        usedPlacements++;
        expect(html).toContain(`${placed} placements for these needs started in the 12 months`);
      } else
        expect(html).toContain(`${referred} referral${referred === 1 ? '' : 's'} for these needs recorded`);
      expect(Number(inputValue(html, `las[${i}].share`))).toBeCloseTo(100 / 7, 3);
    }
    // No figure about one to four of another LA's children reaches Ealing's page.
    for (const m of html.matchAll(/(\d+) (?:referrals?|placements?) for these needs/g)) {
      const n = Number(m[1]);
      if (n >= 1 && n <= 4)
        expect(html.slice(m.index! - 400, m.index!)).toMatch(/Ealing\s*<\/legend>[\s\S]*$/);
    }
    // The demo holds only three months of referrals, so placements are the better count somewhere.
    expect(usedPlacements).toBeGreaterThan(0);
    expect(html).toContain('the platform has');

    // Stays: Ealing's own placements for these needs that ended in the last three years.
    const tenant = (await jobTenant(
      db,
      (
        await db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'commissioner.ealing@demo.example')
          .executeTakeFirstOrThrow()
      ).id,
    ))!;
    const ended = await withTenant(db, tenant, (trx) =>
      trx
        .selectFrom('placement')
        .select(['start_date', 'end_date'])
        .where('end_date', 'is not', null)
        .where('end_date', '>=', addMonths(tomorrow, -36))
        .where('need_segment', 'in', segments)
        .execute(),
    );
    const own = await orgOf('commissioner.ealing');
    const visible = await db
      .selectFrom('placement')
      .select('org_id')
      .where('end_date', 'is not', null)
      .where('need_segment', 'in', segments)
      .execute();
    expect(ended.length).toBe(visible.filter((p) => p.org_id === own).length);
    const kind =
      inputValue(html, 'stayLength.kind') ??
      /name="stayLength.kind"[^>]*value="(\w+)"[^>]*checked/.exec(html)?.[1] ??
      '';
    if (ended.length >= 30) {
      expect(html).toMatch(/name="stayLength\.kind" type="radio" value="empirical" checked/);
      const days = /name="stayLength\.days"[^>]*>([^<]*)</.exec(html)![1]!.split(', ').map(Number);
      expect(days.sort((a, b) => a - b)).toEqual(
        ended.map((p) => daysBetween(p.start_date, p.end_date!)).sort((a, b) => a - b),
      );
    } else {
      expect(kind).toBeDefined();
      const mean = ended.reduce((a, p) => a + daysBetween(p.start_date, p.end_date!), 0) / ended.length;
      expect(Number(inputValue(html, 'stayLength.lognormal.meanDays'))).toBe(Math.round(mean));
    }
    expect(html).toContain(`of your own placements for these needs`);

    // Terms from WL-SB-001; spot from the hub's table (2026 rates weighted by the needs mix).
    expect(inputValue(html, 'block.beds')).toBe('12');
    expect(inputValue(html, 'block.weeklyPounds')).toBe('4300');
    expect(inputValue(html, 'block.holdDays')).toBe('14');
    expect(inputValue(html, 'termMonths')).toBe('36');
    expect(inputValue(html, 'startDate-year')).toBe('2025');
    const std = Number(inputValue(html, 'needsMix.ebd-standard')) / 100;
    const cpx = Number(inputValue(html, 'needsMix.ebd-complex')) / 100;
    expect(std + cpx).toBeCloseTo(1, 6);
    expect(Number(inputValue(html, 'spot.weeklyPounds'))).toBeCloseTo(
      (std * 575_000 + cpx * 665_000) / 100,
      0,
    );
    const infl = (x: number, y: number) =>
      ((y / x) ** (365.25 / daysBetween('2024-04-01', '2026-04-01')) - 1) * 100;
    expect(Number(inputValue(html, 'spot.annualInflationPercent'))).toBeCloseTo(
      std * infl(520_000, 575_000) + cpx * infl(600_000, 665_000),
      1,
    );
    expect(html).toContain('West London Children’s Commissioning Hub’s spot-rate table');
    expect(html).toContain('WL-SB-001’s starting weekly price.');
    expect(html).toContain('An assumption: the platform does not yet measure');
  });

  it('counts referral demand by segment in SQL exactly as the domain rule does', async () => {
    const db = t().database.db;
    const hub = (await jobTenant(
      db,
      (
        await db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'analyst.hub@demo.example')
          .executeTakeFirstOrThrow()
      ).id,
    ))!;
    const { referralDemand } = await import('../../src/db/queries/simulation-prefill.ts');
    const answer = await withTenant(db, hub, (trx) => referralDemand(trx, '2026-11-20'));
    // The window is fixed by the database: the four complete quarters before the day's quarter.
    expect(answer.window).toEqual({ from: '2025-10-01', to: '2026-10-01' });
    const got = answer.rows;
    const rows = await withSystem(db, (trx) =>
      trx
        .selectFrom('referral')
        .select(['org_id', 'profile', sql<string>`(created_at at time zone 'Europe/London')::date`.as('day')])
        .where('status', '<>', 'draft')
        .execute(),
    );
    const expected = new Map<string, number>();
    for (const r of rows.filter((x) => x.day >= '2025-10-01' && x.day < '2026-10-01')) {
      const p = r.profile as { primaryNeed: string; risks: string[] };
      const k = `${r.org_id}|${needSegmentOf(p.primaryNeed, p.risks ?? [])}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    expect(
      new Map(got.filter((g) => g.referrals! > 0).map((g) => [`${g.orgId}|${g.segment}`, g.referrals])),
    ).toEqual(expected);
    const starts = await withSystem(db, (trx) =>
      trx
        .selectFrom('placement')
        .select(['org_id', 'need_segment'])
        .where('start_date', '>=', '2025-10-01')
        .where('start_date', '<', '2026-10-01')
        .execute(),
    );
    const placed = new Map<string, number>();
    for (const p of starts)
      placed.set(`${p.org_id}|${p.need_segment}`, (placed.get(`${p.org_id}|${p.need_segment}`) ?? 0) + 1);
    expect(
      new Map(got.filter((g) => g.placements! > 0).map((g) => [`${g.orgId}|${g.segment}`, g.placements])),
    ).toEqual(placed);
    // An LA sees its own counts exactly, and another LA's only when 0 or at least five.
    const ealing = (await jobTenant(
      db,
      (
        await db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'commissioner.ealing@demo.example')
          .executeTakeFirstOrThrow()
      ).id,
    ))!;
    const seen = (await withTenant(db, ealing, (trx) => referralDemand(trx, '2026-11-20'))).rows;
    // Asking about another day of the same quarter gives exactly the same answer.
    expect((await withTenant(db, ealing, (trx) => referralDemand(trx, '2026-10-02'))).rows).toEqual(seen);
    let withheld = 0;
    for (const g of seen) {
      const k = `${g.orgId}|${g.segment}`;
      const full = got.find((x) => `${x.orgId}|${x.segment}` === k)!;
      for (const [a, b] of [
        [g.referrals, full.referrals],
        [g.placements, full.placements],
      ] as const) {
        if (g.orgId === ealing.orgId || b === 0 || b! >= 5) expect(a, k).toBe(b);
        else {
          expect(a, k).toBeNull();
          withheld++;
        }
      }
      expect(g.firstRecorded === null || g.firstRecorded.endsWith('-01')).toBe(true);
    }
    expect(withheld).toBeGreaterThan(0);
    // A provider gets nothing.
    const provider = (await jobTenant(
      db,
      (
        await db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'manager.elmtree@demo.example')
          .executeTakeFirstOrThrow()
      ).id,
    ))!;
    expect((await withTenant(db, provider, (trx) => referralDemand(trx, '2026-11-20'))).rows).toEqual([]);
    // Nor does a placement officer: business cases are commissioners' and the hub's.
    const officer = (await jobTenant(
      db,
      (
        await db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'officer.ealing@demo.example')
          .executeTakeFirstOrThrow()
      ).id,
    ))!;
    expect((await withTenant(db, officer, (trx) => referralDemand(trx, '2026-11-20'))).rows).toEqual([]);
  });
});

describe('tenancy and sharing', () => {
  const random = '6f1c0f52-1d9e-4a47-9d2e-2f9b8f0b8d11';

  it('answers another organisation’s scenario or run exactly like a missing one', async () => {
    const brent = await signIn(t().app, 'commissioner.brent');
    const { id } = (
      await brent.api('POST', '/api/v1/scenarios', scenarioFile('304', 'Brent private'))
    ).json() as { id: string };
    const { runId } = (await brent.api('POST', `/api/v1/scenarios/${id}/runs`, {})).json() as {
      runId: string;
    };
    await runJobs();
    for (const who of ['commissioner.ealing', 'analyst.hub']) {
      const s = await signIn(t().app, who);
      for (const [theirs, missing] of [
        [`/api/v1/scenarios/${id}`, `/api/v1/scenarios/${random}`],
        [`/api/v1/simulation-runs/${runId}`, `/api/v1/simulation-runs/${random}`],
        [`/api/v1/simulation-runs/${runId}/pack.xlsx`, `/api/v1/simulation-runs/${random}/pack.xlsx`],
        [`/business-cases/${id}`, `/business-cases/${random}`],
        [`/business-cases/runs/${runId}`, `/business-cases/runs/${random}`],
      ] as const) {
        const a = await s.api('GET', theirs);
        const b = await s.api('GET', missing);
        const nonce = (x: string) => x.replace(/nonce="[^"]*"/g, 'nonce=""');
        expect([a.statusCode, nonce(a.body)], `${who} ${theirs}`).toEqual([b.statusCode, nonce(b.body)]);
        expect(a.statusCode).toBe(404);
      }
      const run = await s.api('POST', `/api/v1/scenarios/${id}/runs`, {});
      expect(run.statusCode).toBe(404);
      const list = (await s.api('GET', '/api/v1/scenarios')).json() as { scenarios: Array<{ id: string }> };
      expect(list.scenarios.map((x) => x.id)).not.toContain(id);
    }
  });

  it('lets the hub share a scenario with the authorities taking part, read-only', async () => {
    const hub = await signIn(t().app, 'analyst.hub');
    const ealing = await orgOf('commissioner.ealing');
    const brent = await orgOf('commissioner.brent');
    const { id } = (
      await hub.api('POST', '/api/v1/scenarios', {
        ...scenarioFile('307', 'Hub case for Ealing'),
        stayLength: { kind: 'empirical', days: [100, 200, 300, 400, 500] },
      })
    ).json() as { id: string };
    const { runId } = (await hub.api('POST', `/api/v1/scenarios/${id}/runs`, {})).json() as { runId: string };
    await runJobs();
    // Brent does not take part: sharing with it is dropped.
    const shared = await hub.post(`/business-cases/${id}/sharing`, { la: [ealing, brent] });
    expect(shared.statusCode).toBe(303);
    const row = await t()
      .database.db.selectFrom('scenario')
      .select('shared_with')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.shared_with).toEqual([ealing]);

    const e = await signIn(t().app, 'commissioner.ealing');
    const got = await e.api('GET', `/api/v1/scenarios/${id}`);
    expect(got.statusCode).toBe(200);
    const r = (await e.api('GET', `/api/v1/simulation-runs/${runId}`)).json() as {
      status: string;
      links: { job: string | null };
      request: { scenario: { stayLength: unknown } };
    };
    expect([r.status, r.links.job]).toEqual(['succeeded', null]);
    // The hub's assumptions, not the records behind them: no individual stay lengths.
    const lognormal = { kind: 'lognormal', meanDays: 300, sdDays: 158 };
    expect((got.json() as { scenario: { stayLength: unknown } }).scenario.stayLength).toEqual(lognormal);
    expect(r.request.scenario.stayLength).toEqual(lognormal);
    expect(JSON.parse((await e.get(`/business-cases/${id}/scenario.json`)).body).stayLength).toEqual(
      lognormal,
    );
    const hubView = (await hub.api('GET', `/api/v1/scenarios/${id}`)).json() as {
      scenario: { stayLength: { kind: string } };
    };
    expect(hubView.scenario.stayLength.kind).toBe('empirical');
    expect((await e.get(`/business-cases/runs/${runId}`)).statusCode).toBe(200);
    expect((await e.get(`/business-cases/${id}`)).body).toContain('Make a copy');
    // Read-only: no runs, no changes, no sharing.
    expect((await e.api('POST', `/api/v1/scenarios/${id}/runs`, {})).statusCode).toBe(403);
    expect((await e.get(`/business-cases/${id}/edit`)).statusCode).toBe(403);
    // A copy is Ealing's own.
    const copy = await e.post(`/business-cases/${id}/copy`, {});
    expect(copy.statusCode).toBe(303);
    const copyId = copy.headers.location!.split('/').at(-1)!;
    const mine = await t()
      .database.db.selectFrom('scenario')
      .select(['org_id', 'shared_with'])
      .where('id', '=', copyId)
      .executeTakeFirstOrThrow();
    expect(mine).toEqual({ org_id: ealing, shared_with: [] });

    const b = await signIn(t().app, 'commissioner.brent');
    expect((await b.api('GET', `/api/v1/scenarios/${id}`)).statusCode).toBe(404);

    // An LA cannot share, even through the database.
    await expect(
      withTenant(
        t().database.db,
        (await jobTenant(
          t().database.db,
          (
            await t()
              .database.db.selectFrom('app_user')
              .select('id')
              .where('email', '=', 'commissioner.ealing@demo.example')
              .executeTakeFirstOrThrow()
          ).id,
        ))!,
        (trx) =>
          trx
            .updateTable('scenario')
            .set({ shared_with: [brent] })
            .where('id', '=', copyId)
            .execute(),
      ),
    ).rejects.toThrow(/only a hub shares/);
  });
});

describe('monitoring a live contract against its business case', () => {
  it('compares the contract’s actual occupancy, needs and spot rate with the business case', async () => {
    const s = await signIn(t().app, 'analyst.hub');
    const wl = await contractId('WL-SB-001');
    const file = {
      ...scenarioFile('307', 'WL-SB-001 business case'),
      startDate: '2025-04-01',
      termMonths: 36,
      block: { beds: 12, weeklyPounds: 4300, holdDays: 14 },
      needsMix: { 'ebd-standard': 0.9, 'ebd-complex': 0.1 },
      simulation: { runs: 100, seed: 1 },
    };
    const { id } = (await s.api('POST', `/api/v1/scenarios?contractId=${wl}`, file)).json() as { id: string };
    const none = await s.get(`/business-cases/${id}/monitoring`);
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('has not been run yet');
    await s.api('POST', `/api/v1/scenarios/${id}/runs`, {});
    await runJobs();
    const res = await s.get(`/business-cases/${id}/monitoring`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('WL-SB-001');
    expect(res.body).toMatch(/id="flags"/);

    // The actual occupancy of a month is the ledger's, read independently.
    const db = t().database.db;
    const hub = (await jobTenant(
      db,
      (
        await db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'analyst.hub@demo.example')
          .executeTakeFirstOrThrow()
      ).id,
    ))!;
    const occ = await withTenant(db, hub, async (trx) => {
      const rec = (await loadContractRecord(trx, wl))!;
      const range = { from: '2026-06-01', to: '2026-07-01' };
      const ledger = await loadLedger(trx, rec.contract, range);
      let occupied = 0;
      let all = 0;
      for (const i of bedTimelines(bedWindows(rec.contract), ledger, rec.contract.vacancy.holdDays, range)) {
        if (i.state === 'outside' || i.state === 'decommissioned') continue;
        const d = daysBetween(i.from, i.to);
        all += d;
        if (i.state === 'occupied') occupied += d;
      }
      return { occupied, all };
    });
    const row = new RegExp(
      `Jun 2026</th>\\s*<td[^>]*>${occ.occupied.toLocaleString('en-GB')}</td>\\s*<td[^>]*>${occ.all.toLocaleString('en-GB')}</td>\\s*<td[^>]*>${((occ.occupied / occ.all) * 100).toFixed(1)}%`,
    );
    expect(res.body).toMatch(row);
    // Ealing's own business case for the same contract: the needs of the children placed are shown
    // only when no other LA's children would be counted in ones to fours.
    const e0 = await signIn(t().app, 'commissioner.ealing');
    const mine = (
      await e0.api('POST', `/api/v1/scenarios?contractId=${wl}`, {
        ...file,
        name: 'Ealing’s view of WL-SB-001',
      })
    ).json() as { id: string };
    await e0.api('POST', `/api/v1/scenarios/${mine.id}/runs`, {});
    await runJobs();
    const ealingView = await e0.get(`/business-cases/${mine.id}/monitoring`);
    expect(ealingView.statusCode).toBe(200);
    const ealingOrg = await orgOf('commissioner.ealing');
    const placed = await withSystem(db, (trx) =>
      trx
        .selectFrom('placement')
        .select(['org_id', 'need_segment'])
        .where('contract_id', '=', wl)
        .where('start_date', '<', '2026-11-01')
        .execute(),
    );
    const others = new Map<string, number>();
    for (const p of placed)
      if (p.org_id !== ealingOrg) others.set(p.need_segment, (others.get(p.need_segment) ?? 0) + 1);
    const small = [...others.values(), [...others.values()].reduce((a, b) => a + b, 0)].some(
      (n) => n >= 1 && n <= 4,
    );
    expect(ealingView.body.includes('id="needs-withheld"')).toBe(small);
    // Ealing takes part in the contract but cannot see the hub's business case at all.
    const e = await signIn(t().app, 'commissioner.ealing');
    expect((await e.get(`/business-cases/${id}/monitoring`)).statusCode).toBe(404);
  });
});

describe('the pages', () => {
  it('render for the owner, in their empty and full states', async () => {
    const s = await signIn(t().app, 'commissioner.harrow');
    const empty = await s.get('/business-cases');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('id="no-business-cases"');
    expect((await s.get('/business-cases/new')).statusCode).toBe(200);
    const refused = await s.post('/business-cases/new', { name: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#name"');
    expect(refused.body).toContain('href="#segment"');
    const { id } = (await s.api('POST', '/api/v1/scenarios', scenarioFile('310', 'Harrow pages'))).json() as {
      id: string;
    };
    for (const url of [
      '/business-cases',
      `/business-cases/${id}`,
      `/business-cases/${id}/edit`,
      `/business-cases/${id}/monitoring`,
    ]) {
      const res = await s.get(url);
      expect(res.statusCode, url).toBe(200);
    }
    expect((await s.get(`/business-cases/${id}`)).body).toContain('id="no-runs"');
    const json = await s.get(`/business-cases/${id}/scenario.json`);
    expect(json.headers['content-disposition']).toContain('attachment');
    expect(JSON.parse(json.body)).toEqual(scenarioFile('310', 'Harrow pages'));
    // Saving the edit form unchanged keeps the file as it was.
    const edit = await s.get(`/business-cases/${id}/edit`);
    const form: Record<string, string> = {};
    for (const [tag] of edit.body.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
      if (!name || name === '_csrf') continue;
      if (/type="(radio|checkbox)"/.test(tag) && !/\schecked/.test(tag)) continue;
      form[name] = value.replace(/&amp;/g, '&').replace(/&#39;/g, "'");
    }
    const saved = await s.post(`/business-cases/${id}/edit`, form);
    expect(
      saved.statusCode,
      [...saved.body.matchAll(/<a href="(#[^"]+)">([^<]+)</g)].map((m) => `${m[1]} ${m[2]}`).join('\n'),
    ).toBe(303);
    const after = (await s.api('GET', `/api/v1/scenarios/${id}`)).json() as {
      scenario: Record<string, unknown>;
    };
    const { simulation: _s1, appraisal: _a1, ...was } = scenarioFile('310', 'Harrow pages');
    const { simulation: _s2, appraisal: _a2, ...now } = after.scenario;
    expect(now).toMatchObject({
      ...was,
      las: [{ code: '310', name: 'LA 310', referralsPerYear: 6, sharePpm: 1_000_000 }],
    });
    const { runId } = (await s.api('POST', `/api/v1/scenarios/${id}/runs`, {})).json() as { runId: string };
    const pending = await s.get(`/business-cases/runs/${runId}`);
    expect(pending.body).toContain('has not finished');
    await runJobs();
    for (const url of [`/business-cases/runs/${runId}`, `/business-cases/runs/${runId}/print`]) {
      const res = await s.get(url);
      expect(res.statusCode, url).toBe(200);
    }
  });
});
