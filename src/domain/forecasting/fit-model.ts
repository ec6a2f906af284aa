/**
 * Fits the demand model: leaving-care and move rates as events over exposure, shrunk towards
 * smoother rates; entries as a monthly series; the mix of recent entrants; and the children in care
 * at the origin. With several LAs, each LA's rates shrink towards the region's pooled rates (scaled
 * by the LA's overall level), so a small LA's rare transitions borrow strength from its neighbours.
 */
import { addMonths, fromEpochDay, type LocalDate, toEpochDay } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { DURATION_BOUNDS } from './age-bands.ts';
import { buildSpells, childrenByLa, type Spells } from './care-history.ts';
import { type CategoryRule, compileCategoryMap, DEFAULT_CATEGORY_RULES } from './categories.ts';
import type { Ssda903Dataset } from './dataset.ts';
import { fitEntries, monthlyEntries } from './entry-series.ts';
import { countHazards, emptyCounts, groupBirthdays, type HazardCounts } from './hazard-counts.ts';
import type { DemandModel, EntrantPool, Population, RateTable } from './model.ts';
import { moveExposure, scaled, smoothPriors, table } from './priors.ts';
import { priorStrength, shrinkRates } from './shrinkage.ts';
import { type ObservedExpected, yearBlocks, yearEffectSd } from './year-effects.ts';

export interface FitOptions {
  /** Last day of data to use (default: the end of the latest return). */
  cutoff?: LocalDate;
  categoryRules?: readonly CategoryRule[];
  /** Months of history behind the rates (default 60: all of a usual five- or six-year extract). */
  windowMonths?: number;
  /** Recency half-life of the rate data in months (default 24; 0 = all months weigh the same). */
  halfLifeMonths?: number;
  /** Months of entries the series is fitted to (default 60). */
  entryMonths?: number;
  /** Months of entrants whose ages and first placements make up the entrant mix (default 24). */
  entrantMonths?: number;
  /** Trend damping per month ahead (default 0.97). */
  damping?: number;
  onProgress?: (fraction: number, message: string) => void;
}

/** Defaults, chosen before looking at backtest scores (docs/forecasting.md, "How the settings were chosen"). */
export const DEFAULT_FIT = {
  windowMonths: 60,
  halfLifeMonths: 24,
  entryMonths: 60,
  entrantMonths: 24,
} as const;

function entrantPool(
  spells: Spells,
  birth: Int32Array,
  from: number,
  to: number,
  halfLife: number,
): EntrantPool {
  const pool: EntrantPool = { ageDays: [], category: [], weight: [] };
  for (let s = 0; s < spells.count; s++) {
    const st = spells.start[s]!;
    if (st !== spells.periodStart[s]! || st < from || st > to) continue;
    pool.ageDays.push(st - birth[spells.child[s]!]!);
    pool.category.push(spells.category[s]!);
    pool.weight.push(halfLife > 0 ? 2 ** (-(to - st) / halfLife) : 1);
  }
  return pool;
}

function population(spells: Spells, birth: Int32Array, origin: number): Population {
  const p: Population = { birth: [], periodStart: [], category: [], since: [] };
  for (let s = 0; s < spells.count; s++) {
    if (spells.start[s]! > origin || spells.end[s]! <= origin) continue;
    p.birth.push(birth[spells.child[s]!]!);
    // An unseen period start is long ago: put the child in the top time-in-care band.
    const ps = spells.periodStart[s]!;
    p.periodStart.push(spells.periodKnown[s] ? ps : Math.min(ps, origin - DURATION_BOUNDS.at(-1)!));
    p.category.push(spells.category[s]!);
    p.since.push(spells.start[s]!);
  }
  return p;
}

interface Prepared {
  la: string;
  spells: Spells;
  counts: HazardCounts;
}

function settings(d: Ssda903Dataset, o: FitOptions) {
  const origin = o.cutoff ? toEpochDay(o.cutoff) : d.dataEnd;
  if (origin < d.dataStart || origin > d.dataEnd) {
    throw new DomainError('validation', `the cut-off ${fromEpochDay(origin)} is outside the data`, [
      {
        field: 'cutoff',
        message: `must fall between ${fromEpochDay(d.dataStart)} and ${fromEpochDay(d.dataEnd)}`,
      },
    ]);
  }
  const windowFrom = Math.max(
    d.dataStart,
    toEpochDay(addMonths(fromEpochDay(origin + 1), -(o.windowMonths ?? DEFAULT_FIT.windowMonths))),
  );
  const halfLife = o.halfLifeMonths ?? DEFAULT_FIT.halfLifeMonths;
  const halfLifeDays = halfLife > 0 ? halfLife * 30.44 : undefined;
  const entrantFrom = Math.max(
    d.dataStart,
    toEpochDay(addMonths(fromEpochDay(origin + 1), -(o.entrantMonths ?? DEFAULT_FIT.entrantMonths))),
  );
  return { origin, windowFrom, halfLifeDays, entrantFrom };
}

