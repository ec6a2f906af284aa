/**
 * Applies a checked Ofsted provider list to the directory, in the caller's transaction (all or
 * nothing, with the job's completion or the command line's transaction):
 *
 * 1. compare it, URN by URN, with the register as last imported (`ofsted_provider`; for a home
 *    with a URN the register does not hold yet, with the home's own fields): `diffOfstedImport`;
 * 2. create homes for new registrations, each owned by its provider organisation if one was made
 *    from the same Ofsted owner name before, else by a new one (docs/directory.md, "Ownership");
 * 3. update only the fields Ofsted is the authority for (`ofstedProfileFields`) on homes whose
 *    registration changed; what the provider keeps (ages, sexes, needs, availability, prices,
 *    memberships, addresses) is never written (and a trigger refuses it for non-owners);
 * 4. record the import, the register as now known, and every change (the history over time).
 *
 * Importing the same file again finds no changes and writes only the import record.
 */
import { createHash } from 'node:crypto';
import {
  type ChangeRow,
  homesWithUrn,
  insertChanges,
  insertHomes,
  insertImport,
  insertOwnerOrganisations,
  type NewHome,
  type OfstedHomeUpdate,
  ownerOrganisations,
  type RegisterRow,
  regionCodes,
  registerEntries,
  updateHomeFromOfsted,
  upsertRegister,
} from '../../db/queries/directory-ofsted.ts';
import type { Executor } from '../../db/tenant.ts';
import type { OfstedRating, RegistrationCategory } from '../../domain/shared/codes.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import {
  diffOfstedImport,
  type EntryStatus,
  mergeRecord,
  type OfstedChange,
  type OfstedEntry,
} from '../../importers/ofsted/diff-ofsted.ts';
import type { OfstedFileKind } from '../../importers/ofsted/import-ofsted.ts';
import { type OfstedProviderRecord, ofstedProfileFields } from '../../importers/ofsted/provider-record.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';

export interface ImportedFile {
  fileName: string;
  bytes: Buffer;
  kind: OfstedFileKind;
  records: readonly OfstedProviderRecord[];
}

export interface ImportOptions {
  /** The file lists every provider in scope: URNs missing from it have closed. */
  absentMeansClosed: boolean;
  today: LocalDate;
  /** Who ran it: their organisation (null from the command line) and user. */
  orgId: string | null;
  userId: string | null;
  jobId?: string | null;
  ref: ReferenceData;
  /** Region for an owner whose own region is not in the database (the importer's). */
  regionFallback?: string;
}

export const CHANGE_KINDS = {
  registered: 'New registration',
  closed: 'Closed',
  reopened: 'Reopened',
  'status-changed': 'Registration suspended or restored',
  'rating-changed': 'Rating changed',
  'places-changed': 'Places changed',
  'details-changed': 'Details changed',
} as const;
export type ChangeKind = keyof typeof CHANGE_KINDS;

export interface ImportSummary {
  importId: string;
  fileKind: OfstedFileKind;
  providers: number;
  /** Rows of provision types the directory does not list (e.g. residential special schools). */
  skipped: number;
  counts: Record<ChangeKind, number>;
  ownersCreated: number;
}

/** An owner name compared without case, punctuation or "Ltd"/"Limited" differences. */
export function ownerKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b(limited|ltd|plc|llp|cic|the)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const UNNAMED_OWNER = 'Ofsted provider not named in the register';

function entryOfHome(h: Awaited<ReturnType<typeof homesWithUrn>>[number]): OfstedEntry {
  return {
    urn: h.urn!,
    status: h.status,
    name: h.name,
    laCode: h.laCode,
    postcodeDistrict: h.postcodeDistrict || null,
    places: h.places,
    rating: h.rating as OfstedRating | null,
    ratedOn: h.ratedOn,
    registrationCategories: h.registrationCategories as RegistrationCategory[],
    closedOn: h.closedOn,
  };
}

/** The age range a newly listed home gets until its provider says otherwise (by provision type). */
function defaultAges(placementType: NewHome['placementType']): [number, number] {
  return placementType === 'supported-accommodation' ? [16, 17] : [0, 17];
}

function placeholderName(r: OfstedProviderRecord): string {
  return r.placementType === 'foster'
    ? `Fostering agency ${r.urn}`
    : `Children’s home ${r.urn} (name not published)`;
}

