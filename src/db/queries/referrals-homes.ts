/**
 * What referrals are matched against, read from the directory, the contracts and the bed ledger
 * under the caller's row-level security: homes as the matching engine sees them, the free block
 * beds an LA may refer to (with the day each fell vacant, for the hold clock), a provider's free
 * beds, and its residents' anonymised profiles (age in years, sex, risks: nothing else).
 */
import { sql } from 'kysely';
import type { HomeProfile } from '../../domain/directory/home.ts';
import type { Resident } from '../../domain/matching/target.ts';
import type {
  ContractKind,
  NeedCode,
  OfstedRating,
  RegistrationCategory,
  RiskCode,
  Sex,
} from '../../domain/shared/codes.ts';
import { daysBetween, type LocalDate } from '../../domain/shared/dates.ts';
import type { Executor } from '../tenant.ts';

const homeColumns = [
  'home.id',
  'home.org_id',
  'home.urn',
  'home.name',
  'home.placement_type',
  'home.registered_places',
  'home.age_min',
  'home.age_max',
  'home.sexes',
  'home.registration_categories',
  'home.needs_supported',
  'home.needs_excluded',
  'home.offers_solo',
  'home.adapted',
  'home.pets_on_site',
  'home.accepts_dol',
  'home.ofsted_rating',
  'home.ofsted_rated_on',
  'home.postcode_district',
  'home.postcode_sector',
  'home.la_code',
  'home.lat',
  'home.lon',
  'home.easting',
  'home.northing',
  'home.status',
  'provider.name as providerName',
] as const;

type HomeRow = {
  id: string;
  org_id: string;
  urn: string | null;
  name: string;
  placement_type: 'residential' | 'foster' | 'supported-accommodation';
  registered_places: number;
  age_min: number;
  age_max: number;
  sexes: string[];
  registration_categories: string[];
  needs_supported: string[];
  needs_excluded: string[];
  offers_solo: boolean;
  adapted: boolean;
  pets_on_site: boolean;
  accepts_dol: boolean;
  ofsted_rating: string | null;
  ofsted_rated_on: string | null;
  postcode_district: string;
  postcode_sector: string | null;
  la_code: string;
  lat: number | null;
  lon: number | null;
  easting: number | null;
  northing: number | null;
  status: string;
  providerName: string;
};

export function homeProfile(h: HomeRow): HomeProfile {
  return {
    id: h.id,
    providerOrgId: h.org_id,
    providerName: h.providerName,
    urn: h.urn,
    name: h.name,
    placementType: h.placement_type,
    registeredPlaces: h.registered_places,
    ageMin: h.age_min,
    ageMax: h.age_max,
    sexes: h.sexes as Sex[],
    registrationCategories: h.registration_categories as RegistrationCategory[],
    needsSupported: h.needs_supported as NeedCode[],
    needsExcluded: h.needs_excluded as NeedCode[],
    offersSolo: h.offers_solo,
    adapted: h.adapted,
    petsOnSite: h.pets_on_site,
    acceptsDeprivationOfLiberty: h.accepts_dol,
    ofstedRating: h.ofsted_rating as OfstedRating | null,
    ofstedRatedOn: h.ofsted_rated_on,
    postcodeDistrict: h.postcode_district,
    postcodeSector: h.postcode_sector,
    location:
      h.easting !== null && h.northing !== null
        ? { easting: h.easting, northing: h.northing, lat: h.lat ?? 0, lon: h.lon ?? 0 }
        : null,
    laCode: h.la_code,
  };
}

/** Open homes (all, one provider's, or the ids given), as matching sees them. */
export async function openHomes(
  db: Executor,
  filter: { ids?: readonly string[]; providerOrgIds?: readonly string[] } = {},
): Promise<HomeProfile[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  if (filter.providerOrgIds && filter.providerOrgIds.length === 0) return [];
  let q = db
    .selectFrom('home')
    .innerJoin('organisation as provider', 'provider.id', 'home.org_id')
    .select([...homeColumns])
    .where('home.status', '=', 'active')
    .orderBy('home.name')
    .orderBy('home.id');
  if (filter.ids) q = q.where('home.id', 'in', [...filter.ids]);
  if (filter.providerOrgIds) q = q.where('home.org_id', 'in', [...filter.providerOrgIds]);
  return (await q.execute()).map((h) => homeProfile(h as HomeRow));
}

export interface BlockVacancy {
  homeId: string;
  providerOrgId: string;
  /** The free beds of the home under this contract today, in label order (the first stands for the vacancy). */
  bedIds: string[];
  contractId: string;
  contractName: string;
  contractKind: ContractKind;
  terms: unknown;
  partyOrgIds: string[];
  leadOrgId: string;
  regionCode: string;
  /** The day the first bed fell vacant (its last interval's end); null if never occupied. */
  freeSince: LocalDate | null;
}

/**
 * Free beds in live contracts the caller can see, one vacancy per home and contract: an LA sees
 * the blocks it takes part in, a provider its own, the hub its region's.
 */
