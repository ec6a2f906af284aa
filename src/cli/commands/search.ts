/**
 * `sufficiency search`: the directory search from the command line, over the database (the homes
 * listed there, as the web page and API search them), a directory file (JSON, an array of
 * directory homes, `--directory`) or the seeded synthetic directory of about 3,000 homes
 * (`--demo`). The same pure search the web page and API use. Output shows postcode districts only.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { withContractMemberships } from '../../app/directory/search-homes.ts';
import { loadSnapshot } from '../../app/directory/snapshot.ts';
import type { DB } from '../../db/schema.ts';
import { withSystem } from '../../db/tenant.ts';
import { prepareArea } from '../../domain/directory/area.ts';
import type { NeedsQuery } from '../../domain/directory/eligibility.ts';
import type { DirectoryHome } from '../../domain/directory/listing.ts';
import { FRESHNESS, MEMBERSHIP_KINDS } from '../../domain/directory/listing.ts';
import type { PlaceThatMatters } from '../../domain/directory/places.ts';
import { formatMiles } from '../../domain/directory/places.ts';
import { PRICE_BANDS } from '../../domain/directory/price-band.ts';
import { readArea } from '../../domain/directory/read-area.ts';
import {
  type DirectoryQuery,
  EXCLUSIONS,
  type Exclusion,
  type SearchOutcome,
  type SearchResult,
  searchDirectory,
} from '../../domain/directory/search.ts';
import { syntheticDirectory } from '../../domain/directory/synthetic-directory.ts';
import { formatTravelTime, straightLineEstimator } from '../../domain/directory/travel-time.ts';
import {
  NEED_CODES,
  OFSTED_RATINGS,
  PLACEMENT_TYPES,
  REGISTRATION_CATEGORIES,
  SEXES,
} from '../../domain/shared/codes.ts';
import { isLocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { seededRng } from '../../domain/shared/rng.ts';
import { toCsv } from '../../exports/spreadsheet.ts';
import { locatePostcode, regionOfLa, sectorSeeds } from '../../reference/lookups.ts';
import { type ReferenceData, referenceData } from '../../reference/reference-data.ts';
import { addDatabaseOptions, type DatabaseOptions, withDatabase } from '../database.ts';
import { writeOutput } from '../output.ts';

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const optionsSchema = z.object({
  directory: z.string().optional(),
  demoSeed: z.coerce.number().int().default(2025),
  family: z.string().optional(),
  school: z.string().optional(),
  place: z.array(z.string().regex(/^[^=]+=.+$/, 'use LABEL=POSTCODE')).default([]),
  within: z.coerce.number().positive().optional(),
  rankBy: z.enum(['total', 'maximum']).default('total'),
  age: z.coerce.number().int().min(0).max(25).optional(),
  sex: z.enum(keys(SEXES)).optional(),
  primaryNeed: z.enum(keys(REGISTRATION_CATEGORIES)).optional(),
  needs: list.pipe(z.array(z.enum(NEED_CODES as [string, ...string[]]))).optional(),
  placementType: z.enum(keys(PLACEMENT_TYPES)).optional(),
  solo: z.boolean().optional(),
  la: list.optional(),
  region: list.optional(),
  area: z.string().optional(),
  available: z.boolean().optional(),
  staleAfter: z.coerce.number().int().min(0).default(7),
  asOf: z.string().refine(isLocalDate, 'must be a date as YYYY-MM-DD').optional(),
  limit: z.coerce.number().int().positive().default(20),
  format: z.enum(['table', 'json', 'csv']).default('table'),
  out: z.string().optional(),
});
type SearchOptions = z.infer<typeof optionsSchema>;

/** A directory file: what a SQL repository would hand to search, as JSON. */
const point = z.object({ lat: z.number(), lon: z.number(), easting: z.number(), northing: z.number() });
const need = z.enum(NEED_CODES as [string, ...string[]]);
const directoryFileSchema = z.array(
  z.object({
    profile: z.object({
      id: z.string(),
      providerOrgId: z.string(),
      providerName: z.string(),
      urn: z.string().nullable(),
      name: z.string(),
      placementType: z.enum(keys(PLACEMENT_TYPES)),
      registeredPlaces: z.number().int().min(0),
      ageMin: z.number().int(),
      ageMax: z.number().int(),
      sexes: z.array(z.enum(keys(SEXES))),
      registrationCategories: z.array(z.enum(keys(REGISTRATION_CATEGORIES))),
      needsSupported: z.array(need),
      needsExcluded: z.array(need),
      offersSolo: z.boolean(),
      adapted: z.boolean(),
      petsOnSite: z.boolean(),
      acceptsDeprivationOfLiberty: z.boolean(),
      ofstedRating: z.enum(keys(OFSTED_RATINGS)).nullable(),
      ofstedRatedOn: z.string().refine(isLocalDate).nullable(),
      postcodeDistrict: z.string(),
      postcodeSector: z.string().nullable(),
      location: point.nullable(),
      laCode: z.string(),
    }),
    availability: z.object({
      vacancies: z.number().int().min(0),
      confirmedOn: z.string().refine(isLocalDate).nullable(),
    }),
    memberships: z.array(
      z.object({
        kind: z.enum(keys(MEMBERSHIP_KINDS)),
        id: z.string(),
        name: z.string(),
        laCodes: z.array(z.string()),
      }),
    ),
    weeklyPriceFromPence: z.number().int().nullable(),
    priceBand: z.enum(keys(PRICE_BANDS)).nullable(),
  }),
);

