/**
 * The load test's region generator (bench/generate/load-region.ts), at a tiny size: everything it
 * writes satisfies the schema's constraints and the domain's invariants, and the same seed gives the
 * same region. (The full-size region and the load itself are a benchmark: npm run bench -- load.)
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateLoadRegion,
  LOAD_PASSWORD,
  LOAD_REGION,
  type LoadRegionSummary,
} from '../../bench/generate/load-region.ts';
import { verifyPassword } from '../../src/app/auth/passwords.ts';
import type { Database } from '../../src/db/connect.ts';
import { testDatabase } from '../helpers/db.ts';

const TINY = {
  seed: 4,
  now: new Date('2026-11-20T15:00:00Z'),
  las: 3,
  beds: 60,
  blockBeds: 20,
  providers: 6,
  historyYears: 1.5,
  liveReferrals: 6,
  officersPerLa: 2,
  commissionersPerLa: 1,
  hubAnalysts: 1,
};

let a: Database;
let b: Database;
let summary: LoadRegionSummary;
beforeAll(async () => {
  a = await testDatabase();
  b = await testDatabase();
  summary = await generateLoadRegion(a.db, TINY);
  await generateLoadRegion(b.db, TINY);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const rows = async <T>(db: Database, q: ReturnType<typeof sql<T>>) => (await q.execute(db.db)).rows;

describe('the load region generator', () => {
  it('makes the region it says, with every role signed-in-able with the one password', async () => {
    const orgs = await rows<{ kind: string; n: string }>(
      a,
      sql`select kind, count(*) as n from organisation where region_code = ${LOAD_REGION} group by kind`,
    );
    expect(Object.fromEntries(orgs.map((o) => [o.kind, Number(o.n)]))).toMatchObject({
      'local-authority': 3,
      hub: 1,
    });
    const beds = await rows<{ n: string }>(a, sql`select count(*) as n from bed`);
    expect(Number(beds[0]!.n)).toBe(60);
    const roles = new Set(summary.users.map((u) => u.role));
    expect([...roles].sort()).toEqual([
      'admin',
      'commissioner',
      'hub-analyst',
      'placement-officer',
      'provider-manager',
    ]);
    const hash = await a.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('email', '=', summary.users[0]!.email)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(hash.password_hash, LOAD_PASSWORD)).toBe(true);
  });

  it('shares every block exactly among LAs of the region, and blocks only the provider’s own beds', async () => {
    const shares = await rows<{ total: string; outsiders: string }>(
      a,
      sql`select sum(p.share_ppm) as total,
        count(*) filter (where o.kind <> 'local-authority' or o.region_code <> c.region_code) as outsiders
        from contract c join contract_party p on p.contract_id = c.id join organisation o on o.id = p.org_id
        group by c.id`,
    );
    expect(shares.length).toBeGreaterThan(0);
    for (const s of shares) expect([Number(s.total), Number(s.outsiders)]).toEqual([1_000_000, 0]);
    const foreignBeds = await rows<{ n: string }>(
      a,
      sql`select count(*) as n from contract_bed cb join contract c on c.id = cb.contract_id
        join bed b on b.id = cb.bed_id where b.org_id <> c.provider_org_id or cb.org_id <> b.org_id`,
    );
    expect(Number(foreignBeds[0]!.n)).toBe(0);
  });

  it('keeps the bed ledger whole: one interval per placement, in its bed, nothing after today', async () => {
    const bad = await rows<{ problem: string; n: string }>(
      a,
      sql`select 'placement without its interval' as problem, count(*) as n from placement p
          where not exists (select 1 from bed_interval i where i.placement_id = p.id and i.bed_id = p.bed_id
            and i.from_date = p.start_date and i.to_date is not distinct from p.end_date
            and i.placing_org_id = p.org_id and i.need_segment = p.need_segment)
        union all select 'bed not in the home', count(*) from placement p join bed b on b.id = p.bed_id
          where b.home_id <> p.home_id or b.org_id <> p.provider_org_id
        union all select 'starts after today', count(*) from placement where start_date > ${summary.today}
        union all select 'child of another LA', count(*) from placement p join child c on c.id = p.child_id
          where c.org_id <> p.org_id
        union all select 'child with nothing', count(*) from child c
          where not exists (select 1 from placement p where p.child_id = c.id)
            and not exists (select 1 from referral r where r.child_id = c.id)
        union all select 'placed referral without its placement', count(*) from referral r
          where r.status = 'placed' and not exists (select 1 from placement p where p.id = r.placement_id)`,
    );
    expect(bad.map((r) => [r.problem, Number(r.n)])).toEqual(bad.map((r) => [r.problem, 0]));
    const placed = await rows<{ n: string }>(a, sql`select count(*) as n from placement`);
    expect(Number(placed[0]!.n)).toBeGreaterThan(60);
  });

  it('routes the live referrals to providers, as the referral pathway does', async () => {
    const live = await rows<{ referrals: string; recipients: string; events: string }>(
      a,
      sql`select count(distinct r.id) as referrals, count(rr.id) as recipients,
        (select count(*) from referral_event) as events
        from referral r left join referral_recipient rr on rr.referral_id = r.id
        where r.status in ('searching', 'offered')`,
    );
    expect(Number(live[0]!.referrals)).toBe(TINY.liveReferrals);
    expect(Number(live[0]!.recipients)).toBeGreaterThan(0);
    expect(Number(live[0]!.events)).toBeGreaterThan(0);
  });

  // (Live referrals go through the use cases, whose ids the database draws: compared by the rest.)
  it('gives the same region for the same seed', async () => {
    const fingerprint = async (db: Database) =>
      rows<{ f: string }>(
        db,
        sql`select md5(string_agg(x, '|' order by x)) as f from (
          select id::text || name as x from organisation
          union all select id::text || email from app_user
          union all select id::text || child_ref || born_in::text from child where child_ref !~ '-L[0-9]+$'
          union all select id::text || start_date::text || coalesce(end_date::text, '') from placement
          union all select bed_id::text || from_date::text || kind from bed_interval) t`,
      );
    expect(await fingerprint(a)).toEqual(await fingerprint(b));
  });
});
