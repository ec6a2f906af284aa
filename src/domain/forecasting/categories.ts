/**
 * Placement categories the forecast counts and costs, and the rules that map an episode's PLACE and
 * PLACE_PROVIDER codes to them. The rules are data (commissioners disagree about, say, residential
 * schools) and carry collection years, so a code whose meaning changes with the 903 guidance (H5 to K3,
 * Z1 to Z11-Z14) maps by the return it came from. The first matching rule wins.
 */
import { DomainError } from '../shared/errors.ts';
import { codeCount, codeIndex, SSDA903_CODES, type Ssda903Field } from './ssda903-codes.ts';

const labels = <K extends string>(m: Record<K, string>) => m;

export const PLACEMENT_CATEGORIES = labels({
  'in-house-fostering': 'In-house fostering',
  'agency-fostering': 'Agency fostering (IFA)',
  kinship: 'Kinship (family and friends) fostering',
  residential: "Residential children's home",
  supported: 'Supported accommodation (16+)',
  secure: "Secure children's home",
  other: 'Other (with parents, adoption, health, custody, other)',
});
export type PlacementCategory = keyof typeof PLACEMENT_CATEGORIES;
/** Categories in index order: typed arrays store a category as its position here. */
export const CATEGORY_KEYS = Object.keys(PLACEMENT_CATEGORIES) as PlacementCategory[];
export const CATEGORY_COUNT = CATEGORY_KEYS.length;

export interface CategoryRule {
  category: PlacementCategory;
  /** PLACE codes the rule covers. */
  place: readonly string[];
  /** PLACE_PROVIDER codes; absent = any provider (blank included). */
  provider?: readonly string[];
  /** First and last collection years (year holding 31 March) the rule applies to; absent = open. */
  fromYear?: number;
  toYear?: number;
}

const FOSTER_OWN = ['PR0', 'PR1', 'PR2', 'PR3'];

/**
 * The default mapping. In-house fostering is unrelated carers provided by an LA (own or another) or
 * other public body; agency fostering is private or voluntary providers (IFAs). Residential is
 * registered children's homes, residential care homes and residential schools; supported is 16+
 * accommodation before (H5, P2) and after (K3) the 2023-24 reforms. Z11-Z14 (2025-26 on) stay in
 * "other" with the Z1 they split from, so the series does not jump at the code change; an LA that
 * knows its Z12/Z13 settings are unregistered children's homes can add a rule sending them to
 * residential for those years.
 */
export const DEFAULT_CATEGORY_RULES: readonly CategoryRule[] = [
  { category: 'kinship', place: ['U1', 'U2', 'U3'] },
  { category: 'in-house-fostering', place: ['U4', 'U5', 'U6'], provider: [...FOSTER_OWN, ''] },
  { category: 'agency-fostering', place: ['U4', 'U5', 'U6'], provider: ['PR4', 'PR5'] },
  { category: 'residential', place: ['K2', 'R1', 'S1'] },
  { category: 'supported', place: ['K3', 'H5', 'P2'] },
  { category: 'secure', place: ['K1'] },
];

/** Where rules send a code no rule names. */
export const FALLBACK_CATEGORY: PlacementCategory = 'other';

/**
 * A compiled mapping: category index for (collection year, PLACE index, PLACE_PROVIDER index).
 * Built once per fit, it makes mapping a million episodes one array read each.
 */
export interface CategoryMap {
  firstYear: number;
  lastYear: number;
  table: Uint8Array;
}

const PLACES = codeCount('PLACE');
const PROVIDERS = codeCount('PLACE_PROVIDER');

function indices(field: Ssda903Field, codes: readonly string[], rule: number): number[] {
  return codes.map((c) => {
    const i = codeIndex(field, c);
    if (i < 0) {
      throw new DomainError('validation', `category rule ${rule + 1} names an unknown ${field} code "${c}"`, [
        { field, record: `category rule ${rule + 1}`, message: `unknown code "${c}"` },
      ]);
    }
    return i;
  });
}

export function compileCategoryMap(
  rules: readonly CategoryRule[],
  firstYear: number,
  lastYear: number,
): CategoryMap {
  const years = lastYear - firstYear + 1;
  const fallback = CATEGORY_KEYS.indexOf(FALLBACK_CATEGORY);
  const table = new Uint8Array(years * PLACES * PROVIDERS).fill(255);
  rules.forEach((rule, r) => {
    const cat = CATEGORY_KEYS.indexOf(rule.category);
    if (cat < 0)
      throw new DomainError('validation', `category rule ${r + 1}: unknown category "${rule.category}"`);
    const places = indices('PLACE', rule.place, r);
    const providers = rule.provider
      ? indices('PLACE_PROVIDER', rule.provider, r)
      : Array.from({ length: PROVIDERS }, (_, i) => i);
    for (
      let y = Math.max(firstYear, rule.fromYear ?? firstYear);
      y <= Math.min(lastYear, rule.toYear ?? lastYear);
      y++
    ) {
      for (const p of places) {
        for (const v of providers) {
          const at = ((y - firstYear) * PLACES + p) * PROVIDERS + v;
          if (table[at] === 255) table[at] = cat;
        }
      }
    }
  });
  for (let i = 0; i < table.length; i++) if (table[i] === 255) table[i] = fallback;
  return { firstYear, lastYear, table };
}

/** Category index of one episode; years outside the compiled range use the nearest one. */
export function categoryOf(map: CategoryMap, year: number, place: number, provider: number): number {
  const y = Math.min(map.lastYear, Math.max(map.firstYear, year)) - map.firstYear;
  return map.table[(y * PLACES + place) * PROVIDERS + provider]!;
}

/** The default rules as a readable table (docs, the forecast page's "how codes map" panel). */
export function describeCategoryRules(rules: readonly CategoryRule[] = DEFAULT_CATEGORY_RULES): string[] {
  const named = new Set(rules.flatMap((r) => r.place));
  const rest = Object.keys(SSDA903_CODES.PLACE).filter((c) => !named.has(c));
  return [
    ...rules.map((r) => {
      const years =
        r.fromYear || r.toYear ? ` (collection years ${r.fromYear ?? '…'} to ${r.toYear ?? '…'})` : '';
      const prov = r.provider ? ` with provider ${r.provider.map((p) => p || 'blank').join('/')}` : '';
      return `${PLACEMENT_CATEGORIES[r.category]}: ${r.place.join(', ')}${prov}${years}`;
    }),
    `${PLACEMENT_CATEGORIES[FALLBACK_CATEGORY]}: ${rest.join(', ')} and anything no rule names`,
  ];
}
