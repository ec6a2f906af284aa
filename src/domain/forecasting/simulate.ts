/**
 * Monte Carlo projection of children in care, child by child, in continuous time. Each run draws
 * its parameters (run-parameters.ts), then walks every child in care at the origin and every
 * simulated entrant through leaving care, moves between categories, the birthdays that change
 * their hazards and age band, and leaving at 18. A walk writes only where a stay starts and ends
 * (difference arrays), and one pass per run turns those into daily occupancy: month-end counts by
 * category and age band, and person-days per month for spend. Runs use their own seeded streams for
 * parameters, children in care and entrants, so scenarios run with one seed are paired run by run.
 */
import { negativeBinomial } from '../shared/rng.ts';
import { AGE_BAND_COUNT, DURATION_BOUNDS } from './age-bands.ts';
import { birthday, monthEndsAfter } from './calendar.ts';
import { FastRng } from './fast-rng.ts';
import { A, D, K } from './hazard-counts.ts';
import type { DemandModel } from './model.ts';
import {
  allocateRunParameters,
  type DrawContext,
  drawRunParameters,
  type EngineAdjustments,
  sampleAlias,
} from './run-parameters.ts';
import type { SimulationRuns } from './runs.ts';

export type { EngineAdjustments } from './run-parameters.ts';
export { concatRuns, type SimulationRuns } from './runs.ts';

export interface SimulationOptions {
  horizonMonths: number;
  simulations: number;
  seed: number;
  /** Draw parameters from their posteriors in each run (default true). */
  parameterUncertainty?: boolean;
  adjust?: EngineAdjustments;
  /**
   * Number of the first run (default 0). Each run's random streams come from the seed and its
   * number, so runs 0-499 and 500-999 done apart (on two threads) equal runs 0-999 done at once.
   */
  runOffset?: number;
  onProgress?: (fraction: number, message: string) => void;
}

/** Birthdays where hazards or age bands change; the last (18) ends care. */
const BOUNDARY_AGES = [1, 5, 10, 13, 16, 17, 18];
/** Output age band while in hazard age group g (groups end at BOUNDARY_AGES[g]). */
const BAND_OF_GROUP = [0, 1, 2, 3, 3, 4, 4];
const NB = BOUNDARY_AGES.length;
/** The same ages in days, to within a day, for simulated entrants (whose birth dates are made up). */
const BOUNDARY_DAYS = BOUNDARY_AGES.map((a) => Math.round(365.2425 * a));
const NEVER = 2_147_483_647;

function streamSeed(seed: number, run: number, stream: number): number {
  let h = (seed ^ Math.imul(run + 1, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 12)) >>> 0;
}