/** What to write to a home for one URN's changes (Ofsted's fields only). */
function updateFor(
  changes: readonly OfstedChange[],
  record: OfstedProviderRecord | undefined,
): OfstedHomeUpdate {
  const u: OfstedHomeUpdate = {};
  const fields = record ? ofstedProfileFields(record) : undefined;
  for (const c of changes) {
    switch (c.kind) {
      case 'closed':
        u.status = 'closed';
        u.closedOn = c.closedOn;
        break;
      case 'status-changed':
        u.status = c.to;
        break;
      case 'rating-changed':
        u.ofstedRating = c.to;
        u.ofstedRatedOn = c.to === null ? null : c.ratedOn;
        break;
      case 'places-changed':
        if (c.to !== null) u.registeredPlaces = c.to;
        break;
      case 'reopened':
      case 'details-changed': {
        const e = c.entry;
        if (c.kind === 'reopened') {
          u.status = e.status;
          u.closedOn = null;
          if (e.places !== null) u.registeredPlaces = e.places;
          u.ofstedRating = e.rating;
          u.ofstedRatedOn = e.ratedOn;
        }
        const which =
          c.kind === 'reopened'
            ? (['name', 'laCode', 'postcodeDistrict', 'registrationCategories'] as const)
            : c.fields;
        for (const f of which) {
          if (f === 'name' && e.name) u.name = e.name;
          if (f === 'laCode') u.laCode = e.laCode;
          if (f === 'registrationCategories' && e.registrationCategories)
            u.registrationCategories = [...e.registrationCategories];
          if (f === 'postcodeDistrict' && fields && 'postcodeDistrict' in fields) {
            u.postcodeDistrict = fields.postcodeDistrict ?? '';
            u.postcodeSector = fields.postcodeSector ?? null;
            u.location = fields.location ?? null;
          }
        }
        break;
      }
      case 'registered':
        break;
    }
  }
  return u;
}

function detailOf(c: OfstedChange): Record<string, unknown> {
  switch (c.kind) {
    case 'registered':
    case 'reopened':
      return { name: c.entry.name, laCode: c.entry.laCode, places: c.entry.places, rating: c.entry.rating };
    case 'closed':
      return { closedOn: c.closedOn, because: c.because };
    case 'status-changed':
      return { from: c.from, to: c.to };
    case 'rating-changed':
      return { from: c.from, to: c.to, ratedOn: c.ratedOn };
    case 'places-changed':
      return { from: c.from, to: c.to };
    case 'details-changed':
      return {
        fields: c.fields,
        name: c.entry.name,
        laCode: c.entry.laCode,
        postcodeDistrict: c.entry.postcodeDistrict,
      };
  }
}

function effectiveOn(c: OfstedChange, record: OfstedProviderRecord | undefined, today: LocalDate): LocalDate {
  if (c.kind === 'closed') return c.closedOn ?? today;
  if (c.kind === 'rating-changed') return c.ratedOn ?? today;
  if (c.kind === 'registered') return record?.registeredOn ?? today;
  return today;
}

