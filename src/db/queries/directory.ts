/**
 * The directory's reads and the provider's writes, under the caller's row-level security. What a
 * search needs is loaded in bulk (one query per table) and assembled in src/app/directory.
 */
import { sql } from 'kysely';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { MembershipKindCode } from '../tables/directory.ts';
import type { Executor, Tenant } from '../tenant.ts';

/** Bumped by every write to the directory's tables (migration 0005). */
export async function directoryVersion(db: Executor): Promise<string> {
  const row = await db.selectFrom('directory_version').select('version').executeTakeFirst();
  return row?.version ?? '0';
}

const HOME_COLUMNS = [
  'home.id',
  'home.org_id as providerOrgId',
  'organisation.name as providerName',
  'organisation.ofsted_owner_key as ofstedOwnerKey',
  'home.urn',
  'home.name',
  'home.placement_type as placementType',
  'home.registered_places as registeredPlaces',
  'home.age_min as ageMin',
  'home.age_max as ageMax',
  'home.sexes',
  'home.registration_categories as registrationCategories',
  'home.needs_supported as needsSupported',
  'home.needs_excluded as needsExcluded',
  'home.offers_solo as offersSolo',
  'home.adapted',
  'home.pets_on_site as petsOnSite',
  'home.accepts_dol as acceptsDol',
  'home.ofsted_rating as ofstedRating',
  'home.ofsted_rated_on as ofstedRatedOn',
  'home.postcode_district as postcodeDistrict',
  'home.postcode_sector as postcodeSector',
  'home.la_code as laCode',
  'home.lat',
  'home.lon',
  'home.easting',
  'home.northing',
  'home.status',
  'home.registered_on as registeredOn',
  'home.closed_on as closedOn',
  'home.availability_confirmed_at as availabilityConfirmedAt',
  'home.listed',
  'home.profile_updated_at as profileUpdatedAt',
] as const;

function homes(db: Executor) {
  return db
    .selectFrom('home')
    .innerJoin('organisation', 'organisation.id', 'home.org_id')
    .select(HOME_COLUMNS);
}

export type HomeRow = Awaited<ReturnType<typeof findHome>> & object;

/** Every home the caller can see (listed homes, and its own unlisted ones). */
export async function listHomes(db: Executor) {
  return homes(db).orderBy('home.id').execute();
}

export async function findHome(db: Executor, homeId: string) {
  return homes(db).where('home.id', '=', homeId).executeTakeFirst();
}

/** A provider's own homes, listed or not. */
export async function homesOfProvider(db: Executor, orgId: string) {
  return homes(db).where('home.org_id', '=', orgId).orderBy('home.name').execute();
}

/** Declared memberships current on `day` (open-ended or not yet ended). */
export async function currentMemberships(db: Executor, day: LocalDate, homeId?: string) {
  let q = db
    .selectFrom('home_membership')
    .select([
      'id',
      'home_id as homeId',
      'kind',
      'name',
      'la_codes as laCodes',
      'from_date as fromDate',
      'to_date as toDate',
    ])
    .where((eb) => eb.or([eb('from_date', 'is', null), eb('from_date', '<=', day)]))
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>', day)]));
  if (homeId) q = q.where('home_id', '=', homeId);
  return q.orderBy('home_id').orderBy('name').execute();
}

export async function membershipsOfHome(db: Executor, homeId: string) {
  return db
    .selectFrom('home_membership')
    .select(['id', 'kind', 'name', 'la_codes as laCodes', 'from_date as fromDate', 'to_date as toDate'])
    .where('home_id', '=', homeId)
    .orderBy('name')
    .execute();
}

/**
 * Blocks and frameworks on this platform (contracts) the caller can see, live on `day`, with the
 * homes whose beds are in them and the DfE codes of the LAs party to them.
 */
export async function contractMemberships(db: Executor, day: LocalDate, homeId?: string) {
  let q = db
    .selectFrom('contract')
    .innerJoin('contract_bed', 'contract_bed.contract_id', 'contract.id')
    .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
    .select([
      'contract.id',
      'contract.name',
      'contract.kind',
      'bed.home_id as homeId',
      sql<string[]>`array(select o.la_code from organisation o
        where o.id = any(contract.party_org_ids) and o.la_code is not null order by o.la_code)`.as('laCodes'),
    ])
    .distinct()
    .where('contract.status', '=', 'live')
    .where('contract.kind', '<>', 'spot')
    .where('contract.start_date', '<=', day)
    .where('contract.end_date', '>', day)
    .where('contract_bed.from_date', '<=', day)
    .where((eb) => eb.or([eb('contract_bed.to_date', 'is', null), eb('contract_bed.to_date', '>', day)]));
  if (homeId) q = q.where('bed.home_id', '=', homeId);
  return q.execute();
}

