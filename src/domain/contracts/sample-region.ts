/**
 * A deterministic, seeded sample region: LAs, block contracts with homes and beds, and years of
 * ledger history (placements, holds, voids, both kinds of unavailability, a few closures). Used by
 * the charges benchmark and property tests, and meant for the database benchmark too: the same
 * seed always gives the same region, and every contract and ledger it makes passes validation.
 */
import type { Decommissioning, Ledger, Placement, Unavailability } from '../occupancy/ledger.ts';
import { NEED_SEGMENTS, type NeedSegment } from '../shared/codes.ts';
import {
  addMonths,
  addYears,
  type DayRange,
  fromEpochDay,
  type LocalDate,
  toEpochDay,
} from '../shared/dates.ts';
import { apportion, PPM } from '../shared/money.ts';
import { exponential, gamma, type Rng, randomInt, seededRng } from '../shared/rng.ts';
import type { Contract, ContractHome } from './contract.ts';
import type { SpotRate } from './spot-rates.ts';
import { currentEnd } from './term.ts';

export interface RegionOptions {
  seed: number;
  las: number;
  beds: number;
  years: number;
  start: LocalDate;
  /** Beds per contract (the last contract takes the remainder). */
  bedsPerContract: number;
}

export interface RegionContract {
  contract: Contract;
  ledger: Ledger;
}

export interface SampleRegion {
  las: Array<{ id: string; name: string }>;
  contracts: RegionContract[];
  spotRates: SpotRate[];
  /** The whole period covered: from the start to the end of the longest term. */
  range: DayRange;
}

const SEGMENTS = Object.keys(NEED_SEGMENTS) as NeedSegment[];
const SPOT_BASE: Record<NeedSegment, number> = {
  'ebd-standard': 520_000,
  'ebd-complex': 640_000,
  disability: 600_000,
  'mental-health': 720_000,
  'solo-complex': 950_000,
};

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[randomInt(rng, xs.length)]!;

function pickWeighted<T>(rng: Rng, xs: readonly T[], weights: readonly number[]): T {
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < xs.length; i++) {
    r -= weights[i]!;
    if (r < 0) return xs[i]!;
  }
  return xs[xs.length - 1]!;
}

function makeContract(rng: Rng, n: number, beds: number, las: string[], o: RegionOptions): Contract {
  const hard = n % 5 === 4;
  // Every fourth LA is in each soft block (so every LA is in some contract), others at random.
  const members = hard ? [pick(rng, las)] : las.filter((_, i) => i % 4 === n % 4 || rng.next() < 0.3);
  const ppm = apportion(
    PPM,
    members.map(() => 1 + randomInt(rng, 9)),
  );
  const homes: ContractHome[] = [];
  for (let made = 0, h = 0; made < beds; h++) {
    const size = Math.min(beds - made, 2 + randomInt(rng, 4));
    const late = h % 4 === 3 ? addMonths(o.start, 1 + randomInt(rng, 18)) : undefined;
    homes.push({
      id: `c${n}-h${h}`,
      name: `Home ${n}.${h}`,
      lot: late ? 'new' : 'existing',
      beds: Array.from({ length: size }, (_, b) => ({
        id: `c${n}-h${h}-b${b}`,
        ...(late ? { from: late } : {}),
      })),
      ...(rng.next() < 0.3 ? { weeklyPrice: 380_000 + randomInt(rng, 150_000) } : {}),
    });
    made += size;
  }
  const released = !hard && n % 3 === 2;
  return {
    id: `contract-${n}`,
    name: `Sample block ${n}`,
    kind: hard ? 'hard-block' : 'soft-block',
    provider: { id: `provider-${n % 6}`, name: `Provider ${n % 6}` },
    term: {
      start: o.start,
      initialMonths: Math.min(36, o.years * 12),
      extensions: Array.from({ length: Math.max(0, o.years - 3) }, () => ({ months: 12, exercised: true })),
      extensionNoticeMonths: 6,
    },
    breakClause: { noticeMonths: 6 },
    shares: members.map((la, i) => ({ la, name: la.replace('la-', 'Authority '), ppm: ppm[i]! })),
    lots: [
      { id: 'existing', name: 'Existing homes', weeklyPrice: 400_000 + randomInt(rng, 100_000) },
      { id: 'new', name: 'New homes', weeklyPrice: 450_000 + randomInt(rng, 100_000) },
    ],
    homes,
    maxBedsPerSetting: 5,
    uplift:
      n % 2 === 0
        ? { kind: 'fixed', ratePpm: 20_000 + randomInt(rng, 20_001) }
        : {
            kind: 'index',
            index: 'CPI',
            series: Array.from({ length: o.years }, (_, y) => ({
              from: addYears(o.start, y),
              ratePpm: randomInt(rng, 90_000),
            })),
            capPpm: 50_000,
            floorPpm: 10_000,
          },
    vacancy: {
      holdDays: hard ? 0 : pick(rng, [14, 28, 42]),
      holdPayer: n % 2 === 0 ? 'leaving-la' : 'shared',
      afterHold: released ? 'released' : 'void-shared',
      retainerPpm: released ? 250_000 : 0,
    },
  };
}

