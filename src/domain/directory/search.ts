import type { OfstedRating } from '../shared/codes.ts';
import type { LocalDate } from '../shared/dates.ts';
import { areaContains, type PreparedArea } from './area.ts';
import {
  directoryEligibility,
  type Eligibility,
  type EligibilityFn,
  type NeedsQuery,
} from './eligibility.ts';
import {
  DEFAULT_STALE_AFTER_DAYS,
  type DirectoryHome,
  type Freshness,
  freshnessOf,
  type MembershipKind,
} from './listing.ts';
import {
  DEFAULT_DISTANCE_RULE,
  type DistanceOutcome,
  type DistanceRule,
  measurePlaces,
  type PlaceDistance,
  type PlaceKind,
  type PlaceThatMatters,
} from './places.ts';
import { bandAtMost, type PriceBand } from './price-band.ts';
import {
  DEFAULT_WEIGHTS,
  type RankInput,
  type RankWeights,
  type Reason,
  rankHome,
  scoreHome,
} from './rank.ts';
import type { TravelTime, TravelTimeEstimator } from './travel-time.ts';

/**
 * Directory search: "who is worth contacting for this child?". Filters a list of homes by needs,
 * places and distance rule, a drawn area, LA or region, availability, memberships, price and
 * rating, then ranks what is left with reasons. Pure: the caller loads homes (from SQL or a file)
 * and passes them in with the reference lookups it needs.
 */

export interface DirectoryQuery {
  asOf: LocalDate;
  needs?: NeedsQuery;
  places?: readonly PlaceThatMatters[];
  distanceRule?: DistanceRule;
  /** A drawn area, prepared once with `prepareArea`. */
  area?: PreparedArea;
  /** DfE LA codes; a home must be in one of them. */
  laCodes?: readonly string[];
  /** ONS region codes (E12…); a home must be in one of them. */
  regionCodes?: readonly string[];
  /** Only homes with at least one vacancy (stale figures count, and are flagged). */
  availableOnly?: boolean;
  /** Only homes whose availability was confirmed within `staleAfterDays` (fresh). */
  freshOnly?: boolean;
  staleAfterDays?: number;
  /** Only homes in a block, framework or DPS of these kinds open to `searchingLaCode`. */
  membershipKinds?: readonly MembershipKind[];
  /** Only homes in these particular contracts or frameworks. */
  membershipIds?: readonly string[];
  /** Only homes whose price band is no dearer (homes with no price stay in). */
  maxPriceBand?: PriceBand;
  /** Only homes with one of these ratings (homes with none are kept only if 'not-yet-inspected' is listed). */
  ratings?: readonly OfstedRating[];
  /** The LA searching: used for block/framework relevance. */
  searchingLaCode?: string;
  /** How many ranked results to return (all of them are counted). */
  limit?: number;
}

export interface SearchDeps {
  /** Region code of a DfE LA code (from the reference data). */
  regionOfLa: (laCode: string) => string | undefined;
  /** A richer eligibility check (src/domain/matching) instead of the directory's own. */
  eligibility?: EligibilityFn;
  travelTime?: TravelTimeEstimator;
  weights?: RankWeights;
}

export interface PlaceTravel {
  kind: PlaceKind;
  label: string;
  time: TravelTime;
}

export interface SearchResult {
  listing: DirectoryHome;
  score: number;
  reasons: Reason[];
  eligibility: Eligibility;
  /** Distance to each place ([] when none given or the home's location is unknown). */
  distances: PlaceDistance[];
  travel: PlaceTravel[];
  freshness: Freshness;
}

/**
 * Why a home was left out, counted in this order (the first that applies). Cheap tests run first:
 * the needs check (the dearest) runs only on homes within reach, so "does not meet the child's
 * needs" counts homes that were otherwise worth contacting.
 */
export const EXCLUSIONS = {
  la: 'Not in the chosen local authorities',
  region: 'Not in the chosen regions',
  availability: 'No vacancy',
  stale: 'Availability not confirmed recently',
  membership: 'Not in the chosen blocks or frameworks',
  price: 'Price band above the limit',
  rating: 'Ofsted rating not chosen',
  'no-location': 'Location known only to its local authority',
  area: 'Outside the drawn area',
  distance: 'Too far from a place that matters',
  needs: 'Does not meet the child’s needs',
} as const;
export type Exclusion = keyof typeof EXCLUSIONS;

export interface SearchOutcome {
  results: SearchResult[];
  /** How many homes passed every filter (results may be fewer because of `limit`). */
  matched: number;
  excluded: Record<Exclusion, number>;
}

