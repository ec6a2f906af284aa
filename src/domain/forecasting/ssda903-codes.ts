/**
 * SSDA903 code lists with the collection years each code is valid in, transcribed from
 * reference/ssda903_code_lists.csv (DfE 903 guidance as the csc-validator-be-903 rulesets read it).
 * A collection year is named by the year holding its 31 March: 2024 is 1 April 2023 to 31 March 2024,
 * the same number as the folders of a 903 extract. Codes are stored in typed arrays as their index in
 * these lists (0 = blank), so the lists' order is part of the stored format: append, never reorder.
 */

/** Inclusive range of collection years a code is valid in; a missing bound is open. */
export interface CodeValidity {
  from?: number;
  to?: number;
}

export type Ssda903Field = 'RNE' | 'LS' | 'CIN' | 'PLACE' | 'PLACE_PROVIDER' | 'REC' | 'SEX';

const always: CodeValidity = {};

function list(codes: string, validity: Record<string, CodeValidity> = {}): Record<string, CodeValidity> {
  return Object.fromEntries(codes.split(' ').map((c) => [c, validity[c] ?? always]));
}

/** Every known code per field, in storage order, with its validity by collection year. */
export const SSDA903_CODES: Readonly<Record<Ssda903Field, Readonly<Record<string, CodeValidity>>>> = {
  RNE: list('S L P T B U'),
  LS: list('C1 C2 D1 E1 V2 V3 V4 L1 L2 L3 J1 J2 J3'),
  CIN: list('N1 N2 N3 N4 N5 N6 N7 N8'),
  PLACE: list(
    'A3 A4 A5 A6 H5 K1 K2 K3 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1 Z11 Z12 Z13 Z14',
    {
      // H5 semi-independent living and P2 independent living end with 2024-25; K3 registered
      // supported accommodation arrives with the 2023-24 reforms; Z1 splits into Z11-Z14 in 2025-26.
      H5: { to: 2025 },
      P2: { to: 2025 },
      K3: { from: 2024 },
      Z1: { to: 2025 },
      Z11: { from: 2026 },
      Z12: { from: 2026 },
      Z13: { from: 2026 },
      Z14: { from: 2026 },
    },
  ),
  PLACE_PROVIDER: list('PR0 PR1 PR2 PR3 PR4 PR5'),
  REC: list('X1 E11 E12 E13 E14 E15 E16 E17 E2 E3 E41 E45 E46 E47 E48 E4A E4B E5 E6 E7 E8 E9'),
  SEX: list('1 2'),
};

/** Placement types that need no PLACE_PROVIDER (temporary moves and, from 2025-26, Z11-Z14). */
export const PLACES_WITHOUT_PROVIDER: ReadonlySet<string> = new Set([
  'T0',
  'T1',
  'T2',
  'T3',
  'T4',
  'Z11',
  'Z12',
  'Z13',
  'Z14',
]);

/** Legal statuses of agreed short-break series: excluded from counts of children in placements. */
export const SHORT_BREAK_STATUSES: ReadonlySet<string> = new Set(['V3', 'V4']);

const INDEX: Record<Ssda903Field, Map<string, number>> = Object.fromEntries(
  Object.entries(SSDA903_CODES).map(([f, codes]) => [
    f,
    new Map(Object.keys(codes).map((c, i) => [c, i + 1])),
  ]),
) as Record<Ssda903Field, Map<string, number>>;

const NAMES: Record<Ssda903Field, readonly string[]> = Object.fromEntries(
  Object.entries(SSDA903_CODES).map(([f, codes]) => [f, ['', ...Object.keys(codes)]]),
) as unknown as Record<Ssda903Field, readonly string[]>;

/** The stored index of a code (1-based), 0 for blank, -1 when the code is not in the list at all. */
export function codeIndex(field: Ssda903Field, code: string): number {
  if (code === '') return 0;
  return INDEX[field].get(code) ?? -1;
}

/** The code stored at an index ('' for 0). */
export function codeName(field: Ssda903Field, index: number): string {
  return NAMES[field][index] ?? '';
}

/** Number of codes in a field's list plus one for blank: the size of a lookup table over indices. */
export function codeCount(field: Ssda903Field): number {
  return NAMES[field].length;
}

const VALID_FROM: Record<Ssda903Field, Int16Array> = Object.fromEntries(
  Object.entries(SSDA903_CODES).map(([f, codes]) => [
    f,
    Int16Array.from([0, ...Object.values(codes).map((v) => v.from ?? 0)]),
  ]),
) as unknown as Record<Ssda903Field, Int16Array>;
const VALID_TO: Record<Ssda903Field, Int16Array> = Object.fromEntries(
  Object.entries(SSDA903_CODES).map(([f, codes]) => [
    f,
    Int16Array.from([9999, ...Object.values(codes).map((v) => v.to ?? 9999)]),
  ]),
) as unknown as Record<Ssda903Field, Int16Array>;

/** Whether the code stored at `index` is valid in a collection year (a fast form for importers). */
export function isIndexValidInYear(field: Ssda903Field, index: number, year: number): boolean {
  return year >= VALID_FROM[field][index]! && year <= VALID_TO[field][index]!;
}

/** Whether a known code is valid in a collection year (year holding the 31 March). */
export function isValidInYear(field: Ssda903Field, code: string, year: number): boolean {
  const v = SSDA903_CODES[field][code];
  if (!v) return false;
  return (v.from === undefined || year >= v.from) && (v.to === undefined || year <= v.to);
}

/** "2023-24" for collection year 2024. */
export function collectionYearLabel(year: number): string {
  return `${year - 1}-${String(year % 100).padStart(2, '0')}`;
}
