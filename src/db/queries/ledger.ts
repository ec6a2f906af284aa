/** The bed ledger's writes and the vacancy query, under the caller's row-level security. */
import { sql } from 'kysely';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { Executor } from '../tenant.ts';

export interface BedRow {
  id: string;
  seq: string;
  orgId: string;
  homeId: string;
  label: string;
}

export async function findBed(db: Executor, bedId: string): Promise<BedRow | undefined> {
  return db
    .selectFrom('bed')
    .select(['id', 'seq', 'org_id as orgId', 'home_id as homeId', 'label'])
    .where('id', '=', bedId)
    .executeTakeFirst();
}

/** Intervals of one bed overlapping [from, to) (to = undefined: open-ended). */
export async function intervalsOverlapping(db: Executor, bedId: string, from: LocalDate, to?: LocalDate) {
  let q = db
    .selectFrom('bed_interval')
    .select(['id', 'kind', 'from_date as from', 'to_date as to', 'placement_id as placementId', 'reason'])
    .where('bed_id', '=', bedId)
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>', from)]));
  if (to) q = q.where('from_date', '<', to);
  return q.orderBy('from_date').execute();
}

/**
 * Contract beds with no interval covering `day` (vacant now), with the day the bed became free
 * (the end of its last interval) so callers can run the hold clock.
 */
export async function vacantContractBeds(db: Executor, day: LocalDate) {
  return db
    .selectFrom('contract_bed')
    .innerJoin('contract', 'contract.id', 'contract_bed.contract_id')
    .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
    .innerJoin('home', 'home.id', 'bed.home_id')
    .select([
      'bed.id as bedId',
      'bed.label as bedLabel',
      'home.id as homeId',
      'home.name as homeName',
      'home.org_id as providerOrgId',
      'contract.id as contractId',
      'contract.name as contractName',
      'contract.kind as contractKind',
      'contract.terms as terms',
      'contract.party_org_ids as partyOrgIds',
      sql<
        string | null
      >`(select max(i.to_date) from bed_interval i where i.bed_id = bed.id and i.to_date <= ${day})`.as(
        'freeSince',
      ),
    ])
    .where('contract.status', '=', 'live')
    .where('contract_bed.from_date', '<=', day)
    .where((eb) => eb.or([eb('contract_bed.to_date', 'is', null), eb('contract_bed.to_date', '>', day)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('bed_interval as i')
            .select('i.id')
            .whereRef('i.bed_id', '=', 'bed.id')
            .where('i.from_date', '<=', day)
            .where((eb) => eb.or([eb('i.to_date', 'is', null), eb('i.to_date', '>', day)])),
        ),
      ),
    )
    .orderBy('home.name')
    .orderBy('bed.label')
    .execute();
}