export function simulate(model: DemandModel, o: SimulationOptions): SimulationRuns {
  const H = o.horizonMonths;
  const S = o.simulations;
  const offset = o.runOffset ?? 0;
  const monthEnds = monthEndsAfter(model.origin, H);
  const first = model.origin + 1;
  const horizonEnd = monthEnds[H - 1]! + 1;
  const span = horizonEnd - first;
  const monthOf = new Int16Array(span);
  for (let h = 0, t = first; t < horizonEnd; t++) {
    while (t > monthEnds[h]!) h++;
    monthOf[t - first] = h;
  }
  const out: SimulationRuns = {
    origin: model.origin,
    monthEnds,
    runs: S,
    stock: new Float64Array(S * H * K),
    stockByAge: new Float64Array(S * H * AGE_BAND_COUNT),
    days: new Float64Array(S * H * K * 2),
    starts: new Int32Array(S * H * K),
    entries: new Int32Array(S * H),
    leavers: new Int32Array(S * H),
  };
  const ctx: DrawContext = {
    model,
    adjust: o.adjust ?? {},
    draw: o.parameterUncertainty ?? true,
    monthEnds,
    first,
  };
  const p = allocateRunParameters(model, H);
  const divertTo = new Int8Array(K).fill(-1);
  const divertShare = new Float64Array(K);
  for (const d of ctx.adjust.divert ?? []) {
    divertTo[d.from] = d.to;
    divertShare[d.from] = d.share;
  }
  // Birthdays of the children in care at the origin, exact, computed once for all runs.
  const pop = model.population;
  const P = pop.birth.length;
  const popBirthdays = new Int32Array(P * NB);
  for (let i = 0; i < P; i++)
    for (let n = 0; n < NB; n++) popBirthdays[i * NB + n] = birthday(pop.birth[i]!, BOUNDARY_AGES[n]!);
  const bd = new Int32Array(NB); // an entrant's birthdays
  // Stays are written where they start and end, by month: the count change, and the days left in
  // that month after the change. Month-end counts and person-days follow in one pass per run.
  const occDiff = new Int32Array(H * K * 2);
  const dayAdj = new Float64Array(H * K * 2);
  const bandDiff = new Int32Array(H * AGE_BAND_COUNT);
  /** Days from each horizon day to the end of its month, inclusive. */
  const daysLeft = new Int32Array(span);
  for (let x = 0; x < span; x++) daysLeft[x] = monthEnds[monthOf[x]!]! + 1 - (first + x);
  const monthLength = monthEnds.map((e, h) => e + 1 - (h === 0 ? first : monthEnds[h - 1]! + 1));
  let base = 0;

  const { exitRate, moveTotal, moveCum } = p;
  const { starts, leavers } = out;

  const K2 = K * 2;

  /**
   * Walks one child, in category k from day t (>= first), until care ends or the horizon. Birthdays
   * are read from `bdArr` at `bo` (seven boundary ages). One unit-exponential "clock" E is drawn per
   * event and spent across the constant-hazard stretches between birthdays and time-in-care
   * boundaries (inverse cumulative hazard), so a boundary costs no random number.
   */
  const walk = (
    bdArr: Int32Array,
    bo: number,
    periodStart: number,
    k: number,
    t: number,
    seg: number,
    rng: FastRng,
  ) => {
    if (t >= bdArr[bo + NB - 1]!) return;
    let g = 0;
    while (t >= bdArr[bo + g]!) g++;
    let band = BAND_OF_GROUP[g]!;
    let d = 0;
    while (d < DURATION_BOUNDS.length && t - periodStart >= DURATION_BOUNDS[d]!) d++;
    let nextDur = d < DURATION_BOUNDS.length ? periodStart + DURATION_BOUNDS[d]! : NEVER;
    let nextAge = bdArr[bo + g]!;
    const off0 = t - first;
    const m0 = monthOf[off0]!;
    occDiff[m0 * K2 + k * 2 + seg]!++;
    dayAdj[m0 * K2 + k * 2 + seg]! += daysLeft[off0]!;
    bandDiff[m0 * AGE_BAND_COUNT + band]!++;
    let clock = -Math.log(1 - rng.next());
    let x = t; // continuous time within the current stretch
    for (;;) {
      const segEnd =
        nextAge < nextDur
          ? nextAge < horizonEnd
            ? nextAge
            : horizonEnd
          : nextDur < horizonEnd
            ? nextDur
            : horizonEnd;
      const cell = (k * A + g) * D + d;
      const ex = exitRate[cell]!;
      const lam = ex + moveTotal[cell]!;
      const need = lam * (segEnd - x);
      if (clock < need) {
        // An event in this stretch.
        const when = x + clock / lam;
        let day = Math.ceil(when);
        if (day <= t) day = t + 1;
        if (day >= horizonEnd) return;
        const off = day - first;
        const mo = monthOf[off]!;
        const left = daysLeft[off]!;
        occDiff[mo * K2 + k * 2 + seg]!--;
        dayAdj[mo * K2 + k * 2 + seg]! -= left;
        const u = rng.next() * lam;
        if (u < ex) {
          bandDiff[mo * AGE_BAND_COUNT + band]!--;
          leavers[base + mo]!++;
          return;
        }
        const v = (u - ex) / (lam - ex);
        const row = cell * K;
        let j = 0;
        while (j < K - 1 && v >= moveCum[row + j]!) j++;
        k = divertTo[j]! >= 0 && rng.next() < divertShare[j]! ? divertTo[j]! : j;
        seg = 1;
        occDiff[mo * K2 + k * 2 + 1]!++;
        dayAdj[mo * K2 + k * 2 + 1]! += left;
        starts[(base + mo) * K + k]!++;
        t = day;
        x = day;
        clock = -Math.log(1 - rng.next());
        while (t >= nextDur) {
          d++;
          nextDur = d < DURATION_BOUNDS.length ? periodStart + DURATION_BOUNDS[d]! : NEVER;
        }
        while (t >= nextAge) {
          g++;
          if (g >= NB) {
            occDiff[mo * K2 + k * 2 + 1]!--;
            dayAdj[mo * K2 + k * 2 + 1]! -= left;
            bandDiff[mo * AGE_BAND_COUNT + band]!--;
            leavers[base + mo]!++;
            return;
          }
          nextAge = bdArr[bo + g]!;
          if (BAND_OF_GROUP[g] !== band) {
            bandDiff[mo * AGE_BAND_COUNT + band]!--;
            band = BAND_OF_GROUP[g]!;
            bandDiff[mo * AGE_BAND_COUNT + band]!++;
          }
        }
        continue;
      }
      clock -= need;
      x = segEnd;
      t = segEnd;
      if (t >= horizonEnd) return;
      if (t === nextAge) {
        const off = t - first;
        const mo = monthOf[off]!;
        g++;
        if (g >= NB) {
          occDiff[mo * K2 + k * 2 + seg]!--; // 18th birthday: care ends
          dayAdj[mo * K2 + k * 2 + seg]! -= daysLeft[off]!;
          bandDiff[mo * AGE_BAND_COUNT + band]!--;
          leavers[base + mo]!++;
          return;
        }
        nextAge = bdArr[bo + g]!;
        if (BAND_OF_GROUP[g] !== band) {
          bandDiff[mo * AGE_BAND_COUNT + band]!--;
          band = BAND_OF_GROUP[g]!;
          bandDiff[mo * AGE_BAND_COUNT + band]!++;
        }
      }
      if (t === nextDur) {
        d++;
        nextDur = d < DURATION_BOUNDS.length ? periodStart + DURATION_BOUNDS[d]! : NEVER;
      }
    }
  };

  /**
   * Month-end counts and person-days from this run's changes: the count at a month's end is the sum
   * of changes so far; its person-days are the count at the previous month's end times the month's
   * length, plus the days-left adjustments of the changes within it.
   */
  const tally = () => {
    const occ = new Int32Array(K2);
    const bands = new Int32Array(AGE_BAND_COUNT);
    for (let h = 0; h < H; h++) {
      const row = (base + h) * K2;
      for (let i = 0; i < K2; i++) {
        out.days[row + i] = occ[i]! * monthLength[h]! + dayAdj[h * K2 + i]!;
        occ[i]! += occDiff[h * K2 + i]!;
      }
      for (let k = 0; k < K; k++) out.stock[(base + h) * K + k] = occ[2 * k]! + occ[2 * k + 1]!;
      for (let b = 0; b < AGE_BAND_COUNT; b++) {
        bands[b]! += bandDiff[h * AGE_BAND_COUNT + b]!;
        out.stockByAge[(base + h) * AGE_BAND_COUNT + b] = bands[b]!;
      }
    }
    occDiff.fill(0);
    dayAdj.fill(0);
    bandDiff.fill(0);
  };

  const poolCategory = Int32Array.from(model.entrants.category);
  const poolAge = Int32Array.from(model.entrants.ageDays);
  const { aliasProb, alias } = p;
  const dispersion = model.entries.dispersion;
  for (let s = 0; s < S; s++) {
    base = s * H;
    drawRunParameters(ctx, new FastRng(streamSeed(o.seed, offset + s, 0)), p);
    const rc = new FastRng(streamSeed(o.seed, offset + s, 1));
    for (let i = 0; i < P; i++)
      walk(popBirthdays, i * NB, pop.periodStart[i]!, pop.category[i]!, first, 0, rc);
    const re = new FastRng(streamSeed(o.seed, offset + s, 2));
    const poolTotal = p.poolTotal;
    const rp = new FastRng(streamSeed(o.seed, offset + s, 3));
    for (let h = 0; h < H; h++) {
      const mStart = h === 0 ? first : monthEnds[h - 1]! + 1;
      const len = monthEnds[h]! + 1 - mStart;
      const n = poolTotal > 0 ? negativeBinomial(re, p.entryMean[h]!, dispersion) : 0;
      out.entries[base + h] = n;
      for (let e = 0; e < n; e++) {
        const day = mStart + Math.floor(re.next() * len);
        const lo = sampleAlias(re.next(), aliasProb, alias);
        const c = poolCategory[lo]!;
        const k = divertTo[c]! >= 0 && re.next() < divertShare[c]! ? divertTo[c]! : c;
        starts[(base + h) * K + k]!++;
        // A simulated child's birthdays to within a day (their birth date is made up anyway).
        const birth = day - poolAge[lo]!;
        for (let b = 0; b < NB; b++) bd[b] = birth + BOUNDARY_DAYS[b]!;
        walk(bd, 0, day, k, day, 1, rp);
      }
    }
    tally();
    if (o.onProgress && (s + 1) % Math.max(1, Math.floor(S / 20)) === 0) {
      o.onProgress((s + 1) / S, `simulation ${s + 1} of ${S}`);
    }
  }
  return out;
}
