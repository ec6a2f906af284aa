/**
 * The regional-analytics path under tenancy (migration 0010, docs/pricing.md "Tenancy"): the views
 * answer only hub analysts and LA commissioners, only about their own region, with price and gap
 * facts and no child data; everyone else (officers, admins, providers, another region, the system
 * path) gets nothing. On PostgreSQL the functions are also moved to a non-superuser owner to show
 * they restrict the same way whoever owns them (PGlite and the tests' server run migrations as a
 * superuser, which row-level security does not apply to).
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionalPriceFacts, regionalReferralFacts } from '../../src/db/queries/regional.ts';
import type { DB } from '../../src/db/schema.ts';
import { type Tenant, withTenant } from '../../src/db/tenant.ts';
import type { OrgKind, Role } from '../../src/domain/shared/codes.ts';
import { needSegmentOf } from '../../src/domain/shared/need-segment.ts';
import { testDatabase, testDbKind } from '../helpers/db.ts';
import { foreignLa } from './fixtures/_world.ts';

let database: Awaited<ReturnType<typeof testDatabase>>;
let db: Kysely<DB>;

beforeAll(async () => {
  database = await testDatabase({ demo: true });
  db = database.db;
});
afterAll(() => database.close());

async function tenantOf(
  where: { la_code?: string; kind?: OrgKind; name?: string },
  role: Role,
): Promise<Tenant> {
  let q = db.selectFrom('organisation').select(['id', 'kind', 'region_code']);
  if (where.la_code) q = q.where('la_code', '=', where.la_code);
  if (where.kind) q = q.where('kind', '=', where.kind);
  if (where.name) q = q.where('name', '=', where.name);
  const o = await q.orderBy('name').executeTakeFirstOrThrow();
  return {
    userId: '00000000-0000-4000-8000-000000000000',
    orgId: o.id,
    orgKind: o.kind,
    role,
    regionCode: o.region_code,
  };
}

async function factCounts(tenant: Tenant) {
  return withTenant(db, tenant, async (trx) => ({
    prices: (await trx.selectFrom('regional_price_fact').select('la_code').execute()).length,
    referrals: (await trx.selectFrom('regional_referral_fact').select('la_code').execute()).length,
    priceLines: (await regionalPriceFacts(trx, '2999-01-01')).length,
    referralLines: (await regionalReferralFacts(trx, '2999-01-01')).length,
    laCodes: [
      ...new Set(
        (await trx.selectFrom('regional_price_fact').select('la_code').execute()).map((r) => r.la_code),
      ),
    ].sort(),
  }));
}

async function whoSeesWhat() {
  return {
    hub: await factCounts(
      await tenantOf({ kind: 'hub', name: 'West London Children’s Commissioning Hub' }, 'hub-analyst'),
    ),
    hubAdmin: await factCounts(
      await tenantOf({ kind: 'hub', name: 'West London Children’s Commissioning Hub' }, 'admin'),
    ),
    ealing: await factCounts(await tenantOf({ la_code: '307' }, 'commissioner')),
    ealingOfficer: await factCounts(await tenantOf({ la_code: '307' }, 'placement-officer')),
    ealingAdmin: await factCounts(await tenantOf({ la_code: '307' }, 'admin')),
    provider: await factCounts(await tenantOf({ name: 'Elmtree Care Ltd' }, 'provider-manager')),
    manchester: await factCounts(await tenantOf({ la_code: '352' }, 'commissioner')),
  };
}

describe('the regional-analytics views', () => {
  let totals: { prices: number; referrals: number; london: number };

  beforeAll(async () => {
    // A placement in another region, which no one in London may count.
    const manchester = await foreignLa(db);
    const home = await db.selectFrom('home').select(['id', 'org_id']).executeTakeFirstOrThrow();
    const child = await db
      .insertInto('child')
      .values({
        org_id: manchester,
        child_ref: 'MAN-1',
        sex: 'male',
        born_in: '2012-03-01',
        primary_need: 'ebd',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('placement')
      .values({
        org_id: manchester,
        child_id: child.id,
        provider_org_id: home.org_id,
        home_id: home.id,
        route: 'spot',
        start_date: '2026-02-01',
        need_segment: 'ebd-standard',
        age_at_start: 14,
        sex: 'male',
        primary_need: 'ebd',
        region_code: 'E12000002',
        core_weekly_pence: 500_000,
      })
      .execute();
    const london = await db
      .selectFrom('placement')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('region_code', '=', 'E12000007')
      .where('route', 'in', ['block', 'framework', 'spot'])
      .executeTakeFirstOrThrow();
    const refs = await db
      .selectFrom('referral')
      .innerJoin('organisation', 'organisation.id', 'referral.org_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation.region_code', '=', 'E12000007')
      .where('referral.status', '<>', 'draft')
      .executeTakeFirstOrThrow();
    totals = { prices: Number(london.n), referrals: Number(refs.n), london: Number(london.n) };
  });

  it('answer the hub analyst and the LA commissioner with their whole region, and no one else', async () => {
    const seen = await whoSeesWhat();
    expect(seen.hub.prices).toBe(totals.prices);
    expect(seen.hub.referrals).toBe(totals.referrals);
    expect(seen.ealing).toEqual(seen.hub);
    expect(seen.hub.laCodes).toEqual(['205', '302', '304', '307', '310', '312', '313']);
    expect([seen.hub.priceLines, seen.hub.referralLines]).toEqual([totals.prices, totals.referrals]);
    for (const who of ['hubAdmin', 'ealingOfficer', 'ealingAdmin', 'provider'] as const)
      expect([
        who,
        seen[who].prices,
        seen[who].referrals,
        seen[who].priceLines,
        seen[who].referralLines,
      ]).toEqual([who, 0, 0, 0, 0]);
    expect(seen.manchester).toMatchObject({ prices: 1, laCodes: ['352'] });
  });

  it('are read as text lines that hold exactly the views’ facts', async () => {
    const hub = await tenantOf(
      { kind: 'hub', name: 'West London Children’s Commissioning Hub' },
      'hub-analyst',
    );
    const { view, lines, refView, refLines } = await withTenant(db, hub, async (trx) => ({
      view: await trx
        .selectFrom('regional_price_fact')
        .selectAll()
        .orderBy('start_date')
        .orderBy('la_code')
        .execute(),
      lines: await regionalPriceFacts(trx, '2999-01-01'),
      refView: await trx
        .selectFrom('regional_referral_fact')
        .selectAll()
        .orderBy('referred_on')
        .orderBy('la_code')
        .execute(),
      refLines: await regionalReferralFacts(trx, '2999-01-01'),
    }));
    const key = (laCode: string, start: string, total: number) => `${laCode}|${start}|${total}`;
    expect(
      lines
        .map((p) =>
          key(
            p.laCode,
            p.startOn,
            Object.values(p.weekly).reduce((a, b) => a + b, 0),
          ),
        )
        .sort(),
    ).toEqual(
      view
        .map((v) =>
          key(
            v.la_code,
            v.start_date,
            v.core_weekly_pence +
              v.education_weekly_pence +
              v.health_weekly_pence +
              v.therapy_weekly_pence +
              v.transport_weekly_pence +
              v.additional_weekly_pence +
              v.other_weekly_pence,
          ),
        )
        .sort(),
    );
    expect(lines.map((p) => [p.providerId, p.segment, p.placementType, p.route, p.urgency]).sort()).toEqual(
      view.map((v) => [v.provider_org_id, v.need_segment, v.placement_type, v.route, v.urgency]).sort(),
    );
    expect(
      refLines.map((r) => [r.laCode, r.segment, r.referredOn, r.outcome, r.suitability.residential]).sort(),
    ).toEqual(
      refView
        .map((v) => [v.la_code, v.need_segment, v.referred_on, v.outcome, v.residential_suitability])
        .sort(),
    );
  });

  it('give nothing on the system path (no organisation set) or to the tenant role with no settings', async () => {
    const system = await sql<{ n: string }>`select count(*) as n from regional_price_fact`.execute(db);
    expect(Number(system.rows[0]!.n)).toBe(0);
    const bare = await db.transaction().execute(async (trx) => {
      await sql`set local role app_tenant`.execute(trx);
      return sql<{
        n: string;
      }>`select (select count(*) from regional_price_fact) + (select count(*) from regional_referral_fact) as n`.execute(
        trx,
      );
    });
    expect(Number(bare.rows[0]!.n)).toBe(0);
  });

  it('hold no child data: only price and gap facts, no ids of children, placements or referrals', async () => {
    const columns = async (view: string) =>
      (
        await sql<{ column_name: string }>`select column_name from information_schema.columns
          where table_schema = 'public' and table_name = ${view} order by ordinal_position`.execute(db)
      ).rows.map((r) => r.column_name);
    expect(await columns('regional_price_fact')).toEqual([
      'la_code',
      'provider_org_id',
      'provider_name',
      'home_id',
      'need_segment',
      'placement_type',
      'route',
      'urgency',
      'start_date',
      'core_weekly_pence',
      'education_weekly_pence',
      'health_weekly_pence',
      'therapy_weekly_pence',
      'transport_weekly_pence',
      'additional_weekly_pence',
      'other_weekly_pence',
    ]);
    expect(await columns('regional_referral_fact')).toEqual([
      'la_code',
      'area',
      'need_segment',
      'referred_on',
      'foster_suitability',
      'residential_suitability',
      'supported_suitability',
      'outcome',
      'outcome_on',
      'secured_type',
      'distance_miles',
      'placed_out_of_area',
    ]);
  });

  it('cannot be written, and do not open the tables behind them', async () => {
    const ealing = await tenantOf({ la_code: '307' }, 'commissioner');
    await expect(
      withTenant(db, ealing, (trx) =>
        sql`insert into regional_price_fact (la_code) values ('307')`.execute(trx),
      ),
    ).rejects.toThrow();
    const direct = await withTenant(db, ealing, async (trx) => ({
      placements: await trx.selectFrom('placement').select('org_id').distinct().execute(),
      referrals: await trx.selectFrom('referral').select('org_id').distinct().execute(),
    }));
    expect(direct.placements.map((p) => p.org_id)).toEqual([ealing.orgId]);
    expect(direct.referrals.map((p) => p.org_id)).toEqual([ealing.orgId]);
  });

  it('give a referral with no placement the need segment needSegmentOf gives', async () => {
    const brent = await tenantOf({ la_code: '304' }, 'commissioner');
    const cases: [string, string[]][] = [
      ['ebd', []],
      ['ebd', ['missing']],
      ['ebd', ['self-harm']],
      ['learning-difficulty', ['criminal-exploitation']],
      ['sensory-impairment', []],
      ['mental-disorders', ['sexual-exploitation']],
      ['drug-problems', ['criminal-exploitation']],
    ];
    for (const [i, [need, risks]] of cases.entries()) {
      const child = await db
        .insertInto('child')
        .values({
          org_id: brent.orgId,
          child_ref: `SEG-${i}`,
          sex: 'male',
          born_in: '2012-01-01',
          primary_need: need,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('referral')
        .values({
          org_id: brent.orgId,
          child_id: child.id,
          reference: `SEG-${i}`,
          status: 'searching',
          needed_by: 'today',
          latest_start: '2026-12-01',
          profile: JSON.stringify({ ageYears: 14, sex: 'male', primaryNeed: need, risks }),
          requirements: JSON.stringify({}),
          created_at: new Date(`2020-01-${String(i + 1).padStart(2, '0')}T12:00:00Z`),
        })
        .execute();
    }
    const facts = await withTenant(db, brent, (trx) =>
      trx
        .selectFrom('regional_referral_fact')
        .select(['referred_on', 'need_segment', 'outcome'])
        .where('referred_on', '<', '2021-01-01')
        .orderBy('referred_on')
        .execute(),
    );
    expect(facts.map((f) => f.need_segment)).toEqual(
      cases.map(([need, risks]) => needSegmentOf(need, risks)),
    );
    expect(facts.every((f) => f.outcome === null)).toBe(true);
  });

  it.runIf(testDbKind() === 'postgres')(
    'restrict the same way when a non-superuser owns the functions (PostgreSQL)',
    async () => {
      const before = await whoSeesWhat();
      const owner = `sfy_regional_owner_${randomBytes(4).toString('hex')}`;
      const fns = [
        'app.regional_price_facts()',
        'app.regional_referral_facts()',
        'app.regional_price_lines(date)',
        'app.regional_referral_lines(date)',
      ];
      await sql.raw(`CREATE ROLE ${owner} NOLOGIN NOSUPERUSER NOBYPASSRLS`).execute(db);
      try {
        await sql.raw(`GRANT USAGE ON SCHEMA app TO ${owner}`).execute(db);
        await sql
          .raw(`GRANT SELECT ON placement, organisation, home, referral, referral_recipient TO ${owner}`)
          .execute(db);
        await sql
          .raw(
            `GRANT EXECUTE ON FUNCTION app.regional_reader(), app.org_id(), app.org_kind(), app.role(), app.region_code() TO ${owner}`,
          )
          .execute(db);
        for (const f of fns) await sql.raw(`ALTER FUNCTION ${f} OWNER TO ${owner}`).execute(db);
        const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
          select rolsuper, rolbypassrls from pg_roles where rolname = ${owner}`.execute(db);
        expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
        expect(await whoSeesWhat()).toEqual(before);
      } finally {
        const me = (await sql<{ u: string }>`select current_user as u`.execute(db)).rows[0]!.u;
        for (const f of fns) await sql.raw(`ALTER FUNCTION ${f} OWNER TO "${me}"`).execute(db);
        await sql
          .raw(`REVOKE ALL ON placement, organisation, home, referral, referral_recipient FROM ${owner}`)
          .execute(db);
        await sql
          .raw(
            `REVOKE ALL ON FUNCTION app.regional_reader(), app.org_id(), app.org_kind(), app.role(), app.region_code() FROM ${owner}`,
          )
          .execute(db);
        await sql.raw(`REVOKE USAGE ON SCHEMA app FROM ${owner}`).execute(db);
        await sql.raw(`DROP ROLE ${owner}`).execute(db);
      }
    },
  );
});
