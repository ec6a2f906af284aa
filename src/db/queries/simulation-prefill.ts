/**
 * The platform's own data a business case can start from, read under the caller's row-level
 * security: referral demand of the region (counts only, through `app.simulation_referral_demand`),
 * the durations of ended placements and how often spot placements were out of area (the caller's
 * own placements for an LA, its region's for the hub), the spot-rate table, and a block contract's
 * stored terms, parties and beds. Placement reads are child-level: the caller audits them.
 */
import { sql } from 'kysely';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { Executor } from '../tenant.ts';
import { isUuid } from './simulation.ts';

export interface DemandRow {
  orgId: string;
  segment: string;
  /** Referrals recorded in the window; null when withheld (another LA's one to four). */
  referrals: number | null;
  /** Placements started in the window; null when withheld. */
  placements: number | null;
  /** The first day of the month of the LA's first referral on the platform (null when it has none). */
  firstRecorded: LocalDate | null;
}

/**
 * Referrals recorded and placements started per LA of the caller's region and need segment over the
 * four complete quarters before `today`'s quarter (the database fixes the window, so answers cannot
 * be differenced): counts only, and another LA's counts of one to four withheld from an LA.
 */
export async function referralDemand(
  db: Executor,
  today: LocalDate,
): Promise<{ window: { from: LocalDate; to: LocalDate } | null; rows: DemandRow[] }> {
  const r = await sql<{
    org_id: string;
    need_segment: string;
    referrals: string | null;
    placements: string | null;
    first_recorded: string | null;
    window_from: string;
    window_to: string;
  }>`
    select org_id, need_segment, referrals, placements, first_recorded, window_from, window_to
    from app.simulation_referral_demand(${today}::date)`.execute(db);
  const first = r.rows[0];
  return {
    window: first ? { from: first.window_from, to: first.window_to } : null,
    rows: r.rows.map((x) => ({
      orgId: x.org_id,
      segment: x.need_segment,
      referrals: x.referrals === null ? null : Number(x.referrals),
      placements: x.placements === null ? null : Number(x.placements),
      firstRecorded: x.first_recorded,
    })),
  };
}

/** Lengths in days of placements in these segments that ended in [since, until), as the caller may read them. */
export async function endedStays(
  db: Executor,
  segments: readonly string[],
  since: LocalDate,
  until: LocalDate,
): Promise<number[]> {
  if (segments.length === 0) return [];
  const rows = await db
    .selectFrom('placement')
    .select(sql<number>`(end_date - start_date)`.as('days'))
    .where('end_date', 'is not', null)
    .where('end_date', '>=', since)
    .where('end_date', '<', until)
    .where('need_segment', 'in', segments)
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.days)).filter((d) => d > 0);
}

/** Spot and framework placements in these segments started in [since, until) with a known distance, and how many were over `miles`. */
export async function spotDistances(
  db: Executor,
  segments: readonly string[],
  since: LocalDate,
  until: LocalDate,
  miles: number,
): Promise<{ known: number; outOfArea: number }> {
  if (segments.length === 0) return { known: 0, outOfArea: 0 };
  const row = await db
    .selectFrom('placement')
    .select([
      sql<string>`count(*)`.as('known'),
      sql<string>`count(*) filter (where distance_miles > ${miles})`.as('outOfArea'),
    ])
    .where('route', 'in', ['spot', 'framework'])
    .where('distance_miles', 'is not', null)
    .where('start_date', '>=', since)
    .where('start_date', '<', until)
    .where('need_segment', 'in', segments)
    .executeTakeFirstOrThrow();
  return { known: Number(row.known), outOfArea: Number(row.outOfArea) };
}

export interface SpotRateRow {
  orgId: string;
  orgName: string;
  segment: string;
  from: LocalDate;
  weekly: number;
}

/** The spot-rate table rows of a region the caller may read (its own and its region's). */
export async function regionSpotRates(db: Executor, regionCode: string): Promise<SpotRateRow[]> {
  return db
    .selectFrom('spot_rate as s')
    .innerJoin('organisation as o', 'o.id', 's.org_id')
    .select([
      's.org_id as orgId',
      'o.name as orgName',
      's.need_segment as segment',
      's.from_date as from',
      's.weekly_pence as weekly',
    ])
    .where('s.region_code', '=', regionCode)
    .orderBy('s.need_segment')
    .orderBy('s.from_date')
    .orderBy('s.created_at')
    .execute();
}

export interface BlockContractOption {
  id: string;
  reference: string;
  name: string;
  kind: string;
  status: string;
  startDate: LocalDate;
}

/** Block contracts (hard or soft) the caller may read, for prefilling and for linking a business case. */
export async function blockContracts(db: Executor): Promise<BlockContractOption[]> {
  return db
    .selectFrom('contract')
    .select(['id', 'reference', 'name', 'kind', 'status', 'start_date as startDate'])
    .where('kind', 'in', ['hard-block', 'soft-block'])
    .where('status', '<>', 'ended')
    .orderBy('reference')
    .execute();
}

export interface ContractFacts {
  id: string;
  reference: string;
  name: string;
  kind: string;
  startDate: LocalDate;
  endDate: LocalDate;
  terms: unknown;
  parties: Array<{ orgId: string; name: string; laCode: string | null; sharePpm: number }>;
  beds: number;
}

/** A block contract's stored terms, parties and bed count, or undefined when the caller cannot see it. */
export async function contractFacts(db: Executor, contractId: string): Promise<ContractFacts | undefined> {
  if (!isUuid(contractId)) return undefined;
  const c = await db
    .selectFrom('contract')
    .select([
      'id',
      'reference',
      'name',
      'kind',
      'start_date as startDate',
      'end_date as endDate',
      'terms',
      sql<string>`(select count(*) from contract_bed cb where cb.contract_id = contract.id and cb.to_date is null)`.as(
        'beds',
      ),
    ])
    .where('id', '=', contractId)
    .executeTakeFirst();
  if (!c) return undefined;
  const parties = await db
    .selectFrom('contract_party as p')
    .innerJoin('organisation as o', 'o.id', 'p.org_id')
    .select(['p.org_id as orgId', 'o.name', 'o.la_code as laCode', 'p.share_ppm as sharePpm'])
    .where('p.contract_id', '=', contractId)
    .orderBy('p.position')
    .orderBy('o.name')
    .execute();
  return { ...c, beds: Number(c.beds), parties };
}
