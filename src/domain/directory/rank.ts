import { NEED_LABELS, OFSTED_RATINGS, type OfstedRating } from '../shared/codes.ts';
import { formatLongDate, type LocalDate } from '../shared/dates.ts';
import type { Eligibility } from './eligibility.ts';
import { LOCAL_MILES } from './geo.ts';
import { availabilityAgeDays, type DirectoryHome, type Freshness, MEMBERSHIP_KINDS } from './listing.ts';
import { type DistanceOutcome, formatMiles } from './places.ts';
import { PRICE_BANDS } from './price-band.ts';

/**
 * Ranking: every result gets up to 100 points from six factors, and each factor's points come
 * with a sentence saying why, so a placement officer can see (and challenge) the order. The
 * weights are a starting point agreed to be reviewed with users; docs/directory.md explains them.
 */

export const RANK_FACTORS = {
  needs: 'Fits needs',
  distance: 'Distance',
  availability: 'Availability',
  rating: 'Ofsted rating',
  price: 'Price band',
  membership: 'Block or framework',
} as const;
export type RankFactor = keyof typeof RANK_FACTORS;
export type RankWeights = Record<RankFactor, number>;

export const DEFAULT_WEIGHTS: RankWeights = {
  needs: 30,
  distance: 25,
  availability: 20,
  rating: 15,
  price: 5,
  membership: 5,
};

export interface Reason {
  factor: RankFactor;
  /** Points this factor gave (0 … weight). */
  points: number;
  weight: number;
  message: string;
}

export interface RankInput {
  listing: DirectoryHome;
  eligibility: Eligibility;
  /** Null when the search named no places, or the home has no known location. */
  distance: DistanceOutcome | null;
  placesGiven: boolean;
  freshness: Freshness;
  asOf: LocalDate;
  /** The searching LA: a block it is party to counts more than one it is not. */
  laCode?: string;
}

const RATING_SCORE: Record<OfstedRating, number> = {
  outstanding: 1,
  good: 0.75,
  'requires-improvement': 0.35,
  inadequate: 0,
  'not-yet-inspected': 0.4,
};
const PRICE_SCORE = { a: 1, b: 0.7, c: 0.4, d: 0.1 } as const;
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function needsFactor(e: Eligibility, asked: number): [number, string] {
  const passed = e.checks.filter((c) => c.passed);
  // Lead with the registration fit: it is the check Ofsted's rules turn on.
  const fit = [
    ...passed.filter((c) => c.code === 'registration'),
    ...passed.filter((c) => c.code !== 'registration'),
  ].map((c) => c.message);
  if (asked === 0) return [1, fit.join('; ') || 'No needs given'];
  const share = e.supported.length / asked;
  const detail =
    e.supported.length > 0
      ? `supports ${e.supported.length} of ${asked} further needs (${e.supported.map((n) => lower(NEED_LABELS[n])).join(', ')})`
      : `does not say it supports the ${asked} further need${asked === 1 ? '' : 's'}`;
  return [0.5 + 0.5 * share, [...fit.slice(0, 1), detail].join('; ')];
}

function distanceFactor(d: DistanceOutcome | null, placesGiven: boolean): [number, string] {
  if (!placesGiven) return [0, 'No places given'];
  if (!d) return [0, 'Location known only to its local authority'];
  const n = d.distances.length;
  const typical = n === 0 ? 0 : d.rankBy === 'total' ? d.total / n : d.maximum;
  const parts = d.distances.map((x) => `${x.label} ${formatMiles(x.miles)}`);
  const summary = n > 1 ? ` (${d.rankBy === 'total' ? 'total' : 'furthest'} ${formatMiles(d.key)})` : '';
  // Half the points at the DfE's "local" distance, falling smoothly beyond it.
  return [1 / (1 + typical / LOCAL_MILES), `${parts.join(', ')}${summary}`];
}

function availabilityFactor(input: RankInput): [number, string] {
  const { vacancies } = input.listing.availability;
  const age = availabilityAgeDays(input.listing.availability, input.asOf);
  const when =
    age === null
      ? 'never confirmed'
      : age === 0
        ? 'confirmed today'
        : `confirmed ${age} day${age === 1 ? '' : 's'} ago`;
  const count = vacancies === 0 ? 'No vacancy' : `${vacancies} vacanc${vacancies === 1 ? 'y' : 'ies'}`;
  const base = vacancies > 0 ? 1 : 0;
  const factor = input.freshness === 'fresh' ? 1 : input.freshness === 'stale' ? 0.5 : 0.25;
  const score = vacancies > 0 ? base * factor : input.freshness === 'fresh' ? 0 : 0.1;
  const warn = input.freshness === 'fresh' ? '' : ': may be out of date';
  return [score, `${count}, ${when}${warn}`];
}