type OutputFormat = 'table' | 'json' | 'csv';

function distanceText(r: SearchResult): string {
  return r.distances.map((d) => `${d.label} ${formatMiles(d.miles)}`).join(', ');
}

/** The outcome as a readable list (each reason on its own line), JSON, or a CSV shortlist. */
function formatOutcome(
  outcome: SearchOutcome,
  format: OutputFormat,
  laName: (code: string) => string,
): string {
  if (format === 'json') return `${JSON.stringify(outcome, null, 2)}\n`;
  if (format === 'csv') {
    return toCsv<SearchResult>({
      name: 'Shortlist',
      rows: outcome.results,
      columns: [
        { header: 'Home', kind: 'text', value: (r) => r.listing.profile.name },
        { header: 'Provider', kind: 'text', value: (r) => r.listing.profile.providerName },
        { header: 'URN', kind: 'text', value: (r) => r.listing.profile.urn },
        { header: 'Postcode district', kind: 'text', value: (r) => r.listing.profile.postcodeDistrict },
        { header: 'Local authority', kind: 'text', value: (r) => laName(r.listing.profile.laCode) },
        { header: 'Score', kind: 'number', value: (r) => r.score },
        { header: 'Distances', kind: 'text', value: distanceText },
        {
          header: 'Travel time (estimate)',
          kind: 'text',
          value: (r) => r.travel.map((t) => `${t.label} ${formatTravelTime(t.time)}`).join('; '),
        },
        { header: 'Vacancies', kind: 'integer', value: (r) => r.listing.availability.vacancies },
        { header: 'Availability', kind: 'text', value: (r) => FRESHNESS[r.freshness] },
        { header: 'Reasons', kind: 'text', value: (r) => r.reasons.map((x) => x.message).join(' | ') },
      ],
    });
  }
  const lines = outcome.results.flatMap((r, i) => [
    `${i + 1}. ${r.listing.profile.name} (${r.listing.profile.postcodeDistrict}, ${laName(r.listing.profile.laCode)}): ${r.score} points`,
    ...r.reasons.map(
      (x) => `     ${x.factor.padEnd(12)} ${String(x.points).padStart(4)}/${x.weight}  ${x.message}`,
    ),
    ...(r.travel.length > 0
      ? [`     travel: ${r.travel.map((t) => `${t.label} ${formatTravelTime(t.time)}`).join('; ')}`]
      : []),
  ]);
  const out = (Object.keys(EXCLUSIONS) as Exclusion[])
    .filter((k) => outcome.excluded[k] > 0)
    .map((k) => `${EXCLUSIONS[k].toLowerCase()}: ${outcome.excluded[k]}`);
  const shown = outcome.matched > outcome.results.length ? ` (showing ${outcome.results.length})` : '';
  const summary = `${outcome.matched} homes match${shown}.${out.length ? ` Left out: ${out.join('; ')}.` : ''}`;
  return `${[...lines, '', summary].join('\n')}\n`;
}

