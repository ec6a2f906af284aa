import { milesBetween } from './geo.ts';
import type { GeoPoint } from './home.ts';

/**
 * Travel time between two points. Today it is an ESTIMATE from straight-line distance, labelled
 * as such wherever it is shown; a routing engine (OSRM, OpenTripPlanner for public transport) can
 * replace it by implementing `TravelTimeEstimator`. Routing is slow and asynchronous, so the app
 * layer would ask it for a matrix first and hand the answers in through `matrixEstimator`: search
 * itself stays pure and synchronous.
 */

export interface TravelTime {
  minutes: number;
  /** Road or route distance the time assumes, in miles. */
  miles: number;
  /** True unless a routing engine produced the figure. */
  isEstimate: boolean;
  /** Which method produced it, shown beside the figure ("estimate from straight-line distance"). */
  method: string;
}

export interface TravelTimeEstimator {
  readonly method: string;
  /** Undefined when this estimator cannot say (e.g. a pair the routing matrix lacks). */
  estimate(from: GeoPoint, to: GeoPoint): TravelTime | undefined;
}

/**
 * Straight-line miles → road miles. Road networks in Great Britain detour by roughly a quarter to
 * a third over the straight line (the "circuity" or detour index); we use 1.3 for everywhere. An
 * assumption to calibrate against a routing engine, not a measured constant.
 */
export const CIRCUITY_FACTOR = 1.3;

/**
 * Average door-to-door driving speed by band of road distance, in mph. Short trips are mostly
 * urban streets and junctions; longer ones reach A roads and motorways. Each band's speed applies
 * only to the miles inside that band, so time rises smoothly with distance. Round assumptions,
 * documented in docs/directory.md; not sourced averages.
 */
export const SPEED_BANDS: readonly { upToMiles: number; mph: number }[] = [
  { upToMiles: 5, mph: 15 },
  { upToMiles: 20, mph: 25 },
  { upToMiles: 50, mph: 35 },
  { upToMiles: Infinity, mph: 45 },
];

export const STRAIGHT_LINE_METHOD = 'estimate from straight-line distance';

/** Minutes to drive `roadMiles` under the banded speeds above. */
export function bandedDrivingMinutes(roadMiles: number): number {
  let minutes = 0;
  let from = 0;
  for (const band of SPEED_BANDS) {
    if (roadMiles <= from) break;
    const inBand = Math.min(roadMiles, band.upToMiles) - from;
    minutes += (inBand / band.mph) * 60;
    from = band.upToMiles;
  }
  return minutes;
}

export function straightLineEstimator(circuity = CIRCUITY_FACTOR): TravelTimeEstimator {
  return {
    method: STRAIGHT_LINE_METHOD,
    estimate(from, to) {
      const miles = milesBetween(from, to) * circuity;
      return { minutes: bandedDrivingMinutes(miles), miles, isEstimate: true, method: STRAIGHT_LINE_METHOD };
    },
  };
}

/**
 * Answers from precomputed results (e.g. a routing engine's matrix keyed by `pairKey`), falling
 * back to another estimator for pairs it lacks.
 */
export function matrixEstimator(
  method: string,
  results: ReadonlyMap<string, { minutes: number; miles: number }>,
  fallback?: TravelTimeEstimator,
): TravelTimeEstimator {
  return {
    method,
    estimate(from, to) {
      const hit = results.get(pairKey(from, to));
      if (hit) return { ...hit, isEstimate: false, method };
      return fallback?.estimate(from, to);
    },
  };
}

/** Key for a from→to pair of grid references (metres, so exact for centroids). */
export function pairKey(
  from: Pick<GeoPoint, 'easting' | 'northing'>,
  to: Pick<GeoPoint, 'easting' | 'northing'>,
): string {
  return `${from.easting},${from.northing}>${to.easting},${to.northing}`;
}

/** "about 35 min (estimate)" or "1 h 05 min": what a results page shows. */
export function formatTravelTime(t: TravelTime): string {
  const m = Math.max(1, Math.round(t.minutes));
  const text = m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  return t.isEstimate ? `about ${text} by road (estimate)` : `${text} by road`;
}
