/**
 * What an Ofsted import changes in the directory: new registrations, closures, reopenings,
 * suspensions, rating and places changes, other details. Keyed by URN, so importing the same file
 * twice changes nothing the second time, and the list of changes is the history kept over time.
 * Pure: the caller loads the current entries and stores the changes in one transaction.
 */
import type { OfstedRating, RegistrationCategory } from '../../domain/shared/codes.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { OfstedProviderRecord } from './provider-record.ts';

export type EntryStatus = 'active' | 'suspended' | 'closed';

/** What the directory holds from Ofsted for one URN. */
export interface OfstedEntry {
  urn: string;
  status: EntryStatus;
  name: string | null;
  laCode: string;
  postcodeDistrict: string | null;
  places: number | null;
  rating: OfstedRating | null;
  ratedOn: LocalDate | null;
  registrationCategories: readonly RegistrationCategory[] | null;
  closedOn: LocalDate | null;
}

export type DetailField = 'name' | 'laCode' | 'postcodeDistrict' | 'registrationCategories';

export type OfstedChange =
  | { kind: 'registered'; urn: string; entry: OfstedEntry }
  | { kind: 'closed'; urn: string; closedOn: LocalDate | null; because: 'status' | 'absent' }
  | { kind: 'reopened'; urn: string; entry: OfstedEntry }
  | { kind: 'status-changed'; urn: string; from: EntryStatus; to: EntryStatus }
  | {
      kind: 'rating-changed';
      urn: string;
      from: OfstedRating | null;
      to: OfstedRating | null;
      ratedOn: LocalDate | null;
    }
  | { kind: 'places-changed'; urn: string; from: number | null; to: number | null }
  | { kind: 'details-changed'; urn: string; fields: DetailField[]; entry: OfstedEntry };

export interface DiffOptions {
  /**
   * True when the file lists every provider in scope (a national list): a URN the directory has
   * but the file lacks has closed. False for partial lists, where absence says nothing.
   */
  absentMeansClosed: boolean;
}

function statusOf(r: OfstedProviderRecord): EntryStatus {
  if (r.registrationStatus === 'suspended') return 'suspended';
  if (r.registrationStatus && r.registrationStatus !== 'active') return 'closed';
  return r.closedOn ? 'closed' : 'active';
}

/**
 * The entry an import says, merged over what is known: a field the file does not give (redacted
 * names, no places column, no rating) keeps its current value instead of being wiped.
 */
export function mergeRecord(current: OfstedEntry | undefined, r: OfstedProviderRecord): OfstedEntry {
  const status = statusOf(r);
  return {
    urn: r.urn,
    status,
    name: r.name ?? current?.name ?? null,
    laCode: r.laCode || current?.laCode || '',
    postcodeDistrict: r.postcodeDistrict ?? current?.postcodeDistrict ?? null,
    places: r.places ?? current?.places ?? null,
    rating: r.rating ?? current?.rating ?? null,
    ratedOn: r.rating ? r.inspectedOn : (current?.ratedOn ?? null),
    registrationCategories: r.registrationCategories ?? current?.registrationCategories ?? null,
    closedOn: status === 'closed' ? (r.closedOn ?? current?.closedOn ?? null) : null,
  };
}

const sameList = (a: readonly string[] | null, b: readonly string[] | null) =>
  a === b ||
  (a !== null && b !== null && a.length === b.length && [...a].sort().join() === [...b].sort().join());

function changesFor(urn: string, was: OfstedEntry, now: OfstedEntry): OfstedChange[] {
  const out: OfstedChange[] = [];
  if (was.status !== now.status) {
    if (now.status === 'closed') out.push({ kind: 'closed', urn, closedOn: now.closedOn, because: 'status' });
    else if (was.status === 'closed') out.push({ kind: 'reopened', urn, entry: now });
    else out.push({ kind: 'status-changed', urn, from: was.status, to: now.status });
  }
  if (was.status === 'closed' && now.status === 'closed') return out;
  if (was.rating !== now.rating || was.ratedOn !== now.ratedOn) {
    out.push({ kind: 'rating-changed', urn, from: was.rating, to: now.rating, ratedOn: now.ratedOn });
  }
  if (was.places !== now.places) out.push({ kind: 'places-changed', urn, from: was.places, to: now.places });
  const fields: DetailField[] = [];
  if (was.name !== now.name) fields.push('name');
  if (was.laCode !== now.laCode) fields.push('laCode');
  if (was.postcodeDistrict !== now.postcodeDistrict) fields.push('postcodeDistrict');
  if (!sameList(was.registrationCategories, now.registrationCategories))
    fields.push('registrationCategories');
  if (fields.length > 0) out.push({ kind: 'details-changed', urn, fields, entry: now });
  return out;
}

export function diffOfstedImport(
  current: readonly OfstedEntry[],
  records: readonly OfstedProviderRecord[],
  options: DiffOptions,
): OfstedChange[] {
  const byUrn = new Map(current.map((e) => [e.urn, e]));
  const incoming = new Set<string>();
  const changes: OfstedChange[] = [];
  for (const r of records) {
    incoming.add(r.urn);
    const was = byUrn.get(r.urn);
    const now = mergeRecord(was, r);
    if (!was) {
      if (now.status !== 'closed') changes.push({ kind: 'registered', urn: r.urn, entry: now });
      continue;
    }
    changes.push(...changesFor(r.urn, was, now));
  }
  if (options.absentMeansClosed) {
    for (const e of current) {
      if (!incoming.has(e.urn) && e.status !== 'closed')
        changes.push({ kind: 'closed', urn: e.urn, closedOn: null, because: 'absent' });
    }
  }
  return changes.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/** The directory after the changes (what the SQL layer would store), in URN order. */
export function applyOfstedChanges(
  current: readonly OfstedEntry[],
  changes: readonly OfstedChange[],
): OfstedEntry[] {
  const byUrn = new Map(current.map((e) => [e.urn, { ...e }]));
  for (const c of changes) {
    const e = byUrn.get(c.urn);
    switch (c.kind) {
      case 'registered':
      case 'reopened':
        byUrn.set(c.urn, { ...c.entry });
        break;
      case 'closed':
        if (e) byUrn.set(c.urn, { ...e, status: 'closed', closedOn: c.closedOn });
        break;
      case 'status-changed':
        if (e) e.status = c.to;
        break;
      case 'rating-changed':
        if (e) Object.assign(e, { rating: c.to, ratedOn: c.ratedOn });
        break;
      case 'places-changed':
        if (e) e.places = c.to;
        break;
      case 'details-changed':
        if (e) for (const f of c.fields) Object.assign(e, { [f]: c.entry[f] });
        break;
    }
  }
  return [...byUrn.values()].sort((a, b) => (a.urn < b.urn ? -1 : 1));
}
