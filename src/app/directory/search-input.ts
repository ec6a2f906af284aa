/**
 * Reads a directory search from the "Find a home" form's fields (the API's query parameters use the
 * same names), naming the field of every problem. Postcodes are located by their sector or district
 * centroid, and only the sector is kept and echoed back: a family's full postcode is never needed.
 */
import type { AreaGeometry } from '../../domain/directory/area.ts';
import type { NeedsQuery } from '../../domain/directory/eligibility.ts';
import type { GeoPoint } from '../../domain/directory/home.ts';
import { MEMBERSHIP_KINDS, type MembershipKind } from '../../domain/directory/listing.ts';
import type { PlaceKind } from '../../domain/directory/places.ts';
import { parsePostcodeLike } from '../../domain/directory/postcode.ts';
import { PRICE_BANDS, type PriceBand } from '../../domain/directory/price-band.ts';
import { readArea } from '../../domain/directory/read-area.ts';
import {
  OFSTED_RATINGS,
  type OfstedRating,
  PLACEMENT_TYPES,
  type PlacementType,
  REGISTRATION_CATEGORIES,
  type RegistrationCategory,
  RISKS,
  type RiskCode,
  SEXES,
  type Sex,
} from '../../domain/shared/codes.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import { locatePostcode } from '../../reference/lookups.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';

export type Raw = Record<string, string | string[] | undefined>;

export const DISTANCE_RULES = {
  total: 'Smallest total distance to all the places',
  maximum: 'Smallest distance to the furthest place',
  within: 'Every place within a distance',
} as const;
export type DistanceRuleCode = keyof typeof DISTANCE_RULES;

/** The form's fields: single values and lists (checkboxes, repeated parameters). */
export const SINGLE_FIELDS = [
  'referralId',
  'age',
  'sex',
  'primaryNeed',
  'placementType',
  'solo',
  'adaptation',
  'dol',
  'noPets',
  'familyPostcode',
  'familyLabel',
  'schoolPostcode',
  'schoolLabel',
  'otherPostcode',
  'otherLabel',
  'rule',
  'withinMiles',
  'area',
  'vacanciesOnly',
  'freshOnly',
  'maxPriceBand',
  'limit',
] as const;
export const LIST_FIELDS = ['risks', 'la', 'region', 'rating', 'membership'] as const;

export type SingleField = (typeof SINGLE_FIELDS)[number];
export type ListField = (typeof LIST_FIELDS)[number];
export type SearchValues = Record<SingleField, string> & Record<ListField, string[]>;

export interface PlaceInput {
  kind: PlaceKind;
  label: string;
  /** What is kept and shown: the sector (or district) the postcode is in. */
  area: string;
  point: GeoPoint;
}