function ratingFactor(listing: DirectoryHome): [number, string] {
  const { ofstedRating, ofstedRatedOn } = listing.profile;
  if (!ofstedRating) return [0.4, 'No Ofsted rating recorded'];
  const on = ofstedRatedOn ? ` (${formatLongDate(ofstedRatedOn)})` : '';
  return [RATING_SCORE[ofstedRating], `${OFSTED_RATINGS[ofstedRating]}${on}`];
}

function priceFactor(listing: DirectoryHome): [number, string] {
  if (!listing.priceBand) return [0.4, 'No price offered'];
  return [PRICE_SCORE[listing.priceBand], PRICE_BANDS[listing.priceBand].label];
}

function membershipFactor(listing: DirectoryHome, laCode?: string): [number, string] {
  const applies = (laCodes: readonly string[]) => laCodes.length === 0 || !laCode || laCodes.includes(laCode);
  const blocks = listing.memberships.filter((m) => m.kind === 'block' && applies(m.laCodes));
  if (blocks.length > 0) return [1, `${MEMBERSHIP_KINDS.block}: ${blocks.map((m) => m.name).join(', ')}`];
  const others = listing.memberships.filter((m) => m.kind !== 'block' && applies(m.laCodes));
  if (others.length > 0) return [0.6, others.map((m) => `${MEMBERSHIP_KINDS[m.kind]}: ${m.name}`).join(', ')];
  return [0, `Not in a block, framework or DPS${laCode ? ' open to this LA' : ''}`];
}

/** Each factor's share (0 … 1) without its sentence: what ordering needs. */
function factorShares(input: RankInput): Record<RankFactor, number> {
  const e = input.eligibility;
  const asked = e.supported.length + e.unmentioned.length;
  const d = input.distance;
  let distance = 0;
  if (input.placesGiven && d) {
    const n = d.distances.length;
    const typical = n === 0 ? 0 : d.rankBy === 'total' ? d.total / n : d.maximum;
    distance = 1 / (1 + typical / LOCAL_MILES);
  }
  const { vacancies } = input.listing.availability;
  const fresh = input.freshness === 'fresh' ? 1 : input.freshness === 'stale' ? 0.5 : 0.25;
  const { ofstedRating } = input.listing.profile;
  const band = input.listing.priceBand;
  const laCode = input.laCode;
  let membership = 0;
  for (const m of input.listing.memberships) {
    if (m.laCodes.length > 0 && laCode && !m.laCodes.includes(laCode)) continue;
    if (m.kind === 'block') {
      membership = 1;
      break;
    }
    membership = 0.6;
  }
  return {
    needs: asked === 0 ? 1 : 0.5 + (0.5 * e.supported.length) / asked,
    distance,
    availability: vacancies > 0 ? fresh : input.freshness === 'fresh' ? 0 : 0.1,
    rating: ofstedRating ? RATING_SCORE[ofstedRating] : 0.4,
    price: band ? PRICE_SCORE[band] : 0.4,
    membership,
  };
}

const FACTORS = Object.keys(RANK_FACTORS) as RankFactor[];
const counted = (f: RankFactor, input: RankInput, weights: RankWeights) =>
  weights[f] > 0 && (f !== 'distance' || input.placesGiven);

/**
 * The score `rankHome` gives, without building its sentences: a search orders every home it keeps
 * by this and explains only the ones it returns.
 */
export function scoreHome(input: RankInput, weights: RankWeights = DEFAULT_WEIGHTS): number {
  const shares = factorShares(input);
  let sum = 0;
  for (const f of FACTORS)
    if (counted(f, input, weights)) sum += Math.round(shares[f] * weights[f] * 10) / 10;
  return Math.round(sum * 10) / 10;
}

/** Points and reasons for one eligible home; the score is the sum of the reasons' points. */
export function rankHome(
  input: RankInput,
  weights: RankWeights = DEFAULT_WEIGHTS,
): { score: number; reasons: Reason[] } {
  const asked = input.eligibility.supported.length + input.eligibility.unmentioned.length;
  const factors: Record<RankFactor, [number, string]> = {
    needs: needsFactor(input.eligibility, asked),
    distance: distanceFactor(input.distance, input.placesGiven),
    availability: availabilityFactor(input),
    rating: ratingFactor(input.listing),
    price: priceFactor(input.listing),
    membership: membershipFactor(input.listing, input.laCode),
  };
  const reasons = (Object.keys(RANK_FACTORS) as RankFactor[])
    .filter((f) => weights[f] > 0 && (f !== 'distance' || input.placesGiven))
    .map((f) => {
      const [share, message] = factors[f];
      return { factor: f, weight: weights[f], points: Math.round(share * weights[f] * 10) / 10, message };
    });
  const score = Math.round(reasons.reduce((s, r) => s + r.points, 0) * 10) / 10;
  return { score, reasons };
}
