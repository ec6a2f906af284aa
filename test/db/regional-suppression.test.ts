/**
 * Small-number suppression, end to end: no LA receives, in any page, API answer or export, a figure
 * about one to four of other LAs' placements or children. The demo region has such groups already
 * (few disability placements, few referrals); we add more that are easy to spot: Brent's two
 * mental-health placements at £9,876.54 and two mental-health referrals with no placement, and
 * Harrow's three solo placements at £12,345.67. Every LA commissioner's pages, API answers and xlsx
 * exports are scanned: every published figure carries the placements or children it describes
 * ([all, own]), and all − own must be 0 or at least five; the exports must hold exactly the API's
 * figures; the distinctive prices never appear. The hub, which may read the region's records,
 * sees them; its "as published" view hides them as from a provider.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { DEMO_LAS } from '../../src/db/seed/demo-region.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();

type Counts = [number | null, number][];
interface ApiTable {
  id: string;
  columns: { key: string; kind: string }[];
  rows: { values: Record<string, string | number | null>; hidden: string[]; counts: Counts }[];
}

async function org(db: Kysely<DB>, where: { la_code?: string; name?: string }) {
  let q = db.selectFrom('organisation').select('id');
  if (where.la_code) q = q.where('la_code', '=', where.la_code);
  if (where.name) q = q.where('name', '=', where.name);
  return (await q.executeTakeFirstOrThrow()).id;
}

async function addSmallGroups(db: Kysely<DB>) {
  const brent = await org(db, { la_code: '304' });
  const harrow = await org(db, { la_code: '310' });
  const home = await db.selectFrom('home').select(['id', 'org_id']).orderBy('name').executeTakeFirstOrThrow();
  const child = async (la: string, ref: string, need: string) =>
    (
      await db
        .insertInto('child')
        .values({ org_id: la, child_ref: ref, sex: 'female', born_in: '2011-01-01', primary_need: need })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const placement = async (la: string, ref: string, segment: string, pence: number, start: string) =>
    db
      .insertInto('placement')
      .values({
        org_id: la,
        child_id: await child(la, ref, segment === 'mental-health' ? 'mental-disorders' : 'ebd'),
        provider_org_id: home.org_id,
        home_id: home.id,
        route: 'spot',
        start_date: start,
        urgency: 'today',
        need_segment: segment,
        age_at_start: 15,
        sex: 'female',
        primary_need: segment === 'mental-health' ? 'mental-disorders' : 'ebd',
        region_code: 'E12000007',
        core_weekly_pence: pence,
      })
      .execute();
  await placement(brent, 'BRE-S1', 'mental-health', 987_654, '2026-05-10');
  await placement(brent, 'BRE-S2', 'mental-health', 987_654, '2026-06-12');
  for (const [i, start] of ['2026-04-20', '2026-05-02', '2026-07-30'].entries())
    await placement(harrow, `HAR-S${i}`, 'solo-complex', 1_234_567, start);
  for (const i of [1, 2]) {
    await db
      .insertInto('referral')
      .values({
        org_id: brent,
        child_id: await child(brent, `BRE-U${i}`, 'mental-disorders'),
        reference: `BRE-SMALL-${i}`,
        status: 'closed',
        needed_by: 'today',
        latest_start: '2026-06-01',
        profile: JSON.stringify({ ageYears: 15, sex: 'female', primaryNeed: 'mental-disorders', risks: [] }),
        requirements: JSON.stringify({
          suitability: {
            foster: 'unsuitable',
            residential: 'preferred',
            'supported-accommodation': 'unsuitable',
          },
        }),
        outcome: 'no-placement',
        outcome_on: '2026-06-20',
        created_at: new Date('2026-05-20T10:00:00Z'),
      })
      .execute();
  }
}

function checkCounts(where: string, counts: Counts): void {
  for (const [all, own] of counts) {
    if (all === null) continue;
    const others = all - own;
    expect(others === 0 || others >= 5, `${where}: a figure about ${others} of other LAs’ records`).toBe(
      true,
    );
  }
}

function scanHtml(where: string, html: string): number {
  let n = 0;
  for (const m of html.matchAll(/data-counts="([^"]*)"/g)) {
    checkCounts(where, JSON.parse(m[1]!.replace(/&quot;/g, '"')) as Counts);
    n++;
  }
  return n;
}

function scanApi(where: string, tables: ApiTable[]): void {
  for (const table of tables) for (const row of table.rows) checkCounts(`${where} ${table.id}`, row.counts);
}

/** The workbook holds exactly the API's figures (pence as pounds), sheet by sheet, row by row. */
async function sameAsApi(where: string, bytes: Buffer, tables: ApiTable[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(wb.worksheets.length, where).toBe(tables.length);
  tables.forEach((table, i) => {
    const ws = wb.worksheets[i]!;
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    // Preamble lines, then the header row, then the data.
    const header = rows.findIndex(
      (r) =>
        Array.isArray(r) && r.filter((c) => c !== undefined).length === table.columns.length && r.length > 2,
    );
    const data = rows.slice(header + 1);
    expect(data.length, `${where} ${table.id}`).toBe(table.rows.length);
    table.rows.forEach((row, k) => {
      table.columns.forEach((c, j) => {
        const cell = data[k]![j + 1] ?? null;
        const v = row.values[c.key] ?? null;
        const expected = v === null ? null : c.kind === 'pence' ? Number(v) / 100 : v;
        expect(cell, `${where} ${table.id} row ${k + 1} ${c.key}`).toEqual(expected);
      });
    });
  });
}

describe('no LA receives a figure about one to four of other LAs’ placements or children', () => {
  const sessions = new Map<string, Session>();

  beforeAll(async () => {
    await addSmallGroups(t().database.db);
    for (const la of DEMO_LAS) sessions.set(la.laCode, await signIn(t().app, `commissioner.${la.slug}`));
  });

  it('the hub sees the small groups in full (so the scans below have something to hide)', async () => {
    const hub = await signIn(t().app, 'analyst.hub');
    const api = (await hub.api('GET', '/api/v1/regional/prices')).json() as { tables: ApiTable[] };
    const prices = api.tables.find((x) => x.id === 'prices')!;
    const mh = prices.rows.find((r) => r.values.segment === 'Mental health')!;
    expect(mh.values.placements).toBe(2);
    expect(mh.values.median).toBe(987_654);
    const gaps = (await hub.api('GET', '/api/v1/regional/gaps')).json() as { tables: ApiTable[] };
    const seg = gaps.tables.find((x) => x.id === 'by-segment')!;
    expect(seg.rows.find((r) => r.values.segment === 'Mental health')!.values.unmet).toBe(2);
    // As published, they are hidden.
    const published = (await hub.api('GET', '/api/v1/regional/prices?view=published')).json() as {
      tables: ApiTable[];
    };
    const mhPublished = published.tables
      .find((x) => x.id === 'prices')!
      .rows.find((r) => r.values.segment === 'Mental health')!;
    expect(mhPublished.values.placements).toBeNull();
    scanApi('hub as published', published.tables);
  });

  it('in every LA commissioner’s pages', async () => {
    for (const [laCode, s] of sessions) {
      for (const path of ['/regional/prices', '/regional/gaps']) {
        const res = await s.get(path);
        expect(res.statusCode).toBe(200);
        const rows = scanHtml(`${laCode} ${path}`, res.body);
        expect(rows).toBeGreaterThan(5);
        if (laCode !== '304') expect(res.body).not.toMatch(/9,87[67]/);
        if (laCode !== '310') expect(res.body).not.toMatch(/12,34[56]/);
      }
    }
  });

  it('in every LA commissioner’s API answers, and the exports hold exactly the same figures', async () => {
    for (const [laCode, s] of sessions) {
      for (const [api, page] of [
        ['/api/v1/regional/prices', '/regional/prices/export.xlsx'],
        ['/api/v1/regional/gaps', '/regional/gaps/export.xlsx'],
      ] as const) {
        const res = await s.api('GET', api);
        expect(res.statusCode).toBe(200);
        const body = res.json() as { tables: ApiTable[]; release: { view: string; viewerLaCode: string } };
        expect(body.release).toMatchObject({ view: 'la', viewerLaCode: laCode });
        scanApi(`${laCode} ${api}`, body.tables);
        if (laCode !== '304') expect(res.body).not.toContain('987654');
        if (laCode !== '310') expect(res.body).not.toContain('1234567');
        const file = await s.get(page);
        expect(file.statusCode).toBe(200);
        await sameAsApi(`${laCode} ${page}`, file.rawPayload, body.tables);
      }
    }
  });

  it('hides Brent’s two mental-health placements and two unmet referrals from Ealing, but shows Brent its own', async () => {
    const ealing = (await sessions.get('307')!.api('GET', '/api/v1/regional/prices')).json() as {
      tables: ApiTable[];
    };
    const mh = ealing.tables
      .find((x) => x.id === 'prices')!
      .rows.find((r) => r.values.segment === 'Mental health')!;
    expect(mh.values.placements).toBeNull();
    expect(mh.hidden).toContain('median');
    const brent = (await sessions.get('304')!.api('GET', '/api/v1/regional/prices')).json() as {
      tables: ApiTable[];
    };
    const own = brent.tables
      .find((x) => x.id === 'prices')!
      .rows.find((r) => r.values.segment === 'Mental health')!;
    expect(own.values).toMatchObject({
      placements: 2,
      median: 987_654,
      ownPlacements: 2,
      ownMedian: 987_654,
    });
    const gaps = (await sessions.get('307')!.api('GET', '/api/v1/regional/gaps')).json() as {
      tables: ApiTable[];
    };
    const brentRow = gaps.tables.find((x) => x.id === 'by-la')!.rows.find((r) => r.values.la === 'Brent')!;
    expect(brentRow.values.unmet).toBeNull();
    const brentGaps = (await sessions.get('304')!.api('GET', '/api/v1/regional/gaps')).json() as {
      tables: ApiTable[];
    };
    expect(
      brentGaps.tables.find((x) => x.id === 'by-la')!.rows.find((r) => r.values.la === 'Brent')!.values.unmet,
    ).toBe(2);
  });

  it('in the published market position statement and its data pack, as every LA and provider reads it', async () => {
    const hub = await signIn(t().app, 'analyst.hub');
    const made = await hub.post('/regional/market-position', {});
    const id = made.headers.location!.split('/').at(-1)!;
    await hub.post(`/regional/market-position/${id}/publish`, {});
    const childCounts = [
      'referrals',
      'notPlaced',
      'placed',
      'farOrOutOfArea',
      'residentialWhereFosterPreferred',
      'placements',
    ];
    for (const s of [...sessions.values(), await signIn(t().app, 'manager.elmtree')]) {
      const res = await s.api('GET', `/api/v1/regional/market-position/${id}`);
      expect(res.statusCode).toBe(200);
      const doc = (
        res.json() as {
          document: { sections: { tables: { id: string; rows: Record<string, unknown>[] }[] }[] };
        }
      ).document;
      for (const table of doc.sections.flatMap((x) => x.tables))
        for (const row of table.rows)
          for (const key of childCounts) {
            const v = row[key];
            if (typeof v === 'number') expect(v === 0 || v >= 5, `${table.id}.${key} = ${v}`).toBe(true);
          }
      expect(res.body).not.toContain('987654');
      expect(res.body).not.toContain('1234567');
      const pack = await s.get(`/regional/market-position/${id}/data-pack.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(pack.rawPayload as unknown as ArrayBuffer);
      const countHeaders = [
        'Referrals',
        'Not placed in a registered home',
        'Children placed',
        'Over 20 miles or out of area',
        'In residential care, fostering preferred',
        'Placements',
      ];
      for (const ws of wb.worksheets) {
        const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
        const h = rows.findIndex((r) => r.some((c) => typeof c === 'string' && countHeaders.includes(c)));
        if (h < 0) continue;
        const cols = rows[h]!.flatMap((c, j) =>
          typeof c === 'string' && countHeaders.includes(c) ? [j] : [],
        );
        for (const r of rows.slice(h + 1))
          for (const j of cols) {
            const v = r[j];
            if (typeof v === 'number') expect(v === 0 || v >= 5, `${ws.name} column ${j} = ${v}`).toBe(true);
          }
      }
      const page = await s.get(`/regional/market-position/${id}`);
      expect(page.body).not.toMatch(/9,87[67]/);
      expect(page.body).not.toMatch(/12,34[56]/);
    }
  });
});
