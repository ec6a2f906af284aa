/** The bed ledger's writes and the vacancy query, under the caller's row-level security. */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { BedIntervalTable, ChildTable, ContractTable, HomeTable, PlacementTable } from '../schema.ts';
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

/** What recording a placement reads about the child (row-level security: the caller's LA's children). */
export type PlacementChild = Pick<
  Selectable<ChildTable>,
  'id' | 'org_id' | 'sex' | 'born_in' | 'primary_need' | 'risks' | 'home_postcode_sector'
>;

/** The child to be placed, or undefined when the caller cannot see it. */
export async function findChildToPlace(db: Executor, childId: string): Promise<PlacementChild | undefined> {
  return db
    .selectFrom('child')
    .select(['id', 'org_id', 'sex', 'born_in', 'primary_need', 'risks', 'home_postcode_sector'])
    .where('id', '=', childId)
    .executeTakeFirst();
}

/** What recording a placement reads about the bed's home (its provider, location and status). */
export type PlacementHome = Pick<Selectable<HomeTable>, 'id' | 'org_id' | 'easting' | 'northing' | 'status'>;

/** The home of a bed already found; throws when it cannot be read. */
export async function getHomeToPlaceIn(db: Executor, homeId: string): Promise<PlacementHome> {
  return db
    .selectFrom('home')
    .select(['id', 'org_id', 'easting', 'northing', 'status'])
    .where('id', '=', homeId)
    .executeTakeFirstOrThrow();
}

/** A contract's id and kind (what decides a placement's route). */
export type ContractKindRow = Pick<Selectable<ContractTable>, 'id' | 'kind'>;

/**
 * The contract a bed is blocked under on `day`: the bed is in the contract from then (and not
 * yet out of it) and the contract's term covers the day. Undefined when none.
 */
export async function contractBlockingBedOn(
  db: Executor,
  bedId: string,
  day: LocalDate,
): Promise<ContractKindRow | undefined> {
  return db
    .selectFrom('contract_bed')
    .innerJoin('contract', 'contract.id', 'contract_bed.contract_id')
    .select(['contract.id', 'contract.kind'])
    .where('contract_bed.bed_id', '=', bedId)
    .where('contract_bed.from_date', '<=', day)
    .where((eb) => eb.or([eb('contract_bed.to_date', 'is', null), eb('contract_bed.to_date', '>', day)]))
    .where('contract.start_date', '<=', day)
    .where('contract.end_date', '>', day)
    .executeTakeFirst();
}

/** A contract's id and kind, or undefined when the caller cannot see it. */
export async function findContractKind(
  db: Executor,
  contractId: string,
): Promise<ContractKindRow | undefined> {
  return db.selectFrom('contract').select(['id', 'kind']).where('id', '=', contractId).executeTakeFirst();
}

/** Inserts a placement row; returns its id. */
export async function insertPlacement(db: Executor, placement: Insertable<PlacementTable>): Promise<string> {
  const row = await db.insertInto('placement').values(placement).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Inserts a placement's bed-ledger interval. The ledger's exclusion constraint refuses it if it
 * overlaps another interval of the bed, whatever the timing.
 */
export async function insertPlacementInterval(
  db: Executor,
  interval: Insertable<BedIntervalTable> & { kind: 'placement'; placement_id: string },
): Promise<void> {
  await db.insertInto('bed_interval').values(interval).execute();
}

/**
 * Inserts a bed's unavailability interval; returns its id. The ledger's exclusion constraint
 * refuses it if it overlaps another interval of the bed.
 */
export async function insertUnavailabilityInterval(
  db: Executor,
  interval: Insertable<BedIntervalTable> & { kind: 'unavailable-provider' | 'unavailable-agreed' },
): Promise<string> {
  const row = await db.insertInto('bed_interval').values(interval).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** What ending a placement reads about it. */
export type PlacementToEnd = Pick<Selectable<PlacementTable>, 'id' | 'start_date' | 'end_date' | 'child_id'>;

/** A placement's dates and child, or undefined when the caller cannot see it. */
export async function findPlacementToEnd(
  db: Executor,
  placementId: string,
): Promise<PlacementToEnd | undefined> {
  return db
    .selectFrom('placement')
    .select(['id', 'start_date', 'end_date', 'child_id'])
    .where('id', '=', placementId)
    .executeTakeFirst();
}

/** Sets a placement's end date (exclusive) and whether the ending was planned. */
export async function setPlacementEnd(
  db: Executor,
  placementId: string,
  endDate: LocalDate,
  ending: 'planned' | 'unplanned',
): Promise<void> {
  await db
    .updateTable('placement')
    .set({ end_date: endDate, end_reason: ending })
    .where('id', '=', placementId)
    .execute();
}

/** Ends a placement's bed-ledger interval on `endDate` (exclusive), with how it ended. */
export async function setPlacementIntervalEnd(
  db: Executor,
  placementId: string,
  endDate: LocalDate,
  ending: 'planned' | 'unplanned',
): Promise<void> {
  await db
    .updateTable('bed_interval')
    .set({ to_date: endDate, ending })
    .where('placement_id', '=', placementId)
    .execute();
}