export async function blockVacancies(db: Executor, day: LocalDate): Promise<BlockVacancy[]> {
  const rows = await db
    .selectFrom('contract_bed')
    .innerJoin('contract', 'contract.id', 'contract_bed.contract_id')
    .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
    .innerJoin('home', 'home.id', 'bed.home_id')
    .select([
      'bed.id as bedId',
      'bed.label as bedLabel',
      'home.id as homeId',
      'home.org_id as providerOrgId',
      'contract.id as contractId',
      'contract.name as contractName',
      'contract.kind as contractKind',
      'contract.terms as terms',
      'contract.party_org_ids as partyOrgIds',
      'contract.org_id as leadOrgId',
      'contract.region_code as regionCode',
      'contract_bed.from_date as bedFrom',
      sql<
        string | null
      >`(select max(i.to_date) from bed_interval i where i.bed_id = bed.id and i.to_date <= ${day})`.as(
        'freeSince',
      ),
    ])
    .where('contract.status', '=', 'live')
    .where('home.status', '=', 'active')
    .where('contract_bed.from_date', '<=', day)
    .where((eb) => eb.or([eb('contract_bed.to_date', 'is', null), eb('contract_bed.to_date', '>', day)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('bed_interval as i')
            .select('i.id')
            .whereRef('i.bed_id', '=', 'bed.id')
            .where((eb) => eb.or([eb('i.to_date', 'is', null), eb('i.to_date', '>', day)])),
        ),
      ),
    )
    .orderBy('home.id')
    .orderBy('bed.label')
    .execute();
  const byKey = new Map<string, BlockVacancy>();
  for (const r of rows) {
    const key = `${r.homeId}|${r.contractId}`;
    const v = byKey.get(key);
    const freeSince = r.freeSince ?? r.bedFrom;
    if (v) {
      v.bedIds.push(r.bedId);
      if (v.freeSince === null || (freeSince && freeSince < v.freeSince)) v.freeSince = freeSince;
      continue;
    }
    byKey.set(key, {
      homeId: r.homeId,
      providerOrgId: r.providerOrgId,
      bedIds: [r.bedId],
      contractId: r.contractId,
      contractName: r.contractName,
      contractKind: r.contractKind,
      terms: r.terms,
      partyOrgIds: r.partyOrgIds,
      leadOrgId: r.leadOrgId,
      regionCode: r.regionCode,
      freeSince,
    });
  }
  return [...byKey.values()];
}

/**
 * The beds of a home free from `day` onwards (no interval reaching past `day`), in label order:
 * what a provider may offer. A bed booked later (a planned admission) is not offered.
 */
export async function freeBedsOfHome(db: Executor, homeId: string, day: LocalDate) {
  return db
    .selectFrom('bed')
    .select(['bed.id', 'bed.label'])
    .where('bed.home_id', '=', homeId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('bed_interval as i')
            .select('i.id')
            .whereRef('i.bed_id', '=', 'bed.id')
            .where((eb) => eb.or([eb('i.to_date', 'is', null), eb('i.to_date', '>', day)])),
        ),
      ),
    )
    .orderBy('bed.label')
    .execute();
}

/** Free beds (from `day`) of a provider's homes, grouped by home. */
export async function providerFreeBeds(db: Executor, providerOrgId: string, day: LocalDate) {
  const rows = await db
    .selectFrom('bed')
    .innerJoin('home', 'home.id', 'bed.home_id')
    .select(['bed.id', 'bed.label', 'bed.home_id as homeId'])
    .where('bed.org_id', '=', providerOrgId)
    .where('home.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('bed_interval as i')
            .select('i.id')
            .whereRef('i.bed_id', '=', 'bed.id')
            .where((eb) => eb.or([eb('i.to_date', 'is', null), eb('i.to_date', '>', day)])),
        ),
      ),
    )
    .orderBy('bed.label')
    .execute();
  const byHome = new Map<string, Array<{ id: string; label: string }>>();
  for (const r of rows) {
    const list = byHome.get(r.homeId) ?? [];
    list.push({ id: r.id, label: r.label });
    byHome.set(r.homeId, list);
  }
  return byHome;
}

/**
 * The children living in a provider's homes on `day`, as matching needs them: age in years now
 * (from the age at the start of the placement), sex and coded risks. Only the provider (and the
 * placing LA, for its own child) can read these placements.
 */
export async function residentsByHome(
  db: Executor,
  providerOrgId: string,
  day: LocalDate,
): Promise<Map<string, Resident[]>> {
  const rows = await db
    .selectFrom('placement')
    .select(['home_id as homeId', 'age_at_start as ageAtStart', 'start_date as startDate', 'sex', 'risks'])
    .where('provider_org_id', '=', providerOrgId)
    .where('start_date', '<=', day)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', day)]))
    .orderBy('home_id')
    .orderBy('start_date')
    .execute();
  const out = new Map<string, Resident[]>();
  for (const r of rows) {
    const list = out.get(r.homeId) ?? [];
    list.push({
      ageYears: r.ageAtStart + Math.floor(daysBetween(r.startDate, day) / 365.25),
      sex: r.sex as Sex,
      risks: r.risks as RiskCode[],
    });
    out.set(r.homeId, list);
  }
  return out;
}

/** Live framework contracts the caller can see: which providers each LA may reach at that stage. */
export async function frameworkProviders(db: Executor, laOrgId: string, day: LocalDate): Promise<string[]> {
  const rows = await db
    .selectFrom('contract')
    .select('provider_org_id as providerOrgId')
    .distinct()
    .where('kind', '=', 'framework')
    .where('status', '=', 'live')
    .where('start_date', '<=', day)
    .where('end_date', '>', day)
    .where((eb) => eb.or([eb('org_id', '=', laOrgId), sql<boolean>`${laOrgId}::uuid = ANY (party_org_ids)`]))
    .execute();
  return rows.map((r) => r.providerOrgId);
}
