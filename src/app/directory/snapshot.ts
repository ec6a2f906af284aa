/**
 * The directory as the search sees it: every listed home as a `DirectoryHome` (profile, declared
 * memberships, current price, availability), assembled from five bulk queries and kept in memory.
 *
 * Cached per audience: every LA and hub user sees the same directory rows (the policies on the
 * directory's tables depend only on the organisation's kind for them), so one snapshot serves them
 * all; providers are not cached (they do not search, and see their own unlisted homes and prices).
 * A snapshot is reused while `directory_version` (bumped by every write to the directory's tables,
 * in any process) is unchanged, the day is the same, and it is younger than `ledgerRefreshMs`: free
 * beds counted from the bed ledger change without bumping the version, so they are recounted at
 * most that often. The version itself is read at most once a `versionCheckMs` (writes through this
 * process's own pages `touch()` the cache, so they show at once; other servers' within a second),
 * so a warm search needs no database round trip at all. Blocks and frameworks from contracts
 * differ per organisation: they are kept per organisation (`contractsFor`) and added by the search.
 */
import type { Kysely } from 'kysely';
import {
  allHomeAddresses,
  contractMemberships,
  currentMemberships,
  currentPrices,
  directoryVersion,
  type HomeRow,
  latestAvailability,
  ledgerVacancies,
  listHomes,
} from '../../db/queries/directory.ts';
import type { DB } from '../../db/schema.ts';
import type { Executor, Tenant } from '../../db/tenant.ts';
import type { GeoPoint, HomeProfile } from '../../domain/directory/home.ts';
import type { Availability, DirectoryHome, Membership } from '../../domain/directory/listing.ts';
import { priceBandOf } from '../../domain/directory/price-band.ts';
import type { HomeAddress } from '../../domain/directory/privacy.ts';
import type {
  NeedCode,
  OfstedRating,
  PlacementType,
  RegistrationCategory,
  Sex,
} from '../../domain/shared/codes.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';

export type AvailabilitySource = 'confirmed' | 'ledger' | 'none';

export interface DirectoryEntry {
  listing: DirectoryHome;
  status: 'active' | 'suspended' | 'closed';
  listed: boolean;
  /** The provider has reviewed the profile on the platform (else ages and needs are defaults). */
  profileReviewed: boolean;
  /** Owned by an organisation made from an Ofsted owner name (not yet on the platform). */
  fromOfstedOwner: boolean;
  availabilitySource: AvailabilitySource;
  /** Beds recorded on the platform (not decommissioned). */
  beds: number;
}

export interface DirectorySnapshot {
  version: string;
  asOf: LocalDate;
  loadedAt: number;
  entries: DirectoryEntry[];
  byId: ReadonlyMap<string, DirectoryEntry>;
  /** Listings of active homes: what a search runs over. */
  searchable: DirectoryHome[];
}

const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
export const londonDay = (d: Date): LocalDate => london.format(d);

export function pointOf(row: Pick<HomeRow, 'lat' | 'lon' | 'easting' | 'northing'>): GeoPoint | null {
  if (row.lat === null || row.lon === null || row.easting === null || row.northing === null) return null;
  return { lat: row.lat, lon: row.lon, easting: row.easting, northing: row.northing };
}

export function profileOf(row: HomeRow): HomeProfile {
  return {
    id: row.id,
    providerOrgId: row.providerOrgId,
    providerName: row.providerName,
    urn: row.urn,
    name: row.name,
    placementType: row.placementType as PlacementType,
    registeredPlaces: row.registeredPlaces,
    ageMin: row.ageMin,
    ageMax: row.ageMax,
    sexes: row.sexes as Sex[],
    registrationCategories: row.registrationCategories as RegistrationCategory[],
    needsSupported: row.needsSupported as NeedCode[],
    needsExcluded: row.needsExcluded as NeedCode[],
    offersSolo: row.offersSolo,
    adapted: row.adapted,
    petsOnSite: row.petsOnSite,
    acceptsDeprivationOfLiberty: row.acceptsDol,
    ofstedRating: row.ofstedRating as OfstedRating | null,
    ofstedRatedOn: row.ofstedRatedOn,
    postcodeDistrict: row.postcodeDistrict,
    postcodeSector: row.postcodeSector,
    location: pointOf(row),
    laCode: row.laCode,
  };
}

