/**
 * Ofsted imports: the register as last imported, the homes it describes, owners made into provider
 * organisations, and the history of changes. Run by importers (hub analysts, LA commissioners)
 * under row-level security, or by the command line as the system; see migration 0005.
 */
import { sql } from 'kysely';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { OfstedChangeTable, OfstedProviderTable } from '../tables/directory.ts';
import type { Executor } from '../tenant.ts';

const CHUNK = 500;

function chunks<T>(xs: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export async function registerEntries(db: Executor) {
  return db
    .selectFrom('ofsted_provider')
    .select([
      'urn',
      'status',
      'name',
      'la_code as laCode',
      'postcode_district as postcodeDistrict',
      'places',
      'rating',
      'rated_on as ratedOn',
      'registration_categories as registrationCategories',
      'closed_on as closedOn',
    ])
    .execute();
}

/** Homes with a URN (their ids, and their Ofsted fields for URNs the register does not hold yet). */
export async function homesWithUrn(db: Executor) {
  return db
    .selectFrom('home')
    .select([
      'id',
      'urn',
      'status',
      'name',
      'la_code as laCode',
      'postcode_district as postcodeDistrict',
      'registered_places as places',
      'ofsted_rating as rating',
      'ofsted_rated_on as ratedOn',
      'registration_categories as registrationCategories',
      'closed_on as closedOn',
    ])
    .where('urn', 'is not', null)
    .execute();
}

export async function ownerOrganisations(db: Executor, keys: readonly string[]) {
  const out: { id: string; key: string }[] = [];
  for (const part of chunks(keys)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('organisation')
      .select(['id', 'ofsted_owner_key as key'])
      .where('ofsted_owner_key', 'in', part)
      .execute();
    for (const r of rows) out.push({ id: r.id, key: r.key! });
  }
  return out;
}

export async function insertOwnerOrganisations(
  db: Executor,
  owners: readonly { key: string; name: string; regionCode: string }[],
) {
  const out: { id: string; key: string }[] = [];
  for (const part of chunks(owners)) {
    const rows = await db
      .insertInto('organisation')
      .values(
        part.map((o) => ({
          kind: 'provider' as const,
          name: o.name,
          region_code: o.regionCode,
          ofsted_owner_key: o.key,
        })),
      )
      .returning(['id', 'ofsted_owner_key as key'])
      .execute();
    for (const r of rows) out.push({ id: r.id, key: r.key! });
  }
  return out;
}

export interface NewHome {
  orgId: string;
  urn: string;
  name: string;
  placementType: 'residential' | 'foster' | 'supported-accommodation';
  registeredPlaces: number;
  ageMin: number;
  ageMax: number;
  registrationCategories: string[];
  ofstedRating: string | null;
  ofstedRatedOn: LocalDate | null;
  postcodeDistrict: string;
  postcodeSector: string | null;
  laCode: string;
  location: { lat: number; lon: number; easting: number; northing: number } | null;
  status: 'active' | 'suspended' | 'closed';
  registeredOn: LocalDate | null;
  address: {
    line1: string;
    line2: string | null;
    town: string | null;
    county: string | null;
    postcode: string;
  } | null;
}

export async function insertHomes(db: Executor, homes: readonly NewHome[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const part of chunks(homes)) {
    const rows = await db
      .insertInto('home')
      .values(
        part.map((h) => ({
          org_id: h.orgId,
          urn: h.urn,
          name: h.name,
          placement_type: h.placementType,
          registered_places: h.registeredPlaces,
          age_min: h.ageMin,
          age_max: h.ageMax,
          sexes: ['male', 'female'],
          registration_categories: h.registrationCategories,
          ofsted_rating: h.ofstedRating,
          ofsted_rated_on: h.ofstedRatedOn,
          postcode_district: h.postcodeDistrict,
          postcode_sector: h.postcodeSector,
          la_code: h.laCode,
          lat: h.location?.lat ?? null,
          lon: h.location?.lon ?? null,
          easting: h.location ? Math.round(h.location.easting) : null,
          northing: h.location ? Math.round(h.location.northing) : null,
          status: h.status,
          registered_on: h.registeredOn,
        })),
      )
      .returning(['id', 'urn'])
      .execute();
    for (const r of rows) ids.set(r.urn!, r.id);
  }
  const addresses = homes.filter((h) => h.address);
  for (const part of chunks(addresses)) {
    await db
      .insertInto('home_address')
      .values(
        part.map((h) => ({
          home_id: ids.get(h.urn)!,
          org_id: h.orgId,
          line1: h.address!.line1,
          line2: h.address!.line2,
          town: h.address!.town ?? '',
          county: h.address!.county,
          postcode: h.address!.postcode,
        })),
      )
      .execute();
  }
  return ids;
}

/** The fields Ofsted is the authority for; anything else in a home is the provider's. */
export interface OfstedHomeUpdate {
  name?: string;
  status?: 'active' | 'suspended' | 'closed';
  closedOn?: LocalDate | null;
  registeredPlaces?: number;
  ofstedRating?: string | null;
  ofstedRatedOn?: LocalDate | null;
  registrationCategories?: string[];
  laCode?: string;
  postcodeDistrict?: string;
  postcodeSector?: string | null;
  location?: { lat: number; lon: number; easting: number; northing: number } | null;
  placementType?: 'residential' | 'foster' | 'supported-accommodation';
}

export async function updateHomeFromOfsted(db: Executor, urn: string, u: OfstedHomeUpdate) {
  const set: Record<string, unknown> = {};
  if (u.name !== undefined) set.name = u.name;
  if (u.status !== undefined) set.status = u.status;
  if (u.closedOn !== undefined) set.closed_on = u.closedOn;
  if (u.registeredPlaces !== undefined) set.registered_places = u.registeredPlaces;
  if (u.ofstedRating !== undefined) set.ofsted_rating = u.ofstedRating;
  if (u.ofstedRatedOn !== undefined) set.ofsted_rated_on = u.ofstedRatedOn;
  if (u.registrationCategories !== undefined) set.registration_categories = u.registrationCategories;
  if (u.laCode !== undefined) set.la_code = u.laCode;
  if (u.postcodeDistrict !== undefined) set.postcode_district = u.postcodeDistrict;
  if (u.postcodeSector !== undefined) set.postcode_sector = u.postcodeSector;
  if (u.placementType !== undefined) set.placement_type = u.placementType;
  if (u.location !== undefined) {
    set.lat = u.location?.lat ?? null;
    set.lon = u.location?.lon ?? null;
    set.easting = u.location ? Math.round(u.location.easting) : null;
    set.northing = u.location ? Math.round(u.location.northing) : null;
  }
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('home')
    .set({ ...set, updated_at: sql`now()` })
    .where('urn', '=', urn)
    .execute();
}

export async function insertImport(
  db: Executor,
  i: {
    orgId: string | null;
    createdBy: string | null;
    jobId: string | null;
    fileName: string;
    fileSha256: string;
    fileKind: 'public-statistics' | 'la-list';
    absentMeansClosed: boolean;
    importedOn: LocalDate;
    providers: number;
    counts: Record<string, number>;
  },
): Promise<string> {
  const row = await db
    .insertInto('ofsted_import')
    .values({
      org_id: i.orgId,
      created_by: i.createdBy,
      job_id: i.jobId,
      file_name: i.fileName.slice(0, 255),
      file_sha256: i.fileSha256,
      file_kind: i.fileKind,
      absent_means_closed: i.absentMeansClosed,
      imported_on: i.importedOn,
      providers: i.providers,
      counts: JSON.stringify(i.counts),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type RegisterRow = Omit<OfstedProviderTable, 'updated_at' | 'first_import_id'>;

export async function upsertRegister(db: Executor, rows: readonly RegisterRow[], importId: string) {
  for (const part of chunks(rows)) {
    await db
      .insertInto('ofsted_provider')
      .values(part.map((r) => ({ ...r, first_import_id: importId })))
      .onConflict((oc) =>
        oc.column('urn').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          name: eb.ref('excluded.name'),
          la_code: eb.ref('excluded.la_code'),
          postcode_district: eb.ref('excluded.postcode_district'),
          places: eb.ref('excluded.places'),
          rating: eb.ref('excluded.rating'),
          rated_on: eb.ref('excluded.rated_on'),
          registration_categories: eb.ref('excluded.registration_categories'),
          closed_on: eb.ref('excluded.closed_on'),
          provision_type: sql`coalesce(excluded.provision_type, ofsted_provider.provision_type)`,
          owner_name: sql`coalesce(excluded.owner_name, ofsted_provider.owner_name)`,
          last_import_id: eb.ref('excluded.last_import_id'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

export type ChangeRow = Omit<OfstedChangeTable, 'id' | 'created_at' | 'import_id' | 'detail'> & {
  detail: Record<string, unknown>;
};

export async function insertChanges(db: Executor, importId: string, changes: readonly ChangeRow[]) {
  for (const part of chunks(changes)) {
    await db
      .insertInto('ofsted_change')
      .values(part.map((c) => ({ ...c, import_id: importId, detail: JSON.stringify(c.detail) })))
      .execute();
  }
}

export async function importsOf(db: Executor, orgId: string) {
  return db
    .selectFrom('ofsted_import')
    .leftJoin('app_user', 'app_user.id', 'ofsted_import.created_by')
    .select([
      'ofsted_import.id',
      'ofsted_import.job_id as jobId',
      'ofsted_import.file_name as fileName',
      'ofsted_import.file_kind as fileKind',
      'ofsted_import.providers',
      'ofsted_import.counts',
      'ofsted_import.absent_means_closed as absentMeansClosed',
      'ofsted_import.created_at as createdAt',
      'app_user.display_name as byName',
    ])
    .where('ofsted_import.org_id', '=', orgId)
    .orderBy('ofsted_import.created_at', 'desc')
    .limit(50)
    .execute();
}

export async function findImport(db: Executor, importId: string) {
  return db
    .selectFrom('ofsted_import')
    .select([
      'id',
      'job_id as jobId',
      'file_name as fileName',
      'file_kind as fileKind',
      'providers',
      'counts',
      'absent_means_closed as absentMeansClosed',
      'imported_on as importedOn',
      'created_at as createdAt',
    ])
    .where('id', '=', importId)
    .executeTakeFirst();
}

export async function changesOfImport(db: Executor, importId: string, limit = 2_000) {
  return db
    .selectFrom('ofsted_change')
    .leftJoin('home', 'home.id', 'ofsted_change.home_id')
    .select([
      'ofsted_change.id',
      'ofsted_change.urn',
      'ofsted_change.home_id as homeId',
      'home.name as homeName',
      'ofsted_change.kind',
      'ofsted_change.detail',
      'ofsted_change.effective_on as effectiveOn',
    ])
    .where('ofsted_change.import_id', '=', importId)
    .orderBy('ofsted_change.id')
    .limit(limit)
    .execute();
}

/** The codes of every region the database knows. */
export async function regionCodes(db: Executor): Promise<string[]> {
  return (await db.selectFrom('region').select('code').execute()).map((r) => r.code);
}

/** Adds the regions the database does not know yet (a new database; existing codes are left as they are). */
export async function insertMissingRegions(
  db: Executor,
  regions: readonly { code: string; name: string }[],
): Promise<void> {
  await db
    .insertInto('region')
    .values(regions.map((r) => ({ code: r.code, name: r.name })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** The id of an organisation by its DfE LA code or exact name (who an import is recorded as). */
export async function findOrganisationIdByLaCodeOrName(
  db: Executor,
  laCodeOrName: string,
): Promise<string | undefined> {
  const org = await db
    .selectFrom('organisation')
    .select('id')
    .where((eb) => eb.or([eb('la_code', '=', laCodeOrName), eb('name', '=', laCodeOrName)]))
    .executeTakeFirst();
  return org?.id;
}