function invalid(errors: FieldError[]): never {
  throw new DomainError('validation', 'the search options have errors', errors);
}

function place(
  ref: ReferenceData,
  kind: PlaceThatMatters['kind'],
  label: string,
  text: string,
  field: string,
): PlaceThatMatters {
  const at = locatePostcode(ref, text);
  if (!at) invalid([{ field, message: `"${text}" is not an English postcode, sector or district` }]);
  return { kind, label, point: at.point };
}

function loadDirectory(o: SearchOptions, ref: ReferenceData, asOf: string): DirectoryHome[] {
  if (!o.directory)
    return syntheticDirectory(sectorSeeds(ref), seededRng(o.demoSeed), 3_000, asOf).map((h) => h.listing);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(o.directory, 'utf8'));
  } catch (err) {
    invalid([
      {
        field: 'directory',
        message: `cannot read ${o.directory}: ${err instanceof Error ? err.message : String(err)}`,
      },
    ]);
  }
  const parsed = directoryFileSchema.safeParse(json);
  if (!parsed.success) {
    invalid(
      parsed.error.issues.slice(0, 20).map((i) => ({
        field: `directory${i.path.map((p) => `[${String(p)}]`).join('')}`,
        message: i.message,
      })),
    );
  }
  return parsed.data as DirectoryHome[];
}

interface Prepared {
  o: SearchOptions;
  asOf: string;
  query: DirectoryQuery;
}

function prepare(raw: Record<string, unknown>, ref: ReferenceData): Prepared {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success)
    invalid(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'options'), message: i.message })));
  const o = parsed.data;
  const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
  const places: PlaceThatMatters[] = [
    ...(o.family ? [place(ref, 'family', 'Family home', o.family, 'family')] : []),
    ...(o.school ? [place(ref, 'school', 'School', o.school, 'school')] : []),
    ...o.place.map((p) => {
      const [label, postcode] = p.split('=') as [string, string];
      return place(ref, 'other', label.trim(), postcode, 'place');
    }),
  ];
  let area: DirectoryQuery['area'];
  if (o.area) {
    const reading = readArea(readFileSync(o.area, 'utf8'));
    if (!reading.ok) invalid(reading.errors);
    area = prepareArea(reading.area);
  }
  const needs: NeedsQuery = {
    ...(o.age === undefined ? {} : { ageYears: o.age }),
    ...(o.sex ? { sex: o.sex } : {}),
    ...(o.primaryNeed ? { primaryNeed: o.primaryNeed } : {}),
    ...(o.needs ? { needs: o.needs as NeedsQuery['needs'] } : {}),
    ...(o.placementType ? { placementType: o.placementType } : {}),
    ...(o.solo ? { solo: true } : {}),
  };
  return {
    o,
    asOf,
    query: {
      asOf,
      needs,
      places,
      distanceRule: { withinMiles: o.within ?? null, rankBy: o.rankBy },
      ...(area ? { area } : {}),
      ...(o.la ? { laCodes: o.la } : {}),
      ...(o.region ? { regionCodes: o.region } : {}),
      ...(o.available ? { availableOnly: true } : {}),
      staleAfterDays: o.staleAfter,
      limit: o.limit,
    },
  };
}