function makeLedger(rng: Rng, c: Contract): Ledger {
  const placements: Placement[] = [];
  const unavailability: Unavailability[] = [];
  const decommissions: Decommissioning[] = [];
  const end = toEpochDay(currentEnd(c.term));
  const weights = c.shares.map((s) => s.ppm + 1);
  for (const home of c.homes) {
    for (const bed of home.beds) {
      const from = toEpochDay(bed.from ?? c.term.start);
      let stop = end;
      const closeOn = end - 30 - randomInt(rng, 500);
      if (rng.next() < 0.03 && closeOn > from) {
        stop = closeOn;
        decommissions.push({ bed: bed.id, from: fromEpochDay(stop), reason: 'Home closed' });
      }
      let t = from + Math.floor(exponential(rng, 1 / 20));
      while (t < stop) {
        if (rng.next() < 0.12) {
          const len = 5 + randomInt(rng, 40);
          const kind = rng.next() < 0.6 ? 'provider' : 'agreed';
          const to = t + len < stop ? fromEpochDay(t + len) : undefined;
          const id = `${bed.id}-u${unavailability.length}`;
          unavailability.push({
            id,
            bed: bed.id,
            from: fromEpochDay(t),
            ...(to ? { to } : {}),
            kind,
            reason: kind === 'provider' ? 'Staffing' : 'Resident mix',
          });
          t += len + Math.floor(exponential(rng, 1 / 10));
          continue;
        }
        const len = 3 + Math.floor(gamma(rng, 1.3, 220));
        const la = pickWeighted(rng, c.shares, weights).la;
        const closes = t + len >= stop;
        const endDay = closes ? (stop < end ? stop : undefined) : t + len;
        const p: Placement = {
          id: `${bed.id}-p${placements.length}`,
          bed: bed.id,
          la,
          start: fromEpochDay(t),
          needSegment: pick(rng, SEGMENTS),
        };
        if (endDay !== undefined) {
          p.end = fromEpochDay(endDay);
          p.ending = rng.next() < 0.3 ? 'unplanned' : 'planned';
        }
        if (rng.next() < 0.85) p.distanceMiles = 1 + randomInt(rng, 60);
        if (rng.next() < 0.25) {
          const type = pick(rng, ['education', 'therapy', 'transport', 'health'] as const);
          p.extras = [{ type, weekly: 5_000 + randomInt(rng, 60_000) }];
        }
        placements.push(p);
        t += len + Math.floor(exponential(rng, 1 / 25));
      }
    }
  }
  return { placements, unavailability, decommissions };
}

/** A region of `las` LAs and `beds` block beds with `years` of history (defaults: 20, 300, 5). */
export function generateRegion(options: Partial<RegionOptions> = {}): SampleRegion {
  const o: RegionOptions = {
    seed: 1,
    las: 20,
    beds: 300,
    years: 5,
    start: '2021-04-01',
    bedsPerContract: 30,
    ...options,
  };
  const rng = seededRng(o.seed);
  const las = Array.from({ length: o.las }, (_, i) => ({
    id: `la-${String(i + 1).padStart(2, '0')}`,
    name: `Authority ${i + 1}`,
  }));
  const contracts: RegionContract[] = [];
  for (let n = 0, made = 0; made < o.beds; n++) {
    const beds = Math.min(o.bedsPerContract, o.beds - made);
    const contract = makeContract(
      rng,
      n,
      beds,
      las.map((l) => l.id),
      o,
    );
    contracts.push({ contract, ledger: makeLedger(rng, contract) });
    made += beds;
  }
  const spotRates: SpotRate[] = SEGMENTS.flatMap((segment) =>
    Array.from({ length: o.years + 1 }, (_, y) => ({
      segment,
      from: addYears(o.start, y),
      weekly: Math.round(SPOT_BASE[segment] * 1.05 ** y),
    })),
  );
  const to = contracts.reduce(
    (m, c) => (currentEnd(c.contract.term) > m ? currentEnd(c.contract.term) : m),
    o.start,
  );
  return { las, contracts, spotRates, range: { from: o.start, to } };
}
