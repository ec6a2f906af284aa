/**
 * The reference data (reference/*.csv and *.geojson, copied into the repository with attribution)
 * read once at start-up into memory. Nothing is fetched: the folder is found relative to this
 * source file, so the service works offline and from any working directory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { AreaGeometry } from '../domain/directory/area.ts';
import type { GeoPoint } from '../domain/directory/home.ts';

/** A postcode district or sector centroid and the LA most of its postcodes are in. */
export interface PostcodeArea {
  code: string;
  point: GeoPoint;
  /** DfE 3-digit code of the main LA. */
  laCode: string;
  laName: string;
  regionCode: string;
  postcodeCount: number;
  /** Share of the area's postcodes in that LA (a district can straddle two). */
  pctInMainLa: number;
  pctInEngland: number;
}

export interface LocalAuthority {
  dfeCode: string;
  onsCode: string;
  name: string;
  type: string;
  regionCode: string;
  regionName: string;
  inOperationFrom: string;
  /** Set for former LAs (code history only). */
  terminatedOn: string | null;
}

export interface Region {
  code: string;
  name: string;
}

export interface BoundaryFeature<P> {
  type: 'Feature';
  properties: P;
  geometry: AreaGeometry;
}
export interface BoundaryCollection<P> {
  type: 'FeatureCollection';
  features: BoundaryFeature<P>[];
}
export type LaBoundaryProps = {
  dfe_la_code: string;
  la_name: string;
  region_code: string;
  region_name: string;
  ons_la_code: string;
};
export type RegionBoundaryProps = { region_code: string; region_name: string };

export interface ReferenceData {
  districts: ReadonlyMap<string, PostcodeArea>;
  sectors: ReadonlyMap<string, PostcodeArea>;
  /** Current LAs by DfE code. */
  las: ReadonlyMap<string, LocalAuthority>;
  /** Every LA that has existed since 2009, current and former (for older files). */
  laHistory: readonly LocalAuthority[];
  regions: ReadonlyMap<string, Region>;
  laBoundaries: BoundaryCollection<LaBoundaryProps>;
  regionBoundaries: BoundaryCollection<RegionBoundaryProps>;
}

/** reference/ at the repository root, from src/reference/. */
export const REFERENCE_DIR = fileURLToPath(new URL('../../reference/', import.meta.url));

type Row = Record<string, string>;

function readCsv(dir: string, file: string, required: readonly string[]): Row[] {
  const text = readFileSync(join(dir, file), 'utf8');
  const parsed = Papa.parse<Row>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  const missing = required.filter((c) => !fields.includes(c));
  if (parsed.errors.length > 0 || missing.length > 0) {
    const why = missing.length > 0 ? `missing columns ${missing.join(', ')}` : parsed.errors[0]?.message;
    throw new Error(`reference file ${file} is damaged: ${why}`);
  }
  return parsed.data;
}

const AREA_COLUMNS = [
  'easting',
  'northing',
  'lat',
  'lon',
  'postcode_count',
  'pct_postcodes_in_england',
  'main_dfe_la_code',
  'main_la_name',
  'main_region_code',
  'pct_postcodes_in_main_la',
];

function areas(dir: string, file: string, codeColumn: string): Map<string, PostcodeArea> {
  const out = new Map<string, PostcodeArea>();
  for (const r of readCsv(dir, file, [codeColumn, ...AREA_COLUMNS])) {
    out.set(r[codeColumn]!, {
      code: r[codeColumn]!,
      point: {
        lat: Number(r.lat),
        lon: Number(r.lon),
        easting: Number(r.easting),
        northing: Number(r.northing),
      },
      laCode: r.main_dfe_la_code!,
      laName: r.main_la_name!,
      regionCode: r.main_region_code!,
      postcodeCount: Number(r.postcode_count),
      pctInMainLa: Number(r.pct_postcodes_in_main_la),
      pctInEngland: Number(r.pct_postcodes_in_england),
    });
  }
  return out;
}

function localAuthority(r: Row): LocalAuthority {
  return {
    dfeCode: r.dfe_la_code!,
    onsCode: r.ons_la_code!,
    name: r.la_name!,
    type: r.la_type!,
    regionCode: r.region_code!,
    regionName: r.region_name!,
    inOperationFrom: r.in_operation_from!,
    terminatedOn: r.terminated_on || null,
  };
}

function readJson<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

/** Reads every reference file in `dir` (synchronously: it runs once, before serving). */
export function loadReferenceData(dir: string = REFERENCE_DIR): ReferenceData {
  const laColumns = [
    'dfe_la_code',
    'ons_la_code',
    'la_name',
    'la_type',
    'region_code',
    'region_name',
    'in_operation_from',
  ];
  const current = readCsv(dir, 'england_las_current.csv', laColumns).map(localAuthority);
  return {
    districts: areas(dir, 'postcode_district_centroids_england.csv', 'postcode_district'),
    sectors: areas(dir, 'postcode_sector_centroids_england.csv', 'postcode_sector'),
    las: new Map(current.map((la) => [la.dfeCode, la])),
    laHistory: readCsv(dir, 'england_las_code_history.csv', [...laColumns, 'terminated_on']).map(
      localAuthority,
    ),
    regions: new Map(
      readCsv(dir, 'england_regions.csv', ['region_code', 'region_name']).map((r) => [
        r.region_code!,
        { code: r.region_code!, name: r.region_name! },
      ]),
    ),
    laBoundaries: readJson(dir, 'england_la_boundaries_buc.geojson'),
    regionBoundaries: readJson(dir, 'england_region_boundaries_buc.geojson'),
  };
}

let cached: ReferenceData | undefined;

/** The shipped reference data, loaded on first use and kept for the life of the process. */
export function referenceData(): ReferenceData {
  cached ??= loadReferenceData();
  return cached;
}