/** Prices in force on `day`: for each home and label, the one with the latest start on or before it. */
export async function currentPrices(db: Executor, day: LocalDate, homeId?: string) {
  let q = db
    .selectFrom('home_price')
    .select(['home_id as homeId', 'label', 'weekly_pence as weeklyPence', 'from_date as fromDate'])
    .distinctOn(['home_id', 'label'])
    .where('from_date', '<=', day);
  if (homeId) q = q.where('home_id', '=', homeId);
  return q.orderBy('home_id').orderBy('label').orderBy('from_date', 'desc').execute();
}

export async function pricesOfHome(db: Executor, homeId: string) {
  return db
    .selectFrom('home_price')
    .select(['id', 'label', 'weekly_pence as weeklyPence', 'from_date as fromDate'])
    .where('home_id', '=', homeId)
    .orderBy('label')
    .orderBy('from_date', 'desc')
    .execute();
}

/** The latest availability confirmation of every home (or one home). */
export async function latestAvailability(db: Executor, homeId?: string) {
  let q = db
    .selectFrom('home_availability')
    .leftJoin('app_user', 'app_user.id', 'home_availability.confirmed_by')
    .select([
      'home_availability.home_id as homeId',
      'home_availability.vacancies',
      'home_availability.confirmed_on as confirmedOn',
      'home_availability.confirmed_at as confirmedAt',
      'home_availability.note',
    ])
    .distinctOn('home_availability.home_id');
  if (homeId) q = q.where('home_availability.home_id', '=', homeId);
  return q.orderBy('home_availability.home_id').orderBy('home_availability.confirmed_at', 'desc').execute();
}

/** Free beds per listed home on `day`, from the bed ledger (counts only; see migration 0005). */
export async function ledgerVacancies(db: Executor, day: LocalDate) {
  const r = await sql<{ home_id: string; beds: string; vacant: string }>`
    select home_id, beds, vacant from app.directory_vacancies(${day}::date)`.execute(db);
  return r.rows.map((x) => ({ homeId: x.home_id, beds: Number(x.beds), vacant: Number(x.vacant) }));
}

/**
 * Free beds of one home from its own ledger: exact only for its owner (whose policies show every
 * interval of its beds); others use `ledgerVacancies`.
 */
export async function ownLedgerVacancies(db: Executor, homeId: string, day: LocalDate) {
  const r = await sql<{ beds: string; vacant: string }>`
    select count(*) filter (where i.kind is distinct from 'decommissioned') as beds,
      count(*) filter (where i.id is null) as vacant
    from bed b left join bed_interval i on i.bed_id = b.id and i.from_date <= ${day}::date
      and (i.to_date is null or i.to_date > ${day}::date)
    where b.home_id = ${homeId}`.execute(db);
  const row = r.rows[0];
  return row && Number(row.beds) > 0 ? [{ homeId, beds: Number(row.beds), vacant: Number(row.vacant) }] : [];
}

export async function homeAddress(db: Executor, homeId: string) {
  return db
    .selectFrom('home_address')
    .select(['line1', 'line2', 'town', 'county', 'postcode'])
    .where('home_id', '=', homeId)
    .executeTakeFirst();
}

/** Every address the caller may read (its policies decide: placement officers read them all). */
export async function allHomeAddresses(db: Executor) {
  return db
    .selectFrom('home_address')
    .select(['home_id as homeId', 'line1', 'line2', 'town', 'county', 'postcode'])
    .execute();
}

export async function homeAddresses(db: Executor, homeIds: readonly string[]) {
  if (homeIds.length === 0) return [];
  return db
    .selectFrom('home_address')
    .select(['home_id as homeId', 'line1', 'line2', 'town', 'county', 'postcode'])
    .where('home_id', 'in', homeIds)
    .execute();
}

// ---------------------------------------------------------------- quality notes

export async function notesOfHome(db: Executor, homeId: string) {
  return db
    .selectFrom('home_note')
    .innerJoin('organisation', 'organisation.id', 'home_note.org_id')
    .leftJoin('app_user', 'app_user.id', 'home_note.created_by')
    .select([
      'home_note.id',
      'home_note.org_id as orgId',
      'organisation.name as orgName',
      'app_user.display_name as authorName',
      'home_note.body',
      'home_note.shared_with as sharedWith',
      'home_note.created_at as createdAt',
    ])
    .where('home_note.home_id', '=', homeId)
    .where('home_note.withdrawn_at', 'is', null)
    .orderBy('home_note.created_at', 'desc')
    .execute();
}

