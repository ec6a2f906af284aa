/**
 * Contract pages and API over the demo region: who sees what (an LA its own statement lines only;
 * a provider only its contracts; no LA sees another LA's children on any of these pages or files),
 * every form and API body refusing bad input with the fields named and nothing written, and the
 * writes (a new contract, unavailability, an ending, a spot rate) changing what the engine charges.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { vacantContractBeds } from '../../src/db/queries/ledger.ts';
import { withSystem, withTenant } from '../../src/db/tenant.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const db = () => t().database.db;
let sb1: string;
let sb2: string;
const orgs: Record<string, string> = {};
const sessions: Record<string, Session> = {};
const who = (local: string) => sessions[local]!;

async function count(table: 'contract' | 'bed_interval' | 'spot_rate' | 'contract_party' | 'contract_bed') {
  const r = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function xlsxText(body: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.text ?? '')))));
  return out.join('\n');
}

beforeAll(async () => {
  const contracts = await db().selectFrom('contract').select(['id', 'reference']).execute();
  sb1 = contracts.find((c) => c.reference === 'WL-SB-001')!.id;
  sb2 = contracts.find((c) => c.reference === 'WL-SB-002')!.id;
  for (const o of await db().selectFrom('organisation').select(['id', 'name']).execute()) orgs[o.name] = o.id;
  for (const local of [
    'officer.ealing',
    'commissioner.ealing',
    'commissioner.brent',
    'officer.brent',
    'analyst.hub',
    'manager.elmtree',
    'manager.brightpath',
    'manager.harbour',
  ]) {
    sessions[local] = await signIn(t().app, local);
  }
});

describe('who sees which contracts and statements', () => {
  it('a provider sees only its own contracts; another’s is not found', async () => {
    const list = await who('manager.elmtree').api('GET', '/api/v1/contracts');
    expect(list.json().contracts.map((c: { reference: string }) => c.reference)).toEqual(['WL-SB-001']);
    for (const url of [`/api/v1/contracts/${sb2}`, `/contracts/${sb2}`, `/contracts/${sb2}/statements`]) {
      expect((await who('manager.elmtree').get(url)).statusCode, url).toBe(404);
    }
    const empty = await who('manager.brightpath').get('/contracts');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('There are no contracts for Brightpath Homes yet');
  });

  it('an LA sees only its own statement lines; the provider its statement by LA; the hub everything and the reconciliation', async () => {
    const brent = orgs.Brent!;
    const la = (
      await who('commissioner.brent').api('GET', `/api/v1/contracts/${sb1}/statements?month=2026-10`)
    ).json();
    expect(la.scope).toBe('la');
    expect(la.las).toHaveLength(1);
    expect(la.las[0].la).toBe(brent);
    expect(la.las[0].lines.every((l: { la: string }) => l.la === brent)).toBe(true);
    expect(la.provider).toBeNull();
    expect(la.reconciliation).toBeNull();

    const provider = (
      await who('manager.elmtree').api('GET', `/api/v1/contracts/${sb1}/statements?month=2026-10`)
    ).json();
    expect(provider.scope).toBe('provider');
    expect(provider.las).toEqual([]);
    expect(provider.provider.byLa).toHaveLength(7);

    const hub = (
      await who('analyst.hub').api('GET', `/api/v1/contracts/${sb1}/statements?month=2026-10`)
    ).json();
    expect(hub.scope).toBe('all');
    expect(hub.las).toHaveLength(7);
    expect(hub.reconciliation.difference).toBe(0);
    expect(hub.reconciliation.laTotal).toBe(provider.provider.total);
    const brentOnHub = hub.las.find((s: { la: string }) => s.la === brent);
    expect(brentOnHub.total).toBe(la.las[0].total);

    // The same on the page, and the month's reading is audited.
    const page = await who('commissioner.brent').get(`/contracts/${sb1}/statements?month=2026-10`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What Brent owes');
    expect(page.body).not.toContain('What Ealing owes');
    expect(page.body).not.toContain('Reconciliation');
    const audit = await db()
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('entity_type', '=', 'contract-statement')
      .where('org_id', '=', brent)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('no LA, provider or hub sees another LA’s children on any contract page, file or API answer', async () => {
    const ealing = orgs.Ealing!;
    const ealingChildren = await db()
      .selectFrom('placement as p')
      .innerJoin('child as c', 'c.id', 'p.child_id')
      .select(['p.id', 'c.child_ref'])
      .where('p.org_id', '=', ealing)
      .where('p.contract_id', '=', sb1)
      .execute();
    expect(ealingChildren.length).toBeGreaterThan(0);
    const allRefs = await db().selectFrom('child').select('child_ref').execute();
    const months = ['2025-06', '2025-12', '2026-03', '2026-08', '2026-10', '2026-11'];
    const urls = [
      `/contracts/${sb1}`,
      `/contracts/${sb1}/kpis`,
      `/contracts/${sb1}/beds?from=2025-04-01&to=2026-12-31`,
      ...months.map((m) => `/contracts/${sb1}/statements?month=${m}`),
      ...months.map((m) => `/contracts/${sb1}/statements.csv?month=${m}`),
      `/api/v1/contracts/${sb1}`,
      `/api/v1/contracts/${sb1}/kpis`,
      `/api/v1/contracts/${sb1}/beds?from=2025-04-01&to=2026-12-31`,
      ...months.map((m) => `/api/v1/contracts/${sb1}/statements?month=${m}`),
    ];
    for (const local of ['commissioner.brent', 'officer.brent', 'manager.elmtree', 'analyst.hub']) {
      const s = who(local);
      const texts: string[] = [];
      for (const url of urls) {
        const res = await s.get(url, { accept: url.startsWith('/api/') ? 'application/json' : 'text/html' });
        expect(res.statusCode, `${local} ${url}`).toBe(200);
        texts.push(res.body);
      }
      for (const m of months) {
        const res = await s.get(`/contracts/${sb1}/statements.xlsx?month=${m}`);
        expect(res.statusCode).toBe(200);
        texts.push(await xlsxText(res.rawPayload));
      }
      const all = texts.join('\n');
      // Another LA's children: never a reference. Providers and the hub never read children at all.
      const forbidden = local.endsWith('.brent')
        ? ealingChildren.map((c) => c.child_ref)
        : allRefs.map((c) => c.child_ref);
      for (const ref of forbidden) expect(all, `${local} sees ${ref}`).not.toContain(ref);
      if (local.endsWith('.brent')) {
        for (const c of ealingChildren) {
          expect(all, `${local} sees Ealing's placement ${c.id}`).not.toContain(c.id);
          expect(all).not.toContain(`Placement ${c.id.slice(0, 8)}`);
        }
      }
    }
    // An LA does see its own children's references on its own statement.
    const own = await who('officer.ealing').get(`/contracts/${sb1}/statements?month=2026-10`);
    const ealingRefsInOctober = ealingChildren.map((c) => c.child_ref).filter((r) => own.body.includes(r));
    expect(ealingRefsInOctober.length).toBeGreaterThan(0);
  });

  it('the bed board shows another LA’s placement as “another authority” to an LA, and by name to the hub', async () => {
    const la = (await who('commissioner.brent').api('GET', `/api/v1/contracts/${sb1}/beds`)).json();
    const whos = new Set(
      la.beds.flatMap((b: { intervals: Array<{ who: string | null }> }) => b.intervals.map((i) => i.who)),
    );
    expect(whos.has('Another authority')).toBe(true);
    expect(whos.has('Ealing')).toBe(false);
    const hub = (await who('analyst.hub').api('GET', `/api/v1/contracts/${sb1}/beds`)).json();
    const hubWhos = new Set(
      hub.beds.flatMap((b: { intervals: Array<{ who: string | null }> }) => b.intervals.map((i) => i.who)),
    );
    expect(hubWhos.has('Another authority')).toBe(false);
  });

  it('a commissioner downloads the month as xlsx and CSV, and the totals match the page', async () => {
    const s = who('analyst.hub');
    const json = (await s.api('GET', `/api/v1/contracts/${sb1}/statements?month=2026-09`)).json();
    const x = await s.get(`/contracts/${sb1}/statements.xlsx?month=2026-09`);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.headers['content-disposition']).toContain('WL-SB-001-statement-2026-09-all.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'LA statement lines', 'Provider pools']);
    const summary = wb.getWorksheet('Summary')!;
    const values: Array<[string, number]> = [];
    summary.eachRow((row) => {
      const party = String(row.getCell(5).value ?? '');
      const total = row.getCell(7).value;
      if (typeof total === 'number') values.push([party, total]);
    });
    const ealing = json.las.find((l: { laName: string }) => l.laName === 'Ealing');
    expect(values).toContainEqual(['Ealing', ealing.total / 100]);
    expect(values).toContainEqual(['Elmtree Care Ltd', json.provider.total / 100]);
    const csv = await s.get(`/contracts/${sb1}/statements.csv?month=2026-09`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.trim().split('\r\n');
    const lines = json.las.reduce((n: number, l: { lines: unknown[] }) => n + l.lines.length, 0);
    expect(rows).toHaveLength(lines + 1);
    const exports = await db()
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'export')
      .where('entity_id', '=', sb1)
      .execute();
    expect(exports.length).toBeGreaterThanOrEqual(2);
  });

  it('shows empty and error states: a month out of the term, a bad month, bad KPI days', async () => {
    const s = who('commissioner.ealing');
    const before = await s.get(`/contracts/${sb1}/statements?month=2024-01`);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('is not in force in January 2024');
    expect((await s.get(`/contracts/${sb1}/statements?month=2026-13`)).statusCode).toBe(400);
    expect((await s.get(`/contracts/${sb1}/statements.xlsx?month=2024-01`)).statusCode).toBe(404);
    const kpi = await s.get(`/contracts/${sb1}/kpis?from=2026-02-30&to=2026-01-01`);
    expect(kpi.statusCode).toBe(400);
    expect(kpi.body).toContain('href="#from"');
    const api = await s.api('GET', `/api/v1/contracts/${sb1}/kpis?from=2031-01-01&to=2031-02-01`);
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields[0].field).toBe('from');
    const board = await s.get(`/contracts/${sb1}/beds?from=2026-01-01&to=2025-01-01`);
    expect(board.statusCode).toBe(400);
    expect(board.body).toContain('href="#to"');
  });
});

/** A valid contract form for Brightpath (which has no contract): soft block, Ealing and Brent 50:50. */
async function brightpathForm(over: Record<string, string> = {}) {
  const homes = await db()
    .selectFrom('home')
    .select(['id', 'name'])
    .where('org_id', '=', orgs['Brightpath Homes']!)
    .orderBy('name')
    .execute();
  const form: Record<string, string> = {
    providerId: orgs['Brightpath Homes']!,
    kind: 'soft-block',
    reference: 'WL-SB-003',
    name: 'North West London soft block',
    'start-day': '1',
    'start-month': '4',
    'start-year': '2026',
    initialMonths: '24',
    extensions: '1+1',
    extensionNoticeMonths: '6',
    breakNoticeMonths: '6',
    weeklyPrice: '£4,400',
    upliftKind: 'fixed',
    upliftPercent: '3',
    holdDays: '14',
    holdPayer: 'shared',
    afterHold: 'void-shared',
    maxBedsPerSetting: '5',
    [`share-${orgs.Ealing}`]: '50%',
    [`share-${orgs.Brent}`]: '1/2',
    [`beds-${homes[1]!.id}`]: '2',
    ...over,
  };
  return { form, homes };
}

