/**
 * A seeded, made-up region for benchmarks, demos and the database's load tests: LAs, providers,
 * homes with vacancies, placements with prices and the referrals behind them. Prices follow the
 * shapes in the source documents (residential around £5,000-£6,000 a week in 2023, blocks cheaper
 * than spot, urgent placements dearer, a few providers well above the rest), with noise.
 * Not real data; the same seed always gives the same region.
 */
import {
  NEED_SEGMENTS,
  type NeedSegment,
  type PlacementType,
  type ReferralOutcome,
  type Suitability,
  type Urgency,
} from '../shared/codes.ts';
import { addDays, type LocalDate } from '../shared/dates.ts';
import { type Rng, seededRng, standardNormal } from '../shared/rng.ts';
import type { ReferralSummary, SupplySummary } from './gap-types.ts';
import type { PlacementPrice, PriceRoute } from './price-record.ts';

export interface SyntheticRegionOptions {
  seed: number;
  las?: number;
  years?: number;
  placementsPerLaYear?: number;
  providers?: number;
  homes?: number;
  /** The first day after the data (placements start in the `years` before it). */
  endOn?: LocalDate;
}

export interface SyntheticRegion {
  laCodes: string[];
  providers: { id: string; name: string; priceFactor: number }[];
  supply: SupplySummary[];
  placements: PlacementPrice[];
  referrals: ReferralSummary[];
}

const SEGMENTS = Object.keys(NEED_SEGMENTS) as NeedSegment[];
const SEGMENT_WEIGHTS = [40, 25, 12, 13, 10];
/** Weekly residential price in pounds by segment, at the start of the data. */
const RESIDENTIAL_BASE = [4800, 6000, 5500, 6500, 9000];
const TYPE_BASE: Record<PlacementType, number> = {
  residential: 1,
  foster: 0.22,
  'supported-accommodation': 0.4,
};
const ROUTE_FACTOR: Record<PriceRoute, number> = { block: 0.85, framework: 0.95, spot: 1.08 };
const URGENCY_FACTOR: Record<Urgency, number> = { today: 1.1, 'lt-5-days': 1.04, 'gt-5-days': 1 };