export async function insertNote(
  db: Executor,
  tenant: Tenant,
  note: { homeId: string; body: string; sharedWith: 'region' | 'organisation' },
): Promise<string> {
  const row = await db
    .insertInto('home_note')
    .values({
      org_id: tenant.orgId,
      region_code: tenant.regionCode,
      home_id: note.homeId,
      body: note.body,
      shared_with: note.sharedWith,
      created_by: tenant.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Withdraws one of the caller's own notes; false when there is no such note of theirs. */
export async function withdrawNote(db: Executor, tenant: Tenant, homeId: string, noteId: string) {
  const r = await db
    .updateTable('home_note')
    .set({ withdrawn_at: sql`now()` })
    .where('id', '=', noteId)
    .where('home_id', '=', homeId)
    .where('org_id', '=', tenant.orgId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- the provider's writes

export interface ProfileChange {
  ageMin: number;
  ageMax: number;
  sexes: string[];
  registeredPlaces: number;
  needsSupported: string[];
  needsExcluded: string[];
  offersSolo: boolean;
  adapted: boolean;
  petsOnSite: boolean;
  acceptsDol: boolean;
  listed?: boolean;
}

export async function updateProfile(db: Executor, homeId: string, orgId: string, p: ProfileChange) {
  const r = await db
    .updateTable('home')
    .set({
      age_min: p.ageMin,
      age_max: p.ageMax,
      sexes: p.sexes,
      registered_places: p.registeredPlaces,
      needs_supported: p.needsSupported,
      needs_excluded: p.needsExcluded,
      offers_solo: p.offersSolo,
      adapted: p.adapted,
      pets_on_site: p.petsOnSite,
      accepts_dol: p.acceptsDol,
      ...(p.listed === undefined ? {} : { listed: p.listed }),
      profile_updated_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('id', '=', homeId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAvailability(
  db: Executor,
  tenant: Tenant,
  a: { homeId: string; vacancies: number; confirmedOn: LocalDate; note: string | null },
) {
  await db
    .insertInto('home_availability')
    .values({
      org_id: tenant.orgId,
      home_id: a.homeId,
      vacancies: a.vacancies,
      confirmed_on: a.confirmedOn,
      confirmed_by: tenant.userId,
      note: a.note,
    })
    .execute();
  await db
    .updateTable('home')
    .set({ availability_confirmed_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', a.homeId)
    .where('org_id', '=', tenant.orgId)
    .execute();
}

export async function replacePrices(
  db: Executor,
  tenant: Tenant,
  homeId: string,
  prices: readonly { label: string; weeklyPence: number; fromDate: LocalDate }[],
) {
  await db
    .deleteFrom('home_price')
    .where('home_id', '=', homeId)
    .where('org_id', '=', tenant.orgId)
    .execute();
  if (prices.length === 0) return;
  await db
    .insertInto('home_price')
    .values(
      prices.map((p) => ({
        org_id: tenant.orgId,
        home_id: homeId,
        label: p.label,
        weekly_pence: p.weeklyPence,
        from_date: p.fromDate,
        created_by: tenant.userId,
      })),
    )
    .execute();
}

export async function replaceMemberships(
  db: Executor,
  tenant: Tenant,
  homeId: string,
  memberships: readonly {
    kind: MembershipKindCode;
    name: string;
    laCodes: string[];
    fromDate: LocalDate | null;
    toDate: LocalDate | null;
  }[],
) {
  await db
    .deleteFrom('home_membership')
    .where('home_id', '=', homeId)
    .where('org_id', '=', tenant.orgId)
    .execute();
  if (memberships.length === 0) return;
  await db
    .insertInto('home_membership')
    .values(
      memberships.map((m) => ({
        org_id: tenant.orgId,
        home_id: homeId,
        kind: m.kind,
        name: m.name,
        la_codes: m.laCodes,
        from_date: m.fromDate,
        to_date: m.toDate,
      })),
    )
    .execute();
}

/** How many of a home's beds are in a contract the caller can see (unlisting is refused then). */
export async function contractBedsOfHome(db: Executor, homeId: string): Promise<number> {
  const r = await db
    .selectFrom('contract_bed')
    .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
    .select(sql<string>`count(*)`.as('n'))
    .where('bed.home_id', '=', homeId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---------------------------------------------------------------- Ofsted history shown on a home

export async function ofstedHistory(db: Executor, urn: string) {
  return db
    .selectFrom('ofsted_change')
    .select(['id', 'kind', 'detail', 'effective_on as effectiveOn', 'created_at as createdAt'])
    .where('urn', '=', urn)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

export async function ofstedRegisterEntry(db: Executor, urn: string) {
  return db
    .selectFrom('ofsted_provider')
    .select([
      'urn',
      'status',
      'name',
      'places',
      'rating',
      'rated_on as ratedOn',
      'provision_type as provisionType',
      'owner_name as ownerName',
      'updated_at as updatedAt',
    ])
    .where('urn', '=', urn)
    .executeTakeFirst();
}

/** Provider organisations for the HSDS export (those owning at least one visible home). */
export async function providerOrganisations(db: Executor) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'provider')
    .where((eb) =>
      eb.exists(eb.selectFrom('home').select('home.id').whereRef('home.org_id', '=', 'organisation.id')),
    )
    .orderBy('name')
    .execute();
}