export async function applyOfstedImport(
  db: Executor,
  file: ImportedFile,
  opts: ImportOptions,
  onProgress: (fraction: number, note: string) => void | Promise<void> = () => {},
): Promise<ImportSummary> {
  const listed = file.records.filter((r) => r.placementType !== null);
  const skipped = file.records.length - listed.length;

  // 1. What we know now, per URN: the register, else the home itself.
  const register = await registerEntries(db);
  const homes = await homesWithUrn(db);
  const homeIdByUrn = new Map(homes.map((h) => [h.urn!, h.id]));
  const known = new Set(register.map((r) => r.urn));
  const current: OfstedEntry[] = [
    ...register.map((r) => ({
      ...r,
      status: r.status as EntryStatus,
      rating: r.rating as OfstedRating | null,
      registrationCategories: r.registrationCategories as RegistrationCategory[] | null,
    })),
    ...homes.filter((h) => !known.has(h.urn!)).map(entryOfHome),
  ];
  const changes = diffOfstedImport(current, listed, { absentMeansClosed: opts.absentMeansClosed });
  await onProgress(0.1, `${changes.length} changes found`);

  const recordByUrn = new Map(listed.map((r) => [r.urn, r]));
  const currentByUrn = new Map(current.map((e) => [e.urn, e]));

  // 2. New registrations: owners, then homes (with their address, when the file gives one).
  const registered = changes.filter((c) => c.kind === 'registered');
  const ownerNames = new Map<string, { name: string; regionCode: string }>();
  for (const c of registered) {
    const r = recordByUrn.get(c.urn)!;
    const name = r.ownerName?.trim() || UNNAMED_OWNER;
    const key = ownerKey(name) || ownerKey(UNNAMED_OWNER);
    if (!ownerNames.has(key)) {
      ownerNames.set(key, { name, regionCode: opts.ref.las.get(r.laCode)?.regionCode ?? 'E12000007' });
    }
  }
  // An owner's organisation sits in the region of its first new home (any known region otherwise).
  const regions = new Set(await regionCodes(db));
  for (const o of ownerNames.values()) {
    if (!regions.has(o.regionCode)) o.regionCode = opts.regionFallback ?? [...regions][0] ?? o.regionCode;
  }
  const owners = new Map((await ownerOrganisations(db, [...ownerNames.keys()])).map((o) => [o.key, o.id]));
  const missing = [...ownerNames].filter(([key]) => !owners.has(key));
  const created = await insertOwnerOrganisations(
    db,
    missing.map(([key, o]) => ({ key, name: o.name, regionCode: o.regionCode })),
  );
  for (const o of created) owners.set(o.key, o.id);
  const newHomes: NewHome[] = registered.map((c) => {
    const r = recordByUrn.get(c.urn)!;
    const type = r.placementType!;
    const [ageMin, ageMax] = defaultAges(type);
    return {
      orgId: owners.get(ownerKey(r.ownerName?.trim() || UNNAMED_OWNER) || ownerKey(UNNAMED_OWNER))!,
      urn: r.urn,
      name: r.name ?? placeholderName(r),
      placementType: type,
      registeredPlaces: r.places ?? 0,
      ageMin,
      ageMax,
      registrationCategories: r.registrationCategories ?? [],
      ofstedRating: r.rating,
      ofstedRatedOn: r.rating ? r.inspectedOn : null,
      postcodeDistrict: r.postcodeDistrict ?? '',
      postcodeSector: r.postcodeSector,
      laCode: r.laCode,
      location: r.location,
      status: c.entry.status,
      registeredOn: r.registeredOn,
      address: r.address?.postcode
        ? {
            line1: r.address.line1,
            line2: r.address.line2,
            town: r.address.town,
            county: r.address.county,
            postcode: r.address.postcode,
          }
        : null,
    };
  });
  const newIds = await insertHomes(db, newHomes);
  for (const [urn, id] of newIds) homeIdByUrn.set(urn, id);
  await onProgress(0.5, `${newHomes.length} new homes listed`);

  // 3. Changed registrations: Ofsted's fields only.
  const byUrn = new Map<string, OfstedChange[]>();
  for (const c of changes) {
    if (c.kind === 'registered') continue;
    byUrn.set(c.urn, [...(byUrn.get(c.urn) ?? []), c]);
  }
  let done = 0;
  for (const [urn, list] of byUrn) {
    if (homeIdByUrn.has(urn)) await updateHomeFromOfsted(db, urn, updateFor(list, recordByUrn.get(urn)));
    if (++done % 200 === 0) await onProgress(0.5 + (0.3 * done) / byUrn.size, `${done} homes updated`);
  }

  // 4. The import, the register as now known, and the history.
  const counts = Object.fromEntries(Object.keys(CHANGE_KINDS).map((k) => [k, 0])) as Record<
    ChangeKind,
    number
  >;
  for (const c of changes) counts[c.kind]++;
  const importId = await insertImport(db, {
    orgId: opts.orgId,
    createdBy: opts.userId,
    jobId: opts.jobId ?? null,
    fileName: file.fileName,
    fileSha256: createHash('sha256').update(file.bytes).digest('hex'),
    fileKind: file.kind,
    absentMeansClosed: opts.absentMeansClosed,
    importedOn: opts.today,
    providers: file.records.length,
    counts: { ...counts, skipped, ownersCreated: created.length },
  });
  const rows: RegisterRow[] = listed.map((r) => {
    const e = mergeRecord(currentByUrn.get(r.urn), r);
    return {
      urn: r.urn,
      status: e.status,
      name: e.name,
      la_code: e.laCode,
      postcode_district: e.postcodeDistrict,
      places: e.places,
      rating: e.rating,
      rated_on: e.ratedOn,
      registration_categories: e.registrationCategories ? [...e.registrationCategories] : null,
      closed_on: e.closedOn,
      provision_type: r.provisionType,
      owner_name: r.ownerName,
      last_import_id: importId,
    };
  });
  for (const c of changes) {
    if (c.kind !== 'closed' || c.because !== 'absent') continue;
    const e = currentByUrn.get(c.urn)!;
    rows.push({
      urn: c.urn,
      status: 'closed',
      name: e.name,
      la_code: e.laCode,
      postcode_district: e.postcodeDistrict,
      places: e.places,
      rating: e.rating,
      rated_on: e.ratedOn,
      registration_categories: e.registrationCategories ? [...e.registrationCategories] : null,
      closed_on: null,
      provision_type: null,
      owner_name: null,
      last_import_id: importId,
    });
  }
  await upsertRegister(db, rows, importId);
  const history: ChangeRow[] = changes.map((c) => ({
    urn: c.urn,
    home_id: homeIdByUrn.get(c.urn) ?? null,
    kind: c.kind,
    detail: detailOf(c),
    effective_on: effectiveOn(c, recordByUrn.get(c.urn), opts.today),
  }));
  await insertChanges(db, importId, history);
  await onProgress(1, `${changes.length} changes recorded`);
  return {
    importId,
    fileKind: file.kind,
    providers: file.records.length,
    skipped,
    counts,
    ownersCreated: created.length,
  };
}
