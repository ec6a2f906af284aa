/**
 * Which column holds what. Ofsted's files have changed their headers between vintages and between
 * the public statistics and the lists sent to LAs ("Setting name" / "Provider name" / "Name",
 * "Max users" / "Number of registered places" / "Places" …). Headers are compared with case,
 * spaces and punctuation removed; within a field, aliases are listed in order of preference (so
 * "Setting local authority" wins over a plain "Local authority" on a supported-accommodation
 * sheet). docs/directory.md lists them.
 */
import type { RegistrationCategory } from '../../domain/shared/codes.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import type { TableRow } from './read-table.ts';

export const CATEGORY_FIELDS = {
  catEbd: 'ebd',
  catMental: 'mental-disorders',
  catLearning: 'learning-difficulty',
  catPhysical: 'physical-disabilities',
  catSensory: 'sensory-impairment',
  catAlcohol: 'alcohol-problems',
  catDrug: 'drug-problems',
} as const satisfies Record<string, RegistrationCategory>;

export const FIELD_ALIASES = {
  urn: ['URN', 'Unique reference number', 'Provider URN', 'Setting URN'],
  provisionType: ['Provision type', 'Provider type', 'Type of provision'],
  name: ['Setting name', 'Provider name', 'Name', 'Name of provider'],
  address1: ['Setting address 1', 'Setting address line 1', 'Address 1', 'Address line 1', 'Setting address'],
  address2: ['Setting address 2', 'Setting address line 2', 'Address 2', 'Address line 2'],
  town: ['Setting town', 'Town'],
  county: ['Setting county', 'County'],
  postcode: ['Setting postcode', 'Postcode', 'Setting post code', 'Post code'],
  localAuthority: ['Setting local authority', 'Local authority', 'LA', 'Local authority name'],
  sector: ['Sector'],
  places: [
    'Number of registered places',
    'Max users',
    'Maximum users',
    'Places',
    'Registered places',
    'Capacity',
    'Maximum fostering places',
  ],
  registrationDate: ['Registration date', 'Date of registration'],
  registrationStatus: ['Registration status', 'Provider status', 'Setting status', 'Status'],
  closedDate: ['Closed date', 'Deregistration date', 'Date closed'],
  owner: ['Owner name', 'Organisation which owns the provider', 'Organisation name', 'Owner'],
  rating: [
    'Overall experiences and progress of children and young people',
    'Overall effectiveness',
    'Latest overall effectiveness grade from last full inspection',
  ],
  inspectionDate: [
    'Latest full inspection date',
    'Full inspection start date',
    'Date of last full inspection',
    'Inspection date',
  ],
  publicationDate: ['Latest full inspection publication date', 'Publication date'],
  catEbd: ['Emotional and behavioural difficulties', 'EBD'],
  catMental: ['Mental disorders', 'Mental disorder'],
  catLearning: ['Learning difficulty', 'Learning difficulties'],
  catPhysical: ['Physical disabilities', 'Physical disability'],
  catSensory: ['Sensory impairment', 'Sensory impairments'],
  catAlcohol: ['Present alcohol problems', 'Alcohol problems'],
  catDrug: ['Present drug problems', 'Drug problems'],
} as const;
export type Field = keyof typeof FIELD_ALIASES;

/**
 * Fields Ofsted repeats under a second group heading (the interim inspection after the full one):
 * the first, leftmost column (the full inspection) is used. Any other repeated heading is an error.
 */
const REPEATABLE: readonly Field[] = ['rating', 'inspectionDate', 'publicationDate'];

/** What a provider sheet must have beside URN (a "Registration conditions" sheet has none of these). */
const PROVIDER_SHEET_MARKERS: readonly Field[] = ['provisionType', 'registrationStatus', 'places', 'rating'];

export function normaliseHeader(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const LOOKUP = new Map<string, { field: Field; rank: number }>();
for (const [field, aliases] of Object.entries(FIELD_ALIASES) as [Field, readonly string[]][]) {
  aliases.forEach((a, rank) => {
    LOOKUP.set(normaliseHeader(a), { field, rank });
  });
}

export interface ColumnRef {
  index: number;
  /** The header exactly as the file has it: what error messages name. */
  header: string;
  letter: string;
}

export interface ColumnMap {
  headerRow: number;
  columns: Partial<Record<Field, ColumnRef>>;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** How many rows from the top may hold titles before the header row. */
export const HEADER_SEARCH_ROWS = 20;

/**
 * Finds the header row (the first row with a URN heading, within the first rows) and maps its
 * columns. `undefined` when the sheet has no URN heading at all or is not a provider list.
 */
export function mapColumns(
  rows: readonly TableRow[],
): { map: ColumnMap } | { errors: FieldError[] } | undefined {
  const header = rows
    .slice(0, HEADER_SEARCH_ROWS)
    .find((r) => r.cells.some((c) => LOOKUP.get(normaliseHeader(c))?.field === 'urn'));
  if (!header) return undefined;
  const chosen: Partial<Record<Field, ColumnRef & { rank: number }>> = {};
  const errors: FieldError[] = [];
  header.cells.forEach((text, index) => {
    const hit = LOOKUP.get(normaliseHeader(text));
    if (!hit) return;
    const ref = { index, header: text.trim(), letter: columnLetter(index), rank: hit.rank };
    const prior = chosen[hit.field];
    if (prior && prior.rank === hit.rank && REPEATABLE.includes(hit.field)) return;
    if (prior && prior.rank === hit.rank) {
      errors.push({
        row: header.number,
        field: ref.header,
        message: `columns ${prior.letter} and ${ref.letter} both hold "${ref.header}"; remove one`,
      });
    } else if (!prior || hit.rank < prior.rank) {
      chosen[hit.field] = ref;
    }
  });
  if (errors.length > 0) return { errors };
  if (!PROVIDER_SHEET_MARKERS.some((f) => chosen[f])) return undefined;
  const columns: Partial<Record<Field, ColumnRef>> = {};
  for (const [f, c] of Object.entries(chosen) as [Field, ColumnRef & { rank: number }][]) {
    columns[f] = { index: c.index, header: c.header, letter: c.letter };
  }
  return { map: { headerRow: header.number, columns } };
}