export interface SearchInput {
  referralId: string | null;
  needs: NeedsQuery;
  places: PlaceInput[];
  rule: DistanceRuleCode;
  withinMiles: number | null;
  area: AreaGeometry | null;
  laCodes: string[];
  regionCodes: string[];
  vacanciesOnly: boolean;
  freshOnly: boolean;
  ratings: OfstedRating[];
  maxPriceBand: PriceBand | null;
  membershipKinds: MembershipKind[];
  limit: number;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_LABEL = 40;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const list = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
const yes = (v: string) => ['yes', 'true', '1', 'on'].includes(v.toLowerCase());

/** The raw values, trimmed, with lists as arrays: what the form shows back. */
export function searchValues(raw: Raw): SearchValues {
  const out = {} as SearchValues;
  for (const f of SINGLE_FIELDS) out[f] = first(raw[f]);
  for (const f of LIST_FIELDS) out[f] = [...new Set(list(raw[f]))];
  return out;
}

/** True when the query carries any search field (otherwise the page shows an empty form). */
export function hasSearch(raw: Raw): boolean {
  return [...SINGLE_FIELDS, ...LIST_FIELDS].some((f) => raw[f] !== undefined) || raw.search !== undefined;
}

/** The values as a query string (for links, the export form and the API). Empty values are dropped. */
export function toQueryString(values: Partial<SearchValues>): string {
  const p = new URLSearchParams();
  for (const f of SINGLE_FIELDS) {
    const v = values[f];
    if (v) p.append(f, v);
  }
  for (const f of LIST_FIELDS) for (const v of values[f] ?? []) p.append(f, v);
  return p.toString();
}

function oneOf<T extends string>(
  table: Record<T, unknown>,
  value: string,
  field: string,
  what: string,
  errors: FieldError[],
): T | undefined {
  if (!value) return undefined;
  if (Object.hasOwn(table, value)) return value as T;
  errors.push({ field, message: `Choose ${what} from the list` });
  return undefined;
}

function place(
  ref: ReferenceData,
  kind: PlaceKind,
  postcodeField: SingleField,
  labelField: SingleField,
  fallbackLabel: string,
  values: SearchValues,
  errors: FieldError[],
): PlaceInput | undefined {
  const text = values[postcodeField];
  const label = values[labelField] || fallbackLabel;
  if (values[labelField].length > MAX_LABEL) {
    errors.push({ field: labelField, message: `The name must be ${MAX_LABEL} characters or fewer` });
  }
  if (!text) return undefined;
  const parsed = parsePostcodeLike(text);
  if (!parsed) {
    errors.push({
      field: postcodeField,
      message: `Enter a postcode sector like UB3 1, a district like UB3, or a full postcode ("${text}" is none of these)`,
    });
    return undefined;
  }
  const at = locatePostcode(ref, text);
  if (!at) {
    errors.push({ field: postcodeField, message: `${text.toUpperCase()} is not a postcode area in England` });
    return undefined;
  }
  const area = at.sector ?? at.district;
  values[postcodeField] = area; // never echo a full postcode back
  return { kind, label, area, point: at.point };
}

export function readSearchInput(
  raw: Raw,
  ref: ReferenceData,
): { values: SearchValues; input?: SearchInput; errors: FieldError[] } {
  const values = searchValues(raw);
  const errors: FieldError[] = [];

  let ageYears: number | undefined;
  if (values.age) {
    const n = Number(values.age);
    if (!/^\d{1,2}$/.test(values.age) || n > 25) {
      errors.push({ field: 'age', message: 'Enter the child’s age in whole years, from 0 to 25' });
    } else ageYears = n;
  }
  const sex = oneOf<Sex>(SEXES, values.sex, 'sex', 'the child’s sex', errors);
  const primaryNeed = oneOf<RegistrationCategory>(
    REGISTRATION_CATEGORIES,
    values.primaryNeed,
    'primaryNeed',
    'a primary need',
    errors,
  );
  const placementType = oneOf<PlacementType>(
    PLACEMENT_TYPES,
    values.placementType,
    'placementType',
    'a placement type',
    errors,
  );
  const risks: RiskCode[] = [];
  for (const r of values.risks) {
    if (Object.hasOwn(RISKS, r)) risks.push(r as RiskCode);
    else errors.push({ field: 'risks', message: `"${r}" is not a risk in the Placements Data Standard` });
  }
  const needs: NeedsQuery = {
    ...(placementType ? { placementType } : {}),
    ...(ageYears === undefined ? {} : { ageYears }),
    ...(sex ? { sex } : {}),
    ...(primaryNeed ? { primaryNeed } : {}),
    ...(risks.length ? { needs: risks } : {}),
    ...(yes(values.solo) ? { solo: true } : {}),
    ...(yes(values.adaptation) ? { adaptationRequired: true } : {}),
    ...(yes(values.dol) ? { deprivationOfLiberty: true } : {}),
    ...(yes(values.noPets) ? { noPets: true } : {}),
  };

  const places = [
    place(ref, 'family', 'familyPostcode', 'familyLabel', 'Family home', values, errors),
    place(ref, 'school', 'schoolPostcode', 'schoolLabel', 'School', values, errors),
    place(ref, 'other', 'otherPostcode', 'otherLabel', 'Other place', values, errors),
  ].filter((p): p is PlaceInput => p !== undefined);

  const chosen = oneOf<DistanceRuleCode>(
    DISTANCE_RULES,
    values.rule,
    'rule',
    'how distances combine',
    errors,
  );
  // The API may give a distance alone; the form's distance only counts with its option chosen.
  const rule: DistanceRuleCode = chosen ?? (values.withinMiles && !values.rule ? 'within' : 'total');
  let withinMiles: number | null = null;
  if (rule === 'within') {
    const n = Number(values.withinMiles);
    if (!values.withinMiles) {
      errors.push({ field: 'withinMiles', message: 'Enter how many miles every place must be within' });
    } else if (!Number.isFinite(n) || n <= 0 || n > 500) {
      errors.push({ field: 'withinMiles', message: 'Enter a distance in miles between 0.1 and 500' });
    } else withinMiles = n;
  }
  if (rule === 'within' && places.length === 0 && withinMiles !== null) {
    errors.push({
      field: 'familyPostcode',
      message: 'Enter at least one place that matters for the distance to be measured from',
    });
  }

  let area: AreaGeometry | null = null;
  if (values.area) {
    const reading = readArea(values.area);
    if (reading.ok) area = reading.area;
    else errors.push(...reading.errors.map((e) => ({ ...e, message: `The drawn area: ${e.message}` })));
  }

  const laCodes = values.la.filter((c) => {
    if (ref.las.has(c)) return true;
    errors.push({ field: 'la', message: `"${c}" is not the DfE code of a local authority in England` });
    return false;
  });
  const regionCodes = values.region.filter((c) => {
    if (ref.regions.has(c)) return true;
    errors.push({ field: 'region', message: `"${c}" is not the code of an English region` });
    return false;
  });
  const ratings = values.rating.filter((r): r is OfstedRating => {
    if (Object.hasOwn(OFSTED_RATINGS, r)) return true;
    errors.push({ field: 'rating', message: `"${r}" is not an Ofsted rating` });
    return false;
  });
  const membershipKinds = values.membership.filter((m): m is MembershipKind => {
    if (Object.hasOwn(MEMBERSHIP_KINDS, m)) return true;
    errors.push({ field: 'membership', message: `"${m}" is not block, framework or dps` });
    return false;
  });
  const maxPriceBand = oneOf<PriceBand>(
    PRICE_BANDS,
    values.maxPriceBand,
    'maxPriceBand',
    'a price band',
    errors,
  );

  let limit = DEFAULT_LIMIT;
  if (values.limit) {
    const n = Number(values.limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      errors.push({ field: 'limit', message: `Ask for between 1 and ${MAX_LIMIT} results` });
    } else limit = n;
  }
  const referralId = values.referralId || null;
  if (referralId && !/^[0-9a-f-]{36}$/i.test(referralId)) {
    errors.push({ field: 'referralId', message: 'Choose one of your live referrals' });
  }

  if (errors.length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      referralId,
      needs,
      places,
      rule,
      withinMiles,
      area,
      laCodes,
      regionCodes,
      vacanciesOnly: yes(values.vacanciesOnly),
      freshOnly: yes(values.freshOnly),
      ratings,
      maxPriceBand: maxPriceBand ?? null,
      membershipKinds,
      limit,
    },
  };
}
