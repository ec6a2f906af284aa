/**
 * Questions answered from the reference data: where is this postcode, which LA is this name or
 * point in, which region is this LA in. Pure functions of the loaded data.
 */
import { areaContains, type LonLat, type PreparedArea, prepareArea } from '../domain/directory/area.ts';
import type { GeoPoint } from '../domain/directory/home.ts';
import { parsePostcodeLike } from '../domain/directory/postcode.ts';
import type { SectorSeed } from '../domain/directory/synthetic-directory.ts';
import type { LocalAuthority, ReferenceData } from './reference-data.ts';

export interface PostcodeLocation {
  district: string;
  /** Null when only the district was given or the sector is not in the reference data. */
  sector: string | null;
  /** Which centroid the point is: sector is more precise (about a mile) than district. */
  precision: 'sector' | 'district';
  point: GeoPoint;
  laCode: string;
  regionCode: string;
}

/**
 * Locates a full postcode, sector or district by the best centroid we have: the sector's where
 * known, else the district's. Undefined when it is not a postcode or not an English one.
 */
export function locatePostcode(ref: ReferenceData, text: string): PostcodeLocation | undefined {
  const p = parsePostcodeLike(text);
  if (!p) return undefined;
  const sector = p.precision === 'district' ? undefined : ref.sectors.get(p.sector);
  if (sector) {
    return {
      district: p.district,
      sector: sector.code,
      precision: 'sector',
      point: sector.point,
      laCode: sector.laCode,
      regionCode: sector.regionCode,
    };
  }
  const district = ref.districts.get(p.district);
  if (!district) return undefined;
  return {
    district: p.district,
    sector: null,
    precision: 'district',
    point: district.point,
    laCode: district.laCode,
    regionCode: district.regionCode,
  };
}

/** Region code of a current DfE LA code. */
export function regionOfLa(ref: ReferenceData): (laCode: string) => string | undefined {
  return (laCode) => ref.las.get(laCode)?.regionCode;
}

/**
 * LA names compared loosely: Ofsted writes "Durham", "Bristol", "Southend on Sea",
 * "Bournemouth, Christchurch & Poole" where the DfE list has "County Durham", "Bristol, City of",
 * "Southend-on-Sea" and "… and Poole".
 */
export function normaliseLaName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bst\.?\s/g, 'st ')
    .replace(/,?\s*(city|county) of\s*$/g, '')
    .replace(/^(city|county) of\s+/, '')
    .replace(/\b(london borough of|metropolitan borough|county council|city council|council)\b/g, ' ')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

const ALIASES: Record<string, string> = {
  durham: 'county durham',
  hull: 'kingston upon hull',
  bcp: 'bournemouth christchurch and poole',
};

export type LaNameMatch =
  | { kind: 'current'; la: LocalAuthority }
  /** A former LA whose area is now split or merged: only a postcode can say which LA it is now. */
  | { kind: 'former'; la: LocalAuthority };

const nameIndex = new WeakMap<
  ReferenceData,
  { current: Map<string, LocalAuthority>; former: Map<string, LocalAuthority> }
>();

/** The LA a name refers to (current first; a former LA with the same name as a current one maps to it). */
export function laByName(ref: ReferenceData, name: string): LaNameMatch | undefined {
  let index = nameIndex.get(ref);
  if (!index) {
    index = { current: new Map(), former: new Map() };
    for (const la of ref.las.values()) index.current.set(normaliseLaName(la.name), la);
    for (const la of ref.laHistory) {
      const key = normaliseLaName(la.name);
      if (la.terminatedOn && !index.current.has(key)) index.former.set(key, la);
    }
    nameIndex.set(ref, index);
  }
  const key = normaliseLaName(name);
  const canonical = ALIASES[key] ?? key;
  const current = index.current.get(canonical);
  if (current) return { kind: 'current', la: current };
  const former = index.former.get(canonical);
  return former ? { kind: 'former', la: former } : undefined;
}

const preparedLas = new WeakMap<ReferenceData, { laCode: string; area: PreparedArea }[]>();

/** The LA whose (generalised) boundary contains the point, if any. */
export function laAt(ref: ReferenceData, point: LonLat): string | undefined {
  let las = preparedLas.get(ref);
  if (!las) {
    las = ref.laBoundaries.features.map((f) => ({
      laCode: f.properties.dfe_la_code,
      area: prepareArea(f.geometry),
    }));
    preparedLas.set(ref, las);
  }
  return las.find((l) => areaContains(l.area, point))?.laCode;
}

/** Every English postcode sector, as seeds for the synthetic directory. */
export function sectorSeeds(ref: ReferenceData): SectorSeed[] {
  return [...ref.sectors.values()]
    .filter((s) => s.pctInEngland >= 50 && ref.las.has(s.laCode))
    .map((s) => ({
      sector: s.code,
      district: s.code.split(' ')[0]!,
      point: s.point,
      laCode: s.laCode,
      regionCode: s.regionCode,
      weight: s.postcodeCount,
    }));
}
