/**
 * Age groupings. Output bands follow the DfE's published breakdown of children looked after (under 1,
 * 1-4, 5-9, 10-15, 16-17). Hazard groups are finer at the ends, where leaving care changes fastest:
 * babies (adoption), and 16 and 17 (supported accommodation, leaving at 18).
 */

export const AGE_BANDS = [
  { key: 'under-1', label: 'Under 1', from: 0, to: 1 },
  { key: '1-4', label: '1 to 4', from: 1, to: 5 },
  { key: '5-9', label: '5 to 9', from: 5, to: 10 },
  { key: '10-15', label: '10 to 15', from: 10, to: 16 },
  { key: '16-17', label: '16 and 17', from: 16, to: 18 },
] as const;
export type AgeBandKey = (typeof AGE_BANDS)[number]['key'];
export const AGE_BAND_COUNT = AGE_BANDS.length;

/** Output band of each whole age 0-17. */
export const AGE_BAND_OF_AGE: readonly number[] = Array.from({ length: 18 }, (_, a) =>
  AGE_BANDS.findIndex((b) => a >= b.from && a < b.to),
);

/** Hazard groups by whole age: [0], [1-4], [5-9], [10-12], [13-15], [16], [17]. */
export const HAZARD_AGE_GROUPS = [
  { from: 0, to: 1 },
  { from: 1, to: 5 },
  { from: 5, to: 10 },
  { from: 10, to: 13 },
  { from: 13, to: 16 },
  { from: 16, to: 17 },
  { from: 17, to: 18 },
] as const;
export const HAZARD_AGE_COUNT = HAZARD_AGE_GROUPS.length;
export const HAZARD_GROUP_OF_AGE: readonly number[] = Array.from({ length: 18 }, (_, a) =>
  HAZARD_AGE_GROUPS.findIndex((g) => a >= g.from && a < g.to),
);

/** The age at which care ends: the 18th birthday. */
export const LEAVING_AGE = 18;

/**
 * Leaving care this many days or fewer before the 18th birthday counts as leaving at 18, not as an
 * early exit: returns record "at 18" a day or two early (a leaving date counted as 18 x 365 days, a
 * last night before the birthday), and counting those as hazard events would make 17-year-olds leave
 * early and then leave again at 18 in the projection.
 */
export const AGE_OUT_TOLERANCE_DAYS = 7;

/**
 * Time-in-care bands (days since the period of care began): under 8 weeks, 8 weeks to 6 months,
 * 6 months to 1 year, 1 to 2 years, 2 years and over. Leaving care is far likelier early on.
 */
export const DURATION_BOUNDS: readonly number[] = [56, 182, 365, 730];
export const DURATION_COUNT = DURATION_BOUNDS.length + 1;
export const DURATION_LABELS = [
  'under 8 weeks',
  '8 weeks to 6 months',
  '6 months to 1 year',
  '1 to 2 years',
  '2 years and over',
];

export function durationBand(days: number): number {
  let b = 0;
  while (b < DURATION_BOUNDS.length && days >= DURATION_BOUNDS[b]!) b++;
  return b;
}
