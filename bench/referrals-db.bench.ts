/**
 * Issue 4: the provider's vacancy inbox with its database round trip. bench/matching.bench.ts times
 * the engine alone (200 live referrals against 50 vacancies, with reasons, under 50 ms); this adds
 * loading everything from the database under the provider's row-level security and ranking it:
 * 200 live referrals from the seven demo LAs, each routed to every one of a provider's 50 homes
 * with a free bed (10,000 live copies), the homes' residents as placements, in a fresh demo
 * database. Measured: `loadInboxRows` + `rankInbox` in one tenant transaction (the inbox's read),
 * and the whole page read (`readInbox`, which also audits each referral shown). The caseload is the
 * seeded generator of src/domain/matching/synthetic.ts. On in-memory PGlite always, and on
 * PostgreSQL when DATABASE_URL is set (a throwaway database created and dropped here).
 */
import { loadInboxRows, rankInbox, readInbox } from '../src/app/referrals/inbox.ts';
import type { Database } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { jobTenant } from '../src/db/queries/jobs.ts';
import { seedDemo } from '../src/db/seed/seed-demo.ts';
import { type Tenant, withSystem, withTenant } from '../src/db/tenant.ts';
import { syntheticCaseload } from '../src/domain/matching/synthetic.ts';
import { addDays } from '../src/domain/shared/dates.ts';
import { type Measurement, onEachDatabase, time } from './lib.ts';

const TODAY = '2026-11-20';
const NOW = '2026-11-20T09:00:00.000Z';
const REFERRALS = 200;
const VACANCIES = 50;

/** Builds the caseload in the database; returns the provider's tenant. */
export async function build(database: Database): Promise<Tenant> {
  await migrateToLatest(database.db);
  await seedDemo(database.db);
  const { referrals, targets } = syntheticCaseload(4, REFERRALS, VACANCIES, TODAY);
  return withSystem(database.db, async (trx) => {
    const las = await trx
      .selectFrom('organisation')
      .select(['id', 'la_code'])
      .where('kind', '=', 'local-authority')
      .execute();
    const provider = await trx
      .insertInto('organisation')
      .values({ kind: 'provider', name: 'Bench Care', region_code: 'E12000007' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('app_user')
      .values({
        org_id: provider.id,
        email: 'manager@bench.example',
        display_name: 'Bench manager',
        role: 'provider-manager',
        password_hash: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const homeIds: string[] = [];
    for (const t of targets) {
      const h = t.home;
      const home = await trx
        .insertInto('home')
        .values({
          org_id: provider.id,
          name: h.name,
          registered_places: 4,
          age_min: h.ageMin,
          age_max: h.ageMax,
          sexes: [...h.sexes],
          registration_categories: [...h.registrationCategories],
          needs_supported: [...h.needsSupported],
          needs_excluded: [...h.needsExcluded],
          offers_solo: h.offersSolo,
          pets_on_site: h.petsOnSite,
          postcode_district: 'UB4',
          postcode_sector: 'UB4 8',
          la_code: '312',
          easting: h.location?.easting ?? null,
          northing: h.location?.northing ?? null,
          lat: h.location?.lat ?? null,
          lon: h.location?.lon ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      homeIds.push(home.id);
      await trx.insertInto('bed').values({ org_id: provider.id, home_id: home.id, label: 'Bed 1' }).execute();
      // Residents: placements of demo LAs' children (no bed needed for the resident profile).
      for (const [i, r] of t.residents.entries()) {
        const la = las[i % las.length]!;
        const child = await trx
          .insertInto('child')
          .values({
            org_id: la.id,
            child_ref: `BENCH-RES-${home.id.slice(0, 8)}-${i}`,
            sex: r.sex,
            born_in: '2010-01-01',
            primary_need: 'ebd',
            risks: [...r.risks],
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('placement')
          .values({
            org_id: la.id,
            region_code: 'E12000007',
            child_id: child.id,
            provider_org_id: provider.id,
            home_id: home.id,
            route: 'spot',
            start_date: addDays(TODAY, -60),
            need_segment: 'ebd-standard',
            age_at_start: r.ageYears,
            sex: r.sex,
            primary_need: 'ebd',
            risks: [...r.risks],
            core_weekly_pence: 500_000,
          })
          .execute();
      }
    }
    for (const [i, r] of referrals.entries()) {
      const la = las[i % las.length]!;
      const child = await trx
        .insertInto('child')
        .values({
          org_id: la.id,
          child_ref: `BENCH-${i}`,
          sex: r.child.sex,
          born_in: '2012-01-01',
          primary_need: r.child.primaryNeed,
          risks: [...r.child.risks],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { childRef: _ref, ...profile } = r.child;
      const referral = await trx
        .insertInto('referral')
        .values({
          org_id: la.id,
          child_id: child.id,
          reference: `BENCH-R${i}`,
          status: 'searching',
          needed_by: r.requirements.neededBy,
          latest_start: r.requirements.latestStart,
          profile: JSON.stringify(profile),
          requirements: JSON.stringify(r.requirements),
          pen_portrait: r.requirements.penPortrait,
          created_at: new Date(`${r.createdOn}T10:00:00Z`),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('referral_recipient')
        .values(
          homeIds.map((homeId) => ({
            referral_id: referral.id,
            org_id: la.id,
            provider_org_id: provider.id,
            home_id: homeId,
            stage: 'block',
            respond_by: new Date(addDays(TODAY, 2)),
          })),
        )
        .execute();
    }
    return (await jobTenant(trx, user.id))!;
  });
}

async function measure(database: Database, label: string): Promise<Measurement[]> {
  const tenant = await build(database);
  let copies = 0;
  let scored = 0;
  const loadAndRank = () =>
    withTenant(database.db, tenant, async (trx) => {
      const inbox = rankInbox(await loadInboxRows(trx, tenant, TODAY), TODAY, NOW);
      copies = inbox.items.length;
      scored = inbox.homes.reduce((n, h) => n + h.ranked.length, 0);
      return inbox;
    });
  const loadOnly = () => withTenant(database.db, tenant, (trx) => loadInboxRows(trx, tenant, TODAY));
  const read = await time(loadAndRank, { runs: 15, warmup: 3 });
  const load = await time(loadOnly, { runs: 15, warmup: 3 });
  const page = await time(
    () => withTenant(database.db, tenant, (trx) => readInbox(trx, tenant, TODAY, NOW)),
    { runs: 10, warmup: 2 },
  );
  return [
    {
      name: `inbox load + rank, 200 referrals × 50 vacancies (${label})`,
      value: read.median,
      unit: 'ms',
      note: `${copies.toLocaleString('en-GB')} live copies loaded, ${scored.toLocaleString('en-GB')} eligible pairs scored with reasons; p95 ${read.p95.toFixed(1)} ms`,
    },
    {
      name: `inbox load only (${label})`,
      value: load.median,
      unit: 'ms',
      note: `p95 ${load.p95.toFixed(1)} ms`,
    },
    {
      name: `inbox page read with its audit rows (${label})`,
      value: page.median,
      unit: 'ms',
      note: `200 audit rows per read; p95 ${page.p95.toFixed(1)} ms`,
    },
  ];
}

export default async function bench(): Promise<Measurement[]> {
  return onEachDatabase('referrals', 4, (database, label) => measure(database, label));
}