function pick<T>(rng: Rng, items: readonly T[], weights?: readonly number[]): T {
  const w = weights ?? items.map(() => 1);
  let r = rng.next() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= w[i]!;
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

export function generateRegion(options: SyntheticRegionOptions): SyntheticRegion {
  const rng = seededRng(options.seed);
  const las = options.las ?? 20;
  const years = options.years ?? 5;
  const perYear = options.placementsPerLaYear ?? 200;
  const endOn = options.endOn ?? '2026-04-01';
  const laCodes = Array.from({ length: las }, (_, i) => String(301 + i));
  const providers = Array.from({ length: options.providers ?? 40 }, (_, i) => ({
    id: `prov-${String(i + 1).padStart(2, '0')}`,
    name: `Provider ${i + 1}`,
    // Two providers price well above the rest; the others spread around the market.
    priceFactor: i < 2 ? 1.3 : 0.9 + rng.next() * 0.25,
  }));
  const supply: SupplySummary[] = Array.from({ length: options.homes ?? 150 }, (_, i) => {
    const area = pick(rng, laCodes);
    const segments = SEGMENTS.filter((_, s) => s === i % SEGMENTS.length || rng.next() < 0.25);
    const places = 2 + Math.floor(rng.next() * 4);
    return {
      homeId: `home-${i + 1}`,
      providerId: pick(rng, providers).id,
      laCode: area,
      area,
      placementType: rng.next() < 0.85 ? 'residential' : 'supported-accommodation',
      segments,
      places,
      vacancies: rng.next() < 0.3 ? 1 + Math.floor(rng.next() * 2) : 0,
    };
  });
  const placements: PlacementPrice[] = [];
  const referrals: ReferralSummary[] = [];
  const days = years * 365;
  const start = addDays(endOn, -days);
  for (const laCode of laCodes) {
    for (let k = 0; k < years * perYear; k++) {
      const dayIndex = Math.floor(rng.next() * days);
      const startOn = addDays(start, dayIndex);
      const s = SEGMENTS.indexOf(pick(rng, SEGMENTS, SEGMENT_WEIGHTS));
      const segment = SEGMENTS[s]!;
      const placementType = pick<PlacementType>(
        rng,
        ['residential', 'foster', 'supported-accommodation'],
        [60, 30, 10],
      );
      const route = pick<PriceRoute>(rng, ['block', 'framework', 'spot'], [15, 35, 50]);
      const urgency = pick<Urgency>(rng, ['today', 'lt-5-days', 'gt-5-days'], [20, 30, 50]);
      const provider = pick(rng, providers);
      const inflation = 1.06 ** (dayIndex / 365);
      const noise = Math.exp(0.12 * standardNormal(rng));
      const pounds =
        RESIDENTIAL_BASE[s]! *
        TYPE_BASE[placementType] *
        ROUTE_FACTOR[route] *
        URGENCY_FACTOR[urgency] *
        provider.priceFactor *
        inflation *
        noise;
      const total = Math.round(pounds * 100);
      const education = placementType === 'residential' && rng.next() < 0.3 ? Math.round(total * 0.12) : 0;
      const therapy = rng.next() < 0.25 ? Math.round(total * 0.06) : 0;
      const transport = rng.next() < 0.2 ? Math.round(total * 0.02) : 0;
      const health = rng.next() < 0.1 ? Math.round(total * 0.05) : 0;
      const core = total - education - therapy - transport - health;
      const id = `${laCode}-${k + 1}`;
      placements.push({
        id,
        laCode,
        providerId: provider.id,
        providerName: provider.name,
        homeId: pick(rng, supply).homeId,
        segment,
        placementType,
        route,
        urgency,
        startOn,
        weekly: { core, education, health, therapy, transport, additional: 0, other: 0 },
      });
      referrals.push(referralFor(rng, id, laCode, laCodes, segment, placementType, route, startOn));
      if (rng.next() < 0.18) referrals.push(unplacedReferral(rng, `${id}-u`, laCode, segment, startOn));
    }
  }
  return { laCodes, providers, supply, placements, referrals };
}

function suitabilityFor(rng: Rng, placed: PlacementType): Record<PlacementType, Suitability> {
  // Some children placed in residential care were ones their social worker wanted fostered.
  const fosterIdeal = placed === 'foster' || (placed === 'residential' && rng.next() < 0.15);
  return {
    foster: fosterIdeal ? 'preferred' : 'suitable-not-preferred',
    residential: fosterIdeal
      ? 'suitable-not-preferred'
      : placed === 'residential'
        ? 'preferred'
        : 'unsuitable',
    'supported-accommodation': placed === 'supported-accommodation' ? 'preferred' : 'unsuitable',
  };
}

function referralFor(
  rng: Rng,
  id: string,
  laCode: string,
  laCodes: readonly string[],
  segment: NeedSegment,
  placed: PlacementType,
  route: PriceRoute,
  startOn: LocalDate,
): ReferralSummary {
  const outOfArea = rng.next() < 0.35;
  const outcome: ReferralOutcome = rng.next() < 0.03 ? 'placed-unregistered' : `placed-${route}`;
  return {
    id: `ref-${id}`,
    laCode,
    area: rng.next() < 0.85 ? laCode : pick(rng, laCodes),
    segment,
    referredOn: addDays(startOn, -Math.floor(rng.next() * 20)),
    suitability: suitabilityFor(rng, placed),
    outcome,
    securedType: placed,
    distanceMiles: Math.round((outOfArea ? 15 + rng.next() * 60 : rng.next() * 18) * 10) / 10,
    placedOutOfArea: outOfArea,
  };
}

function unplacedReferral(
  rng: Rng,
  id: string,
  laCode: string,
  segment: NeedSegment,
  on: LocalDate,
): ReferralSummary {
  return {
    id: `ref-${id}`,
    laCode,
    area: laCode,
    segment,
    referredOn: on,
    suitability: suitabilityFor(rng, 'residential'),
    outcome: pick<ReferralOutcome | null>(rng, ['no-placement', 'withdrawn', null], [60, 30, 10]),
    securedType: null,
    distanceMiles: null,
    placedOutOfArea: null,
  };
}
