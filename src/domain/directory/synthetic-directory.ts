import {
  type NeedCode,
  type OfstedRating,
  type RegistrationCategory,
  RISK_CODES,
  type Sex,
} from '../shared/codes.ts';
import { addDays, type LocalDate } from '../shared/dates.ts';
import { type Rng, randomInt, standardNormal } from '../shared/rng.ts';
import type { GeoPoint, HomeProfile } from './home.ts';
import type { BedSnapshot, DirectoryHome, Membership } from './listing.ts';
import { priceBandOf } from './price-band.ts';
import type { HomeAddress } from './privacy.ts';

/**
 * A made-up but realistic national directory, for the demo, tests and benchmarks: about 3,000
 * children's homes placed in real postcode sectors, more of them in the North West and West
 * Midlands and fewer in London (as in Ofsted's statistics), 1 to 12 places each, Ofsted ratings
 * mostly good or outstanding. Names and addresses are invented. The same seed gives the same list.
 */

export interface SectorSeed {
  sector: string;
  district: string;
  point: GeoPoint;
  laCode: string;
  regionCode: string;
  /** How many postcodes the sector has: a proxy for how built-up it is. */
  weight: number;
}

export interface SyntheticHome {
  listing: DirectoryHome;
  address: HomeAddress;
  registeredOn: LocalDate;
  ownerSector: 'Private' | 'Local Authority' | 'Voluntary';
}

/** Rough share of children's homes relative to population, by region (an assumption). */
const REGION_SKEW: Record<string, number> = {
  E12000001: 1.3, // North East
  E12000002: 2.0, // North West
  E12000003: 1.2, // Yorkshire and The Humber
  E12000004: 1.1, // East Midlands
  E12000005: 1.7, // West Midlands
  E12000006: 0.7, // East of England
  E12000007: 0.3, // London
  E12000008: 0.8, // South East
  E12000009: 0.9, // South West
};

const WORDS = [
  'Oak',
  'Ash',
  'Birch',
  'Willow',
  'Maple',
  'Rowan',
  'Hazel',
  'Elm',
  'Cedar',
  'Holly',
  'Beech',
  'Alder',
  'Linden',
  'Heather',
  'Meadow',
  'Brook',
  'Fern',
  'Laurel',
  'Juniper',
  'Clover',
];
const SUFFIXES = ['House', 'Lodge', 'View', 'Cottage', 'Court', 'Grange', 'Place', 'Farm'];
const STREETS = [
  'Church Lane',
  'Station Road',
  'Park Avenue',
  'Mill Lane',
  'High Street',
  'Victoria Road',
  'Green Lane',
  'School Lane',
];
const PROVIDER_ENDINGS = ['Care Ltd', 'Children’s Services', 'Homes Ltd', 'Care Group', 'Residential Care'];
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[randomInt(rng, xs.length)]!;
const chance = (rng: Rng, p: number) => rng.next() < p;

function weightedPicker<T>(items: readonly T[], weight: (t: T) => number): (rng: Rng) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const it of items) {
    total += weight(it);
    cumulative.push(total);
  }
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

const PLACES = weightedPicker(
  [
    [1, 5],
    [2, 10],
    [3, 15],
    [4, 20],
    [5, 15],
    [6, 15],
    [7, 5],
    [8, 5],
    [10, 6],
    [12, 4],
  ] as const,
  (x) => x[1],
);
const RATINGS = weightedPicker(
  [
    ['outstanding', 20],
    ['good', 60],
    ['requires-improvement', 14],
    ['inadequate', 2],
    ['not-yet-inspected', 4],
  ] as const,
  (x) => x[1],
);

function profileFor(
  rng: Rng,
  id: string,
  urn: string,
  s: SectorSeed,
  provider: { id: string; name: string },
  asOf: LocalDate,
): HomeProfile {
  const places = PLACES(rng)[0];
  const disabilityOnly = chance(rng, 0.06);
  const cats = new Set<RegistrationCategory>(
    disabilityOnly ? ['learning-difficulty', 'physical-disabilities'] : ['ebd'],
  );
  if (chance(rng, 0.3)) cats.add('learning-difficulty');
  if (chance(rng, 0.25)) cats.add('mental-disorders');
  if (chance(rng, 0.08)) cats.add('sensory-impairment');
  if (chance(rng, 0.05)) cats.add('alcohol-problems');
  if (chance(rng, 0.05)) cats.add('drug-problems');
  const supported = RISK_CODES.filter(() => chance(rng, 0.35));
  const excludable: NeedCode[] = [
    'others-fire',
    'others-sexual',
    'others-animals',
    'sexual-exploitation',
    'eating-disorder',
  ];
  const excluded = excludable.filter((n) => !supported.includes(n as never) && chance(rng, 0.25));
  const sexRoll = rng.next();
  const sexes: Sex[] = sexRoll < 0.7 ? ['male', 'female'] : sexRoll < 0.85 ? ['male'] : ['female'];
  const rating = RATINGS(rng)[0] as OfstedRating;
  return {
    id,
    providerOrgId: provider.id,
    providerName: provider.name,
    urn,
    name: `${pick(rng, WORDS)} ${pick(rng, SUFFIXES)}`,
    placementType: 'residential',
    registeredPlaces: places,
    ageMin: pick(rng, [5, 7, 8, 10, 11, 12]),
    ageMax: chance(rng, 0.9) ? 17 : 18,
    sexes,
    registrationCategories: [...cats],
    needsSupported: supported,
    needsExcluded: excluded,
    offersSolo: places === 1 || chance(rng, 0.1),
    adapted: cats.has('physical-disabilities') || chance(rng, 0.05),
    petsOnSite: chance(rng, 0.15),
    acceptsDeprivationOfLiberty: chance(rng, 0.2),
    ofstedRating: rating,
    ofstedRatedOn: rating === 'not-yet-inspected' ? null : addDays(asOf, -randomInt(rng, 3 * 365)),
    postcodeDistrict: s.district,
    postcodeSector: s.sector,
    location: s.point,
    laCode: s.laCode,
  };
}