function firstExclusion(
  listing: DirectoryHome,
  q: DirectoryQuery,
  deps: SearchDeps,
  sets: { la?: Set<string>; region?: Set<string>; ids?: Set<string> },
): Exclusion | undefined {
  const p = listing.profile;
  if (sets.la && !sets.la.has(p.laCode)) return 'la';
  if (sets.region && !sets.region.has(deps.regionOfLa(p.laCode) ?? '')) return 'region';
  if (q.availableOnly && listing.availability.vacancies <= 0) return 'availability';
  if (
    q.freshOnly &&
    freshnessOf(listing.availability, q.asOf, q.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS) !== 'fresh'
  )
    return 'stale';
  if (q.membershipKinds || sets.ids) {
    const ok = listing.memberships.some(
      (m) =>
        (!q.membershipKinds || q.membershipKinds.includes(m.kind)) &&
        (!sets.ids || sets.ids.has(m.id)) &&
        (m.laCodes.length === 0 || !q.searchingLaCode || m.laCodes.includes(q.searchingLaCode)),
    );
    if (!ok) return 'membership';
  }
  if (q.maxPriceBand && listing.priceBand && !bandAtMost(listing.priceBand, q.maxPriceBand)) return 'price';
  if (q.ratings && !q.ratings.includes(p.ofstedRating ?? 'not-yet-inspected')) return 'rating';
  return undefined;
}

export function searchDirectory(
  homes: readonly DirectoryHome[],
  q: DirectoryQuery,
  deps: SearchDeps,
): SearchOutcome {
  const eligibilityOf = deps.eligibility ?? directoryEligibility;
  const rule = q.distanceRule ?? DEFAULT_DISTANCE_RULE;
  const places = q.places ?? [];
  const placesGiven = places.length > 0;
  const needsLimit =
    placesGiven && (rule.withinMiles !== null || places.some((p) => p.withinMiles !== undefined));
  const sets = {
    ...(q.laCodes ? { la: new Set(q.laCodes) } : {}),
    ...(q.regionCodes ? { region: new Set(q.regionCodes) } : {}),
    ...(q.membershipIds ? { ids: new Set(q.membershipIds) } : {}),
  };
  const excluded = Object.fromEntries(Object.keys(EXCLUSIONS).map((k) => [k, 0])) as Record<
    Exclusion,
    number
  >;
  const kept: { r: SearchResult; input: RankInput; key: number }[] = [];
  const weights = deps.weights ?? DEFAULT_WEIGHTS;

  for (const listing of homes) {
    const early = firstExclusion(listing, q, deps, sets);
    if (early) {
      excluded[early]++;
      continue;
    }
    const at = listing.profile.location;
    if (!at && (q.area || needsLimit)) {
      excluded['no-location']++;
      continue;
    }
    if (q.area && at && !areaContains(q.area, at)) {
      excluded.area++;
      continue;
    }
    let distance: DistanceOutcome | null = null;
    if (placesGiven && at) {
      distance = measurePlaces(at, places, rule);
      if (!distance.passes) {
        excluded.distance++;
        continue;
      }
    }
    const eligibility = eligibilityOf(listing.profile, q.needs ?? {});
    if (!eligibility.eligible) {
      excluded.needs++;
      continue;
    }
    const freshness = freshnessOf(listing.availability, q.asOf, q.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS);
    const input: RankInput = {
      listing,
      eligibility,
      distance,
      placesGiven,
      freshness,
      asOf: q.asOf,
      ...(q.searchingLaCode ? { laCode: q.searchingLaCode } : {}),
    };
    kept.push({
      r: {
        listing,
        score: scoreHome(input, weights),
        reasons: [],
        eligibility,
        distances: distance?.distances ?? [],
        travel: [],
        freshness,
      },
      input,
      key: distance?.key ?? Number.POSITIVE_INFINITY,
    });
  }

  kept.sort(
    (a, b) =>
      b.r.score - a.r.score ||
      a.key - b.key ||
      a.r.listing.profile.name.localeCompare(b.r.listing.profile.name, 'en-GB') ||
      (a.r.listing.profile.id < b.r.listing.profile.id
        ? -1
        : a.r.listing.profile.id > b.r.listing.profile.id
          ? 1
          : 0),
  );
  // Only the homes returned are explained (their reasons' points add up to the same score).
  const results = kept.slice(0, q.limit ?? kept.length).map((k) => {
    k.r.reasons = rankHome(k.input, weights).reasons;
    return k.r;
  });
  if (deps.travelTime && placesGiven) {
    for (const r of results) {
      const at = r.listing.profile.location;
      if (!at) continue;
      r.travel = places.flatMap((p) => {
        const time = deps.travelTime?.estimate(p.point, at);
        return time ? [{ kind: p.kind, label: p.label, time }] : [];
      });
    }
  }
  return { results, matched: kept.length, excluded };
}
