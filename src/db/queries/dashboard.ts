/** Headline figures for each role's home page, under the caller's row-level security. */
import { sql } from 'kysely';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { Tx } from '../tenant.ts';

const activeOn = (day: LocalDate) =>
  sql<boolean>`start_date <= ${day} AND (end_date IS NULL OR end_date > ${day})`;

export async function laFigures(trx: Tx, orgId: string, today: LocalDate) {
  // Only today's placements reach row-level security (index placement_org_end, migration 0011):
  // checking every placement the LA ever made cost a few ms a page on PGlite.
  const placements = await trx
    .selectFrom('placement')
    .select([
      sql<string>`count(*)`.as('current'),
      sql<string>`count(*) FILTER (WHERE route = 'block')`.as('inBlocks'),
      sql<string>`coalesce(sum(total_weekly_pence), 0)`.as('weeklySpend'),
      sql<string>`count(*) FILTER (WHERE distance_miles > 20)`.as('over20'),
    ])
    .where('org_id', '=', orgId)
    .where(activeOn(today))
    .executeTakeFirstOrThrow();
  const referrals = await trx
    .selectFrom('referral')
    .select(sql<string>`count(*)`.as('n'))
    .where('org_id', '=', orgId)
    .where('status', 'in', ['searching', 'offered'])
    .executeTakeFirstOrThrow();
  return {
    currentPlacements: Number(placements.current),
    inBlocks: Number(placements.inBlocks),
    weeklySpendPence: Number(placements.weeklySpend),
    over20Miles: Number(placements.over20),
    liveReferrals: Number(referrals.n),
    vacancies: await visibleBlockVacancies(trx, today),
  };
}

/** Beds in contracts the caller can see that have no placement or unavailability today. */
export async function visibleBlockVacancies(trx: Tx, today: LocalDate): Promise<number> {
  const row = await trx
    .selectFrom('contract_bed')
    .innerJoin('contract', 'contract.id', 'contract_bed.contract_id')
    .select(sql<string>`count(DISTINCT contract_bed.bed_id)`.as('n'))
    .where('contract.status', '=', 'live')
    .where('contract_bed.from_date', '<=', today)
    .where((eb) => eb.or([eb('contract_bed.to_date', 'is', null), eb('contract_bed.to_date', '>', today)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('bed_interval')
            .select('bed_interval.id')
            .whereRef('bed_interval.bed_id', '=', 'contract_bed.bed_id')
            .where('bed_interval.from_date', '<=', today)
            .where((eb) =>
              eb.or([eb('bed_interval.to_date', 'is', null), eb('bed_interval.to_date', '>', today)]),
            ),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function providerFigures(trx: Tx, orgId: string, today: LocalDate) {
  // One look at each bed's intervals today (not two): each one is checked by row-level security.
  const beds = await trx
    .selectFrom('bed')
    .innerJoin('home', 'home.id', 'bed.home_id')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('bed_interval as i')
          .select([
            sql<string>`count(*)`.as('n'),
            sql<boolean>`coalesce(bool_or(i.kind = 'placement'), false)`.as('placed'),
          ])
          .whereRef('i.bed_id', '=', 'bed.id')
          .where(sql<boolean>`i.from_date <= ${today} AND (i.to_date IS NULL OR i.to_date > ${today})`)
          .as('now'),
      (join) => join.onTrue(),
    )
    .select([
      sql<string>`count(DISTINCT home.id)`.as('homes'),
      sql<string>`count(*)`.as('beds'),
      sql<string>`count(*) FILTER (WHERE now.placed)`.as('occupied'),
      sql<string>`count(*) FILTER (WHERE now.n = 0)`.as('vacant'),
    ])
    .where('bed.org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const inbox = await trx
    .selectFrom('referral_recipient')
    .select(sql<string>`count(*)`.as('n'))
    .where('provider_org_id', '=', orgId)
    .where('status', 'in', ['routed', 'viewed', 'interested', 'shortlisted'])
    .executeTakeFirstOrThrow();
  return {
    homes: Number(beds.homes),
    beds: Number(beds.beds),
    occupied: Number(beds.occupied),
    vacant: Number(beds.vacant),
    referralsWaiting: Number(inbox.n),
  };
}

export async function hubFigures(trx: Tx, regionCode: string, today: LocalDate) {
  const contracts = await trx
    .selectFrom('contract')
    .select([
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) FILTER (WHERE kind IN ('soft-block', 'hard-block'))`.as('blocks'),
    ])
    .where('region_code', '=', regionCode)
    .executeTakeFirstOrThrow();
  const beds = await trx
    .selectFrom('contract_bed')
    .innerJoin('contract', 'contract.id', 'contract_bed.contract_id')
    .select([
      sql<string>`count(DISTINCT contract_bed.bed_id)`.as('beds'),
      sql<string>`count(DISTINCT contract_bed.bed_id) FILTER (WHERE EXISTS (SELECT 1 FROM bed_interval i
        WHERE i.bed_id = contract_bed.bed_id AND i.kind = 'placement' AND i.from_date <= ${today}
        AND (i.to_date IS NULL OR i.to_date > ${today})))`.as('occupied'),
    ])
    .where('contract.region_code', '=', regionCode)
    .executeTakeFirstOrThrow();
  const las = await trx
    .selectFrom('organisation')
    .select(sql<string>`count(*)`.as('n'))
    .where('kind', '=', 'local-authority')
    .where('region_code', '=', regionCode)
    .executeTakeFirstOrThrow();
  return {
    contracts: Number(contracts.n),
    blocks: Number(contracts.blocks),
    blockBeds: Number(beds.beds),
    occupiedBlockBeds: Number(beds.occupied),
    localAuthorities: Number(las.n),
  };
}

export async function adminFigures(trx: Tx, orgId: string) {
  const users = await trx
    .selectFrom('app_user')
    .select(sql<string>`count(*)`.as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const audit = await trx
    .selectFrom('audit_event')
    .select(sql<string>`count(*)`.as('n'))
    .where('org_id', '=', orgId)
    .where('at', '>', sql<Date>`now() - interval '7 days'`)
    .executeTakeFirstOrThrow();
  return { users: Number(users.n), auditLastWeek: Number(audit.n) };
}