describe('creating a contract', () => {
  it('refuses shares that do not add up to 1 and more beds than the cap, naming the fields, and writes nothing', async () => {
    const s = who('commissioner.ealing');
    const before = await Promise.all([count('contract'), count('contract_party'), count('contract_bed')]);
    const { form, homes } = await brightpathForm({ [`share-${orgs.Brent}`]: '30%' });
    const shares = await s.post('/contracts/new', form);
    expect(shares.statusCode).toBe(400);
    expect(shares.body).toContain('The shares add up to 80%');
    expect(shares.body).toContain('href="#shares"');
    const capped = await s.post('/contracts/new', {
      ...form,
      [`share-${orgs.Brent}`]: '50%',
      maxBedsPerSetting: '3',
      [`beds-${homes[0]!.id}`]: '4',
    });
    expect(capped.statusCode).toBe(400);
    expect(capped.body).toContain('more than the cap of 3 per setting');
    expect(capped.body).toContain(`href="#beds-${homes[0]!.id}"`);
    const blank = await s.post('/contracts/new', { providerId: orgs['Brightpath Homes']! });
    expect(blank.statusCode).toBe(400);
    for (const field of [
      'kind',
      'reference',
      'name',
      'start',
      'initialMonths',
      'weeklyPrice',
      'holdDays',
      'shares',
      'homes',
    ]) {
      expect(blank.body, field).toContain(`href="#${field}"`);
    }
    const index = await s.post('/contracts/new', {
      ...form,
      [`share-${orgs.Brent}`]: '50%',
      upliftKind: 'index',
      upliftIndex: 'CPI',
      upliftCap: '2',
      upliftFloor: '3',
      upliftSeries: '2027-03-17 3.1%\nnot-a-date 2%',
    });
    expect(index.statusCode).toBe(400);
    expect(index.body).toContain('href="#upliftSeries"');
    expect(await Promise.all([count('contract'), count('contract_party'), count('contract_bed')])).toEqual(
      before,
    );
  });

  it('refuses the same in the API, naming the body’s fields, and writes nothing', async () => {
    const s = who('analyst.hub');
    const homes = await db()
      .selectFrom('home')
      .select(['id'])
      .where('org_id', '=', orgs['Brightpath Homes']!)
      .orderBy('name')
      .execute();
    const elmtreeHome = await db()
      .selectFrom('home')
      .select('id')
      .where('org_id', '=', orgs['Elmtree Care Ltd']!)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const body = {
      kind: 'soft-block',
      reference: 'HUB-API-1',
      name: 'API block',
      providerId: orgs['Brightpath Homes']!,
      start: '2026-04-01',
      initialMonths: 36,
      extensions: '1+1',
      breakNoticeMonths: 6,
      weeklyPricePence: 440_000,
      uplift: {
        kind: 'index',
        index: 'CPI',
        capPercent: 4,
        floorPercent: 1,
        series: [{ from: '2026-03-18', percent: 3.1 }],
      },
      holdDays: 14,
      holdPayer: 'leaving-la',
      afterHold: 'void-shared',
      parties: [
        { orgId: orgs.Ealing!, share: '1/3' },
        { orgId: orgs.Brent!, share: '1/3' },
        { orgId: orgs.Harrow!, share: '1/3' },
      ],
      homes: [{ homeId: homes[0]!.id, beds: 2 }],
    };
    const before = await count('contract');
    const fieldsOf = async (b: unknown) => {
      const res = await s.api('POST', '/api/v1/contracts', b);
      expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
      return res.json().error.fields.map((f: { field: string }) => f.field);
    };
    const unknown = await s.api('POST', '/api/v1/contracts', { ...body, colour: 'blue' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('colour');
    expect(await fieldsOf({ ...body, parties: body.parties.slice(0, 2) })).toContain('parties');
    expect(await fieldsOf({ ...body, maxBedsPerSetting: 1 })).toContain('homes[0].beds');
    expect(await fieldsOf({ ...body, homes: [{ homeId: elmtreeHome.id, beds: 1 }] })).toContain(
      'homes[0].homeId',
    );
    expect(await fieldsOf({ ...body, kind: 'framework' })).toContain('holdDays');
    expect(await count('contract')).toBe(before);

    // Elmtree's beds are already blocked by WL-SB-001.
    const blocked = await s.api('POST', '/api/v1/contracts', {
      ...body,
      providerId: orgs['Elmtree Care Ltd']!,
      homes: [{ homeId: elmtreeHome.id, beds: 1 }],
    });
    expect(blocked.statusCode).toBe(400);
    expect(blocked.json().error.fields[0]).toMatchObject({ field: 'homes[0].beds' });
    expect(blocked.json().error.fields[0].message).toContain('already blocked by contract WL-SB-001');

    const created = await s.api('POST', '/api/v1/contracts', body);
    expect(created.statusCode, created.body).toBe(201);
    const detail = (await s.api('GET', `/api/v1/contracts/${created.json().id}`)).json();
    expect(detail.parties.map((p: { sharePpm: number }) => p.sharePpm)).toEqual([333_334, 333_333, 333_333]);
    expect(detail.homes[0].beds).toHaveLength(2);
    expect(detail.terms.uplift).toMatchObject({ kind: 'index', capPpm: 40_000, floorPpm: 10_000 });
    const again = await s.api('POST', '/api/v1/contracts', body);
    expect(again.json().error.fields[0].field).toBe('reference');
  });

  it('creates a contract from the form; its parties and provider then see it, and its statements reconcile', async () => {
    const { form } = await brightpathForm();
    const res = await who('commissioner.ealing').post('/contracts/new', form);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const id = res.headers.location!.split('/').at(-1)!;
    const page = await who('commissioner.ealing').get(`/contracts/${id}`);
    expect(page.body).toContain('North West London soft block');
    expect(page.body).toContain('3% on each anniversary');
    expect((await who('commissioner.brent').get(`/contracts/${id}`)).statusCode).toBe(200);
    expect((await who('manager.brightpath').get(`/contracts/${id}`)).statusCode).toBe(200);
    expect((await who('manager.elmtree').get(`/contracts/${id}`)).statusCode).toBe(404);
    const st = (
      await who('commissioner.ealing').api('GET', `/api/v1/contracts/${id}/statements?month=2026-10`)
    ).json();
    expect(st.scope).toBe('all');
    expect(st.reconciliation.difference).toBe(0);
    // Two beds, every day of October in one state or another (these beds hold spot placements).
    expect(Object.values(st.bedDays as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2 * 31);
    expect(st.reconciliation.laTotal).toBeGreaterThan(0);
  });

  it('is for commissioners and the hub only', async () => {
    expect((await who('officer.ealing').get('/contracts/new')).statusCode).toBe(403);
    expect((await who('manager.elmtree').api('POST', '/api/v1/contracts', {})).statusCode).toBe(400);
    expect((await who('manager.elmtree').post('/contracts/new', {})).statusCode).toBe(403);
  });
});

describe('provider bed actions', () => {
  it('refuses bad unavailability with the fields named, refuses an occupied bed, writes nothing, then marks and ends it', async () => {
    const s = who('manager.elmtree');
    const tenant = (await db()
      .selectFrom('app_user')
      .innerJoin('organisation', 'organisation.id', 'app_user.org_id')
      .select([
        'app_user.id as userId',
        'organisation.id as orgId',
        'organisation.kind as orgKind',
        'app_user.role',
        'organisation.region_code as regionCode',
      ])
      .where('email', '=', 'manager.elmtree@demo.example')
      .executeTakeFirstOrThrow()) as Parameters<typeof withTenant>[1];
    const vacant = (await withTenant(db(), tenant, (trx) => vacantContractBeds(trx, '2026-11-20'))).find(
      (b) => b.contractId === sb1,
    )!;
    const occupied = await db()
      .selectFrom('bed_interval')
      .select('bed_id')
      .where('org_id', '=', tenant.orgId)
      .where('kind', '=', 'placement')
      .where('to_date', 'is', null)
      .executeTakeFirstOrThrow();
    const before = await count('bed_interval');

    const blank = await s.post(`/beds/${vacant.bedId}/unavailable`, {
      'from-day': '31',
      'from-month': '2',
      'from-year': '2027',
    });
    expect(blank.statusCode).toBe(400);
    for (const f of ['kind', 'from', 'reason']) expect(blank.body).toContain(`href="#${f}"`);
    const busy = await s.post(`/beds/${occupied.bed_id}/unavailable`, {
      kind: 'provider',
      'from-day': '1',
      'from-month': '12',
      'from-year': '2026',
      reason: 'Repairs',
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.body).toContain('is occupied from');
    const api = await s.api('POST', `/api/v1/beds/${vacant.bedId}/unavailability`, {
      kind: 'broken',
      from: '2026-12-01',
      reason: '',
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['kind']);
    const noReason = await s.api('POST', `/api/v1/beds/${vacant.bedId}/unavailability`, {
      kind: 'agreed',
      from: '2026-12-01',
      to: '2026-11-30',
      reason: ' ',
    });
    expect(noReason.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['to', 'reason']);
    expect(await count('bed_interval')).toBe(before);

    // Agreed unavailability in December: the agreed-unavailability pool appears on the statement.
    const dec = async () =>
      (await who('analyst.hub').api('GET', `/api/v1/contracts/${sb1}/statements?month=2026-12`)).json();
    const was = await dec();
    const pool = (st: { provider: { pools: Array<{ kind: string; days: number }> } }) =>
      st.provider.pools.find((p) => p.kind === 'unavailable-agreed-share')?.days ?? 0;
    const made = await s.api('POST', `/api/v1/beds/${vacant.bedId}/unavailability`, {
      kind: 'agreed',
      from: '2026-12-05',
      to: '2026-12-15',
      reason: 'Impact on current residents',
    });
    expect(made.statusCode, made.body).toBe(201);
    const now = await dec();
    expect(pool(now) - pool(was)).toBe(10);
    expect(now.bedDays['unavailable-agreed'] - was.bedDays['unavailable-agreed']).toBe(10);
    expect(
      (
        await s.api('POST', `/api/v1/beds/${vacant.bedId}/unavailability`, {
          kind: 'provider',
          from: '2026-12-10',
          reason: 'Staffing',
        })
      ).statusCode,
    ).toBe(409);

    // Ending it: a day on or before its start is refused; then it ends early.
    const uid = made.json().id;
    const early = await s.post(`/unavailability/${uid}/end`, {
      'to-day': '5',
      'to-month': '12',
      'to-year': '2026',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('href="#to"');
    expect((await s.api('POST', `/api/v1/unavailability/${uid}/end`, { to: 'soon' })).statusCode).toBe(400);
    const ended = await s.post(`/unavailability/${uid}/end`, {
      'to-day': '8',
      'to-month': '12',
      'to-year': '2026',
    });
    expect(ended.statusCode).toBe(303);
    expect(pool(await dec()) - pool(was)).toBe(3);
    // The bed board offers the provider its actions, and nobody else.
    const board = await s.get(`/contracts/${sb1}/beds?from=2026-12-01&to=2026-12-31`);
    expect(board.body).toContain(`/unavailability/${uid}/end`);
    expect(board.body).toContain(`/beds/${vacant.bedId}/unavailable`);
    const hubBoard = await who('analyst.hub').get(`/contracts/${sb1}/beds?from=2026-12-01&to=2026-12-31`);
    expect(hubBoard.body).not.toContain('/unavailable"');
    expect((await who('analyst.hub').get(`/beds/${vacant.bedId}/unavailable`)).statusCode).toBe(403);
    expect((await who('manager.harbour').get(`/beds/${vacant.bedId}/unavailable`)).statusCode).toBe(404);
  });
});

describe('LA placement actions', () => {
  it('lists the LA’s own placements and ends one, refusing bad input by field and writing nothing', async () => {
    const s = who('officer.ealing');
    const list = await s.get('/placements');
    expect(list.statusCode).toBe(200);
    const open = await db()
      .selectFrom('placement')
      .select(['id', 'start_date', 'bed_id'])
      .where('org_id', '=', orgs.Ealing!)
      .where('end_date', 'is', null)
      .where('contract_id', '=', sb1)
      .executeTakeFirstOrThrow();
    expect(list.body).toContain(`/placements/${open.id}/end`);
    const brentOpen = await db()
      .selectFrom('placement')
      .select('id')
      .where('org_id', '=', orgs.Brent!)
      .where('end_date', 'is', null)
      .executeTakeFirstOrThrow();
    expect(list.body).not.toContain(brentOpen.id);
    expect((await s.get(`/placements/${brentOpen.id}/end`)).statusCode).toBe(404);

    const missing = await s.post(`/placements/${open.id}/end`, {
      'endDate-day': '1',
      'endDate-month': '12',
      'endDate-year': '2026',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#ending"');
    const before = await s.post(`/placements/${open.id}/end`, {
      'endDate-day': '1',
      'endDate-month': '1',
      'endDate-year': '2020',
      ending: 'planned',
    });
    expect(before.statusCode).toBe(400);
    expect(before.body).toContain('href="#endDate"');
    const api = await s.api('POST', `/api/v1/placements/${open.id}/end`, { endDate: '2026-12-01' });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields[0].field).toBe('ending');
    const still = await db()
      .selectFrom('placement')
      .select('end_date')
      .where('id', '=', open.id)
      .executeTakeFirstOrThrow();
    expect(still.end_date).toBeNull();

    const ok = await s.api('POST', `/api/v1/placements/${open.id}/end`, {
      endDate: '2026-12-01',
      ending: 'unplanned',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const interval = await db()
      .selectFrom('bed_interval')
      .select(['to_date', 'ending'])
      .where('placement_id', '=', open.id)
      .executeTakeFirstOrThrow();
    expect(interval).toEqual({ to_date: '2026-12-01', ending: 'unplanned' });
    const again = await s.post(`/placements/${open.id}/end`, {
      'endDate-day': '2',
      'endDate-month': '12',
      'endDate-year': '2026',
      ending: 'planned',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already ended');
    // Its hold is on Ealing's December statement.
    const st = (await s.api('GET', `/api/v1/contracts/${sb1}/statements?month=2026-12`)).json();
    const hold = st.las[0].lines.find(
      (l: { kind: string; placement: string }) => l.kind === 'hold' && l.placement === open.id,
    );
    expect(hold.days).toBe(14);
    expect((await who('manager.elmtree').get('/placements')).statusCode).toBe(403);
  });
});

describe('the spot-rate table', () => {
  it('lists the region’s rates, adds one, and refuses bad or duplicate rates by field, writing nothing', async () => {
    const s = who('commissioner.ealing');
    const page = await s.get('/spot-rates');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('£5,750.00');
    const before = await count('spot_rate');
    const bad = await s.post('/spot-rates', {
      segment: 'nonsense',
      'from-day': '31',
      'from-month': '2',
      'from-year': '2027',
      weeklyPrice: 'lots',
    });
    expect(bad.statusCode).toBe(400);
    for (const f of ['segment', 'from', 'weeklyPrice']) expect(bad.body).toContain(`href="#${f}"`);
    const api = await s.api('POST', '/api/v1/spot-rates', {
      segment: 'ebd-standard',
      from: '2027-04-01',
      weeklyPence: 0,
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields[0].field).toBe('weeklyPence');
    expect(await count('spot_rate')).toBe(before);
    const ok = await s.post('/spot-rates', {
      segment: 'ebd-standard',
      'from-day': '1',
      'from-month': '4',
      'from-year': '2027',
      weeklyPrice: '6,050',
    });
    expect(ok.statusCode).toBe(303);
    const dup = await s.api('POST', '/api/v1/spot-rates', {
      segment: 'ebd-standard',
      from: '2027-04-01',
      weeklyPence: 605_000,
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.fields[0].field).toBe('from');
    const listed = (await who('analyst.hub').api('GET', '/api/v1/spot-rates')).json();
    expect(
      listed.rates.some(
        (r: { weeklyPence: number; keptBy: { name: string } }) =>
          r.weeklyPence === 605_000 && r.keptBy.name === 'Ealing',
      ),
    ).toBe(true);
    expect((await who('manager.elmtree').get('/spot-rates')).statusCode).toBe(403);
    await withSystem(db(), (trx) => trx.deleteFrom('spot_rate').where('org_id', '=', orgs.Ealing!).execute());
  });
});