/** `count` homes across the given sectors (use every English sector for a national list). */
export function syntheticDirectory(
  sectors: readonly SectorSeed[],
  rng: Rng,
  count: number,
  asOf: LocalDate,
): SyntheticHome[] {
  const pickSector = weightedPicker(sectors, (s) => Math.sqrt(s.weight) * (REGION_SKEW[s.regionCode] ?? 1));
  const providers = Array.from({ length: Math.max(1, Math.round(count / 6)) }, (_, i) => ({
    id: `prov-${String(i + 1).padStart(4, '0')}`,
    name: `${pick(rng, WORDS)}${pick(rng, ['field', 'wood', 'bridge', 'gate', 'ley'])} ${pick(rng, PROVIDER_ENDINGS)}`,
  }));
  // A few large groups own many homes; most providers own one or two.
  const ranked = providers.map((p, rank) => ({ p, rank }));
  const pickRanked = weightedPicker(ranked, (x) => 1 / (1 + x.rank * 0.05));
  const pickProvider = (r: Rng) => pickRanked(r).p;
  const lasByRegion = new Map<string, Set<string>>();
  for (const s of sectors)
    lasByRegion.set(s.regionCode, (lasByRegion.get(s.regionCode) ?? new Set()).add(s.laCode));
  const frameworks = new Map<string, Membership>(
    [...lasByRegion].map(([region, las]) => [
      region,
      {
        kind: 'framework',
        id: `fw-${region}`,
        name: `Regional residential framework ${region}`,
        laCodes: [...las],
      },
    ]),
  );
  const blocks = new Map<string, Membership>();
  const blockFor = (s: SectorSeed): Membership => {
    const found = blocks.get(s.laCode);
    if (found) return found;
    const partners = [...(lasByRegion.get(s.regionCode) ?? [])].filter(
      (l) => l !== s.laCode && chance(rng, 0.3),
    );
    const block: Membership = {
      kind: 'block',
      id: `block-${s.laCode}`,
      name: `Soft block ${s.laCode}`,
      laCodes: [s.laCode, ...partners.slice(0, 6)],
    };
    blocks.set(s.laCode, block);
    return block;
  };
  const urns = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const s = pickSector(rng);
    let urn: string;
    do
      urn = chance(rng, 0.7)
        ? `SC${String(100_000 + randomInt(rng, 900_000))}`
        : String(2_000_000 + randomInt(rng, 800_000));
    while (urns.has(urn));
    urns.add(urn);
    const profile = profileFor(
      rng,
      `home-${String(i + 1).padStart(5, '0')}`,
      urn,
      s,
      pickProvider(rng),
      asOf,
    );
    const memberships: Membership[] = [];
    const framework = frameworks.get(s.regionCode);
    if (framework && chance(rng, 0.5)) memberships.push(framework);
    if (chance(rng, 0.2))
      memberships.push({ kind: 'dps', id: 'dps-national', name: 'National residential DPS', laCodes: [] });
    if (chance(rng, 0.03)) memberships.push(blockFor(s));
    const vacancies = Array.from({ length: profile.registeredPlaces }).filter(() => chance(rng, 0.12)).length;
    const confirmedOn = chance(rng, 0.1)
      ? null
      : addDays(asOf, -(chance(rng, 0.6) ? randomInt(rng, 8) : 8 + randomInt(rng, 30)));
    const price = chance(rng, 0.1)
      ? null
      : Math.round(Math.exp(Math.log(5_500) + 0.25 * standardNormal(rng))) * 100;
    const ownerRoll = rng.next();
    return {
      listing: {
        profile,
        availability: { vacancies, confirmedOn },
        memberships,
        weeklyPriceFromPence: price,
        priceBand: price === null ? null : priceBandOf(price),
      },
      address: {
        line1: `${1 + randomInt(rng, 150)} ${pick(rng, STREETS)}`,
        line2: null,
        town: null,
        county: null,
        postcode: `${s.sector}${pick(rng, [...UNIT_LETTERS])}${pick(rng, [...UNIT_LETTERS])}`,
      },
      registeredOn: addDays(asOf, -(30 + randomInt(rng, 15 * 365))),
      ownerSector: ownerRoll < 0.83 ? 'Private' : ownerRoll < 0.97 ? 'Local Authority' : 'Voluntary',
    };
  });
}

/** One bed per registered place, in states matching each home's vacancy count. */
export function syntheticBeds(homes: readonly SyntheticHome[]): BedSnapshot[] {
  return homes.flatMap(({ listing: { profile, availability } }) =>
    Array.from({ length: profile.registeredPlaces }, (_, i) => ({
      homeId: profile.id,
      state: i < availability.vacancies ? ('void' as const) : ('occupied' as const),
      confirmedOn: availability.confirmedOn,
    })),
  );
}
