/**
 * The price benchmark page and API: who may open it, the documented worked example (docs/pricing.md
 * section 2) read back from the database through the regional-analytics path, the release's fixed
 * population (placements started before this quarter), and the hub's two views.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/users/create-user.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const PASSWORD = 'a long enough test password';

interface ApiTable {
  id: string;
  rows: {
    values: Record<string, string | number | null>;
    hidden: string[];
    counts: [number | null, number][];
  }[];
}

describe('price benchmark', () => {
  let northEast: Session;

  beforeAll(async () => {
    // A region with one LA, one hub and six placements at the documented prices.
    const db = t().database.db;
    const [la, hub] = await Promise.all(
      [
        { kind: 'local-authority' as const, name: 'Northumberland', la_code: '929' },
        { kind: 'hub' as const, name: 'North East hub', la_code: null },
      ].map((o) =>
        db
          .insertInto('organisation')
          .values({ ...o, region_code: 'E12000001' })
          .returning('id')
          .executeTakeFirstOrThrow(),
      ),
    );
    await createUser(db, {
      email: 'analyst@ne.example',
      displayName: 'NE analyst',
      role: 'hub-analyst',
      password: PASSWORD,
      orgId: hub!.id,
    });
    const home = await db
      .selectFrom('home')
      .select(['id', 'org_id'])
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const prices = [3000, 3500, 4000, 5000, 6000, 9000];
    for (const [i, pounds] of [...prices, 7777].entries()) {
      const child = await db
        .insertInto('child')
        .values({
          org_id: la!.id,
          child_ref: `NE-${i}`,
          sex: 'male',
          born_in: '2011-05-01',
          primary_need: 'ebd',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('placement')
        .values({
          org_id: la!.id,
          child_id: child.id,
          provider_org_id: home.org_id,
          home_id: home.id,
          route: 'spot',
          // The seventh starts in the current quarter: not in this quarter's release.
          start_date: i < prices.length ? `2025-0${4 + i}-10` : '2026-10-15',
          urgency: 'gt-5-days',
          need_segment: 'ebd-standard',
          age_at_start: 15,
          sex: 'male',
          primary_need: 'ebd',
          region_code: 'E12000001',
          core_weekly_pence: pounds * 100,
        })
        .execute();
    }
    northEast = await signIn(t().app, 'analyst@ne.example', PASSWORD);
  });

  it('is for hub analysts and LA commissioners only', async () => {
    for (const who of ['officer.ealing', 'admin.ealing', 'manager.elmtree', 'admin.hub']) {
      const s = await signIn(t().app, who);
      expect([who, (await s.get('/regional/prices')).statusCode]).toEqual([who, 403]);
      expect([who, (await s.api('GET', '/api/v1/regional/prices')).statusCode]).toEqual([who, 403]);
      expect([who, (await s.get('/regional/gaps/export.xlsx')).statusCode]).toEqual([who, 403]);
    }
    for (const who of ['commissioner.ealing', 'analyst.hub']) {
      const s = await signIn(t().app, who);
      const res = await s.get('/regional/prices');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Placements that started up to 30 September 2026.');
    }
  });

  it('reads the worked example back from the database: median £4,500, quartiles £3,625 and £5,750, mean £5,083.33', async () => {
    const res = await northEast.api('GET', '/api/v1/regional/prices');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { release: Record<string, unknown>; tables: ApiTable[] };
    expect(body.release).toEqual({
      view: 'hub-full',
      viewerLaCode: null,
      minCell: 1,
      cutoff: '2026-10-01',
      dataTo: '30 September 2026',
    });
    const prices = body.tables.find((x) => x.id === 'prices')!;
    const total = prices.rows.at(-1)!.values;
    // Sorted 3,000 3,500 4,000 5,000 6,000 9,000: median at h = 2.5 → 4,000 + 0.5 × 1,000;
    // q1 at h = 1.25 → 3,500 + 0.25 × 500; q3 at h = 3.75 → 5,000 + 0.75 × 1,000; mean 30,500 ÷ 6.
    expect(total).toMatchObject({
      placements: 6,
      median: 450_000,
      q1: 362_500,
      q3: 575_000,
      iqr: 212_500,
      mean: 508_333,
    });
    // The seventh placement started this quarter: it is not in the release, anywhere.
    expect(res.body).not.toContain('777700');
    const page = await northEast.get('/regional/prices');
    expect(page.body).toContain('£4,500');
    expect(page.body).toContain('You are seeing the region’s figures in full');
  });

  it('as published, shows the six together but hides the quarters of three placements each', async () => {
    const res = await northEast.api('GET', '/api/v1/regional/prices?view=published');
    const body = res.json() as { release: { view: string; minCell: number }; tables: ApiTable[] };
    expect(body.release).toMatchObject({ view: 'hub-published', minCell: 5 });
    // Six placements of one LA: five or more, so the total is published even to an outside audience.
    const total = body.tables.find((x) => x.id === 'prices')!.rows.at(-1)!.values;
    expect(total.placements).toBe(6);
    // By financial quarter they are one or two each: hidden as published.
    const quarters = body.tables.find((x) => x.id === 'trend-quarter')!.rows;
    expect(quarters.every((r) => r.values.placements === null)).toBe(true);
  });
});
