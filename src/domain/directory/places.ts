import { milesBetween } from './geo.ts';
import type { GeoPoint } from './home.ts';

/**
 * The places in a child's life that a home should be near (family home, school, others) and the
 * rule that combines the distances to them. Distances are DfE straight-line miles between grid
 * references, so "within 20 miles" means what it means in the SSDA903 return.
 */

export const PLACE_KINDS = { family: 'Family home', school: 'School', other: 'Other place' } as const;
export type PlaceKind = keyof typeof PLACE_KINDS;

export interface PlaceThatMatters {
  kind: PlaceKind;
  /** What the user calls it ("Mum's", "Grandparents"); never an address. */
  label: string;
  point: GeoPoint;
  /** A limit for this place only (e.g. school within 10 miles), overriding the rule's. */
  withinMiles?: number;
}

/**
 * How distances to several places combine. `withinMiles` filters (every place must be within it,
 * unless the place has its own limit); `rankBy` orders what is left: by the sum of the distances
 * (good when every place matters about equally) or by the largest one (no place too far away).
 */
export interface DistanceRule {
  withinMiles: number | null;
  rankBy: 'total' | 'maximum';
}

export const DEFAULT_DISTANCE_RULE: DistanceRule = { withinMiles: null, rankBy: 'total' };

export interface PlaceDistance {
  kind: PlaceKind;
  label: string;
  miles: number;
  limit: number | null;
  within: boolean;
}

export interface DistanceOutcome {
  distances: PlaceDistance[];
  /** Every place within its limit (always true when there are no limits). */
  passes: boolean;
  total: number;
  maximum: number;
  rankBy: DistanceRule['rankBy'];
  /** The figure ranking uses: total or maximum, as the rule says. */
  key: number;
}

/** Distances from a home to each place, judged against the rule. */
export function measurePlaces(
  home: Pick<GeoPoint, 'easting' | 'northing'>,
  places: readonly PlaceThatMatters[],
  rule: DistanceRule,
): DistanceOutcome {
  let total = 0;
  let maximum = 0;
  let passes = true;
  const distances = places.map((p) => {
    const miles = milesBetween(home, p.point);
    const limit = p.withinMiles ?? rule.withinMiles;
    const within = limit === null || miles <= limit;
    total += miles;
    if (miles > maximum) maximum = miles;
    if (!within) passes = false;
    return { kind: p.kind, label: p.label, miles, limit, within };
  });
  return {
    distances,
    passes,
    total,
    maximum,
    rankBy: rule.rankBy,
    key: rule.rankBy === 'total' ? total : maximum,
  };
}

/** One decimal place, as the DfE reports placement distance. */
export function formatMiles(miles: number): string {
  return `${(Math.round(miles * 10) / 10).toFixed(1)} miles`;
}