function finish(
  d: Ssda903Dataset,
  p: Prepared,
  exit: RateTable,
  move: RateTable,
  o: FitOptions,
  yearEffects: DemandModel['yearEffects'],
): DemandModel {
  const s = settings(d, o);
  const series = monthlyEntries(p.spells, d.dataStart, s.origin);
  return {
    la: p.la,
    origin: s.origin,
    windowFrom: s.windowFrom,
    halfLifeDays: s.halfLifeDays,
    exit,
    move,
    yearEffects,
    entries: fitEntries(series, { months: o.entryMonths ?? DEFAULT_FIT.entryMonths, damping: o.damping }),
    entrants: entrantPool(p.spells, d.children.birth, s.entrantFrom, s.origin, s.halfLifeDays ?? 0),
    population: population(p.spells, d.children.birth, s.origin),
  };
}

/**
 * One model per LA in the dataset (one model when it holds one LA), each LA's rates shrunk towards
 * the region's.
 */
export function fitDemandModels(d: Ssda903Dataset, o: FitOptions = {}): DemandModel[] {
  const s = settings(d, o);
  const map = compileCategoryMap(
    o.categoryRules ?? DEFAULT_CATEGORY_RULES,
    d.years[0] ?? 2000,
    d.years.at(-1) ?? 2000,
  );
  const win = { from: s.windowFrom, to: s.origin, halfLifeDays: s.halfLifeDays };
  const birthdays = groupBirthdays(d.children.birth);
  const byLa = childrenByLa(d);
  const prepared: Prepared[] = d.las.map((la, i) => {
    o.onProgress?.((0.5 * i) / d.las.length, `counting events for ${la || 'the LA'}`);
    const spells = buildSpells(d, map, {
      cutoff: s.origin,
      children: d.las.length > 1 ? byLa[i] : undefined,
    });
    return { la, spells, counts: countHazards(spells, d.children.birth, win, undefined, birthdays) };
  });
  const region = emptyCounts();
  for (const p of prepared) {
    for (const key of ['exposure', 'exits', 'moves'] as const) {
      const into = region[key];
      p.counts[key].forEach((v, i) => {
        into[i]! += v;
      });
    }
  }
  const priors = smoothPriors(region);
  let tables: { exit: RateTable; move: RateTable }[];
  if (prepared.length === 1) {
    const p = prepared[0]!;
    tables = [
      {
        exit: table(p.counts.exits, p.counts.exposure, priors.exitPrior),
        move: table(p.counts.moves, priors.mExp, priors.movePrior),
      },
    ];
  } else {
    const regionExit = shrinkRates(region.exits, region.exposure, priors.exitPrior).rate;
    const regionMove = shrinkRates(region.moves, priors.mExp, priors.movePrior).rate;
    const laPriors = prepared.map((p) => {
      const mExp = moveExposure(p.counts);
      return {
        mExp,
        exitPrior: scaled(regionExit, p.counts.exits, p.counts.exposure),
        movePrior: scaled(regionMove, p.counts.moves, mExp),
      };
    });
    // One prior strength for all LAs, from how far LAs' cells stray from the scaled regional rates.
    const exitStrength = priorStrength(
      concat(prepared.map((p) => p.counts.exits)),
      concat(prepared.map((p) => p.counts.exposure)),
      concat(laPriors.map((l) => l.exitPrior)),
    );
    const moveStrength = priorStrength(
      concat(prepared.map((p) => p.counts.moves)),
      concat(laPriors.map((l) => l.mExp)),
      concat(laPriors.map((l) => l.movePrior)),
    );
    tables = prepared.map((p, i) => {
      const l = laPriors[i]!;
      return {
        exit: table(p.counts.exits, p.counts.exposure, l.exitPrior, exitStrength),
        move: table(p.counts.moves, l.mExp, l.movePrior, moveStrength),
      };
    });
  }
  // Year-to-year spread of the rates, pooled over the LAs (a small LA alone has too few years).
  o.onProgress?.(0.6, 'measuring year-to-year variation');
  const blocks: ObservedExpected = { exitO: [], exitE: [], moveO: [], moveE: [] };
  prepared.forEach((p, i) => {
    const b = yearBlocks(
      p.spells,
      d.children.birth,
      tables[i]!.exit.rate,
      tables[i]!.move.rate,
      s.windowFrom,
      s.origin,
      birthdays,
    );
    for (const key of ['exitO', 'exitE', 'moveO', 'moveE'] as const) blocks[key].push(...b[key]);
  });
  const yearEffects = {
    exitSd: yearEffectSd(blocks.exitO, blocks.exitE),
    moveSd: yearEffectSd(blocks.moveO, blocks.moveE),
  };
  return prepared.map((p, i) => {
    o.onProgress?.(0.7 + (0.3 * i) / prepared.length, `fitting ${p.la || 'the LA'}`);
    return finish(d, p, tables[i]!.exit, tables[i]!.move, o, yearEffects);
  });
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}

/** The model of one LA (by name), or of the whole dataset pooled as one population when none is named. */
export function fitDemandModel(d: Ssda903Dataset, o: FitOptions & { la?: string } = {}): DemandModel {
  if (o.la === undefined || d.las.length === 1) {
    if (d.las.length === 1) return fitDemandModels(d, o)[0]!;
    return fitDemandModels(
      { ...d, las: ['all'], children: { ...d.children, la: new Uint16Array(d.children.count) } },
      o,
    )[0]!;
  }
  const i = d.las.indexOf(o.la);
  if (i < 0)
    throw new DomainError('not-found', `no LA called "${o.la}" in the data`, [
      { field: 'la', message: 'not in the data' },
    ]);
  return fitDemandModels(d, o)[i]!;
}