type Rows<F extends (...a: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>;

export interface ListingParts {
  memberships: Rows<typeof currentMemberships>;
  prices: Rows<typeof currentPrices>;
  availability: Rows<typeof latestAvailability>;
  ledger: Rows<typeof ledgerVacancies>;
}

function groupBy<T, K>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** Assembles directory entries from the rows of the five queries. */
export function assembleEntries(homes: readonly HomeRow[], parts: ListingParts): DirectoryEntry[] {
  const memberships = groupBy(parts.memberships, (m) => m.homeId);
  const prices = groupBy(parts.prices, (p) => p.homeId);
  const confirmed = new Map(parts.availability.map((a) => [a.homeId, a]));
  const ledger = new Map(parts.ledger.map((l) => [l.homeId, l]));
  return homes.map((row) => {
    const c = confirmed.get(row.id);
    const l = ledger.get(row.id);
    let availability: Availability;
    let availabilitySource: AvailabilitySource;
    if (c) {
      availability = { vacancies: c.vacancies, confirmedOn: c.confirmedOn };
      availabilitySource = 'confirmed';
    } else if (l && l.beds > 0) {
      availability = {
        vacancies: l.vacant,
        confirmedOn: row.availabilityConfirmedAt ? londonDay(row.availabilityConfirmedAt) : null,
      };
      availabilitySource = 'ledger';
    } else {
      availability = { vacancies: 0, confirmedOn: null };
      availabilitySource = 'none';
    }
    const offered = prices.get(row.id) ?? [];
    const from = offered.length > 0 ? Math.min(...offered.map((p) => p.weeklyPence)) : null;
    const listingMemberships: Membership[] = (memberships.get(row.id) ?? []).map((m) => ({
      kind: m.kind,
      id: m.id,
      name: m.name,
      laCodes: m.laCodes,
    }));
    return {
      listing: {
        profile: profileOf(row),
        availability,
        memberships: listingMemberships,
        weeklyPriceFromPence: from,
        priceBand: from === null ? null : priceBandOf(from),
      },
      status: row.status,
      listed: row.listed,
      profileReviewed: row.profileUpdatedAt !== null,
      fromOfstedOwner: row.ofstedOwnerKey !== null,
      availabilitySource,
      beds: l?.beds ?? 0,
    };
  });
}

/** Loads the whole directory the caller can see, as of `today`. */
export async function loadSnapshot(
  db: Executor,
  today: LocalDate,
  version?: string,
): Promise<DirectorySnapshot> {
  const v = version ?? (await directoryVersion(db));
  const homes = await listHomes(db);
  const parts: ListingParts = {
    memberships: await currentMemberships(db, today),
    prices: await currentPrices(db, today),
    availability: await latestAvailability(db),
    ledger: await ledgerVacancies(db, today),
  };
  const entries = assembleEntries(homes, parts);
  return {
    version: v,
    asOf: today,
    loadedAt: Date.now(),
    entries,
    byId: new Map(entries.map((e) => [e.listing.profile.id, e])),
    searchable: entries.filter((e) => e.status === 'active').map((e) => e.listing),
  };
}

/** Which cached snapshot a tenant may share; undefined = not cached. */
export function audienceOf(tenant: Pick<Tenant, 'orgKind'>): string | undefined {
  return tenant.orgKind === 'local-authority' || tenant.orgKind === 'hub' ? 'commissioners' : undefined;
}

/**
 * How the cache reaches the database when it must: in the caller's open tenant transaction
 * (pages that already hold one), or in a new one (the API, which needs none when the cache is warm).
 */
export type TenantAccess = <T>(fn: (trx: Executor) => Promise<T>) => Promise<T>;

export const inTransaction =
  (trx: Executor): TenantAccess =>
  (fn) =>
    fn(trx);

interface Slot {
  snapshot?: DirectorySnapshot;
  /** When the version was last compared with the database's (ms since epoch). */
  checkedAt: number;
  loading?: { version: string; asOf: LocalDate; promise: Promise<DirectorySnapshot> };
}

export interface CacheTimings {
  /** Free beds from the bed ledger are recounted at most this often (ledger writes bump no version). */
  ledgerRefreshMs: number;
  /** The version is compared with the database's at most this often (other servers' writes). */
  versionCheckMs: number;
  /** The platform's contracts, per organisation, are re-read at most this often. */
  contractsRefreshMs: number;
}

export const DEFAULT_TIMINGS: CacheTimings = {
  ledgerRefreshMs: 30_000,
  versionCheckMs: 1_000,
  contractsRefreshMs: 30_000,
};

type ContractRows = Awaited<ReturnType<typeof contractMemberships>>;
export type AddressBook = ReadonlyMap<string, HomeAddress>;

export class DirectoryCache {
  private readonly slots = new Map<string, Slot>();
  private readonly contracts = new Map<
    string,
    { version: string; asOf: LocalDate; at: number; rows: ContractRows }
  >();
  private addresses: { version: string; book: AddressBook } | undefined;
  /** How many snapshots were loaded (for tests and the benchmark's report). */
  loads = 0;

  constructor(readonly timings: CacheTimings = DEFAULT_TIMINGS) {}

  /** The directory for this tenant, loading or reloading it when it may have changed. */
  async get(access: TenantAccess, tenant: Tenant, today: LocalDate): Promise<DirectorySnapshot> {
    const audience = audienceOf(tenant);
    if (!audience) {
      this.loads++;
      return access((trx) => loadSnapshot(trx, today));
    }
    let slot = this.slots.get(audience);
    if (!slot) {
      slot = { checkedAt: 0 };
      this.slots.set(audience, slot);
    }
    const now = Date.now();
    const s = slot.snapshot;
    const young = s !== undefined && s.asOf === today && now - s.loadedAt < this.timings.ledgerRefreshMs;
    if (young && now - slot.checkedAt < this.timings.versionCheckMs) return s;
    return access(async (trx) => {
      const version = await directoryVersion(trx);
      const current = slot.snapshot;
      if (young && current && current.version === version) {
        slot.checkedAt = Date.now();
        return current;
      }
      const pending = slot.loading;
      if (pending && pending.version === version && pending.asOf === today) {
        try {
          return await pending.promise;
        } catch {
          // the loading request's transaction failed: load in ours instead
        }
      }
      const promise = loadSnapshot(trx, today, version);
      const mine = { version, asOf: today, promise };
      slot.loading = mine;
      this.loads++;
      try {
        const loaded = await promise;
        if (!slot.snapshot || BigInt(slot.snapshot.version) <= BigInt(version)) {
          slot.snapshot = loaded;
          slot.checkedAt = Date.now();
        }
        return loaded;
      } finally {
        if (slot.loading === mine) slot.loading = undefined;
      }
    });
  }

  /**
   * The blocks and frameworks on this platform the organisation can see (its policies decide),
   * kept per organisation for a while: contracts change rarely, and bump no directory version.
   */
  async contractsFor(
    access: TenantAccess,
    tenant: Tenant,
    today: LocalDate,
    version: string,
  ): Promise<ContractRows> {
    const hit = this.contracts.get(tenant.orgId);
    if (
      hit &&
      hit.version === version &&
      hit.asOf === today &&
      Date.now() - hit.at < this.timings.contractsRefreshMs
    ) {
      return hit.rows;
    }
    const rows = await access((trx) => contractMemberships(trx, today));
    this.contracts.set(tenant.orgId, { version, asOf: today, at: Date.now(), rows });
    return rows;
  }

  /**
   * Addresses, for LA placement officers only (every one of them may read every address, by
   * policy): kept while the directory's version stands (addresses bump it). Others read none.
   */
  async addressesFor(access: TenantAccess, tenant: Tenant, version: string): Promise<AddressBook> {
    if (tenant.orgKind !== 'local-authority' || tenant.role !== 'placement-officer') return new Map();
    if (this.addresses?.version === version) return this.addresses.book;
    const rows = await access((trx) => allHomeAddresses(trx));
    const book = new Map(
      rows.map((a) => [
        a.homeId,
        { line1: a.line1, line2: a.line2, town: a.town, county: a.county, postcode: a.postcode },
      ]),
    );
    this.addresses = { version, book };
    return book;
  }

  /** After a write in this process: compare the version with the database's on the next read. */
  touch(): void {
    for (const slot of this.slots.values()) slot.checkedAt = 0;
    this.contracts.clear();
  }

  /** Forgets every snapshot (the next search reloads). */
  clear(): void {
    this.slots.clear();
    this.contracts.clear();
    this.addresses = undefined;
  }
}

const caches = new WeakMap<Kysely<DB>, DirectoryCache>();

const ms = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && process.env[name] !== '' && process.env[name] !== undefined ? v : fallback;
};

/** The cache of one database (one per app; tests build many apps over many databases). */
export function directoryCache(db: Kysely<DB>): DirectoryCache {
  let c = caches.get(db);
  if (!c) {
    c = new DirectoryCache({
      ledgerRefreshMs: ms('DIRECTORY_LEDGER_REFRESH_MS', DEFAULT_TIMINGS.ledgerRefreshMs),
      versionCheckMs: ms('DIRECTORY_VERSION_CHECK_MS', DEFAULT_TIMINGS.versionCheckMs),
      contractsRefreshMs: ms('DIRECTORY_CONTRACTS_REFRESH_MS', DEFAULT_TIMINGS.contractsRefreshMs),
    });
    caches.set(db, c);
  }
  return c;
}