/** Runs a search over a directory file or the synthetic directory and returns the formatted output. */
export function runSearch(raw: Record<string, unknown>, ref: ReferenceData = referenceData()): string {
  const { o, asOf, query } = prepare(raw, ref);
  const outcome = searchDirectory(loadDirectory(o, ref, asOf), query, {
    regionOfLa: regionOfLa(ref),
    travelTime: straightLineEstimator(),
  });
  return formatOutcome(outcome, o.format, (code) => ref.las.get(code)?.name ?? code);
}

/**
 * Runs a search over the homes listed in the database (active, listed; with the blocks and
 * frameworks of live contracts). A home's own point never leaves: JSON shows the district centroid.
 */
export async function runDatabaseSearch(
  db: Kysely<DB>,
  raw: Record<string, unknown>,
  ref: ReferenceData = referenceData(),
): Promise<string> {
  const { o, asOf, query } = prepare(raw, ref);
  const outcome = await withSystem(db, async (trx) => {
    const snapshot = await loadSnapshot(trx, asOf);
    const listed = snapshot.entries.filter((e) => e.listed && e.status === 'active').map((e) => e.listing);
    const homes = await withContractMemberships(trx, listed, asOf);
    return searchDirectory(homes, query, {
      regionOfLa: regionOfLa(ref),
      travelTime: straightLineEstimator(),
    });
  });
  for (const r of outcome.results) {
    const p = r.listing.profile;
    const district = p.postcodeDistrict ? ref.districts.get(p.postcodeDistrict) : undefined;
    r.listing = { ...r.listing, profile: { ...p, location: district?.point ?? null } };
  }
  return formatOutcome(outcome, o.format, (code) => ref.las.get(code)?.name ?? code);
}

export function register(program: Command): void {
  const cmd = program
    .command('search')
    .description('find homes worth contacting for a child: needs, places that matter, area, availability')
    .option('--directory <file>', 'directory file (JSON array of homes) instead of the database')
    .option('--demo', 'the seeded synthetic directory of about 3,000 homes instead of the database')
    .option('--demo-seed <n>', 'seed of the demo directory', '2025')
    .option('--family <postcode>', 'family home: postcode, sector (UB3 1) or district (UB3)')
    .option('--school <postcode>', 'school: postcode, sector or district')
    .option(
      '--place <label=postcode>',
      'another place that matters (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--within <miles>', 'every place within this many miles (straight line, DfE rule)')
    .option('--rank-by <rule>', 'rank by the total or the maximum distance: total | maximum', 'total')
    .option('--age <years>', "the child's age")
    .option('--sex <sex>', 'male | female')
    .option('--primary-need <code>', `one of: ${Object.keys(REGISTRATION_CATEGORIES).join(', ')}`)
    .option('--needs <codes>', 'further needs and risks, comma-separated (e.g. missing,self-harm)')
    .option('--placement-type <type>', Object.keys(PLACEMENT_TYPES).join(' | '))
    .option('--solo', 'needs a solo placement')
    .option('--la <codes>', 'only these LAs (DfE codes, comma-separated)')
    .option('--region <codes>', 'only these regions (E12… codes, comma-separated)')
    .option('--area <file>', 'only inside this GeoJSON polygon')
    .option('--available', 'only homes with a vacancy')
    .option('--stale-after <days>', 'availability older than this is flagged', '7')
    .option('--as-of <date>', 'the day to search as of (YYYY-MM-DD; default today)')
    .option('--limit <n>', 'how many results to show', '20')
    .option('--format <format>', 'table | json | csv', 'table')
    .option('--out <file>', 'write to a file instead of standard output');
  addDatabaseOptions(cmd).action(async (opts: Record<string, unknown> & DatabaseOptions) => {
    const { databaseUrl, dataDir, demo, ...search } = opts;
    const out =
      search.directory || demo
        ? runSearch(search)
        : await withDatabase({ databaseUrl, dataDir }, ({ db }) => runDatabaseSearch(db, search));
    writeOutput(out, typeof opts.out === 'string' ? opts.out : undefined);
  });
}
