import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEpochDay } from '../shared/dates.ts';
import { AGE_BAND_COUNT } from './age-bands.ts';
import { CATEGORY_KEYS } from './categories.ts';
import { A, D, K } from './hazard-counts.ts';
import type { DemandModel, RateTable } from './model.ts';
import { simulate } from './simulate.ts';

function rates(n: number, perYear: (cell: number) => number): RateTable {
  const rate = Array.from({ length: n }, (_, c) => perYear(c) / 365);
  return {
    rate,
    shape: rate.map(() => 50),
    inverseScale: rate.map((r) => 50 / Math.max(r, 1e-9)),
    events: [],
    exposure: [],
    strength: 50,
  };
}

function model(over: Partial<DemandModel> = {}): DemandModel {
  const origin = toEpochDay('2024-03-31');
  return {
    la: 'test',
    origin,
    windowFrom: origin - 1826,
    exit: rates(K * A * D, () => 0.3),
    // Moves only from in-house fostering (0) to residential (3).
    move: rates(K * K * A * D, (c) =>
      Math.floor(c / (K * A * D)) === 0 && Math.floor(c / (A * D)) % K === 3 ? 0.2 : 0,
    ),
    yearEffects: { exitSd: 0, moveSd: 0 },
    entries: {
      months: [],
      counts: [],
      level: Math.log(20),
      trend: 0,
      levelSe: 0,
      trendSe: 0,
      covariance: 0,
      season: new Array(12).fill(1),
      dispersion: Number.POSITIVE_INFINITY,
      damping: 1,
      levelSd: 0,
    },
    entrants: { ageDays: [400, 3000, 5500], category: [0, 1, 4], weight: [1, 1, 1] },
    population: {
      birth: [origin - 17 * 365 - 100, origin - 5 * 365, origin - 10 * 365],
      periodStart: [origin - 800, origin - 20, origin - 400],
      category: [4, 0, 2],
      since: [origin - 100, origin - 20, origin - 400],
    },
    ...over,
  };
}

describe('simulate', () => {
  it('is reproducible from its seed and differs with another', () => {
    const a = simulate(model(), { horizonMonths: 12, simulations: 20, seed: 7 });
    const b = simulate(model(), { horizonMonths: 12, simulations: 20, seed: 7 });
    const c = simulate(model(), { horizonMonths: 12, simulations: 20, seed: 8 });
    expect(a.stock).toEqual(b.stock);
    expect(a.stock).not.toEqual(c.stock);
  });

  it('keeps the books: counts change by entries less leavers, age bands add up, person-days fit the counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 30 }), (seed, H) => {
        const m = model();
        const r = simulate(m, { horizonMonths: H, simulations: 5, seed });
        for (let s = 0; s < 5; s++) {
          let prev = m.population.birth.length;
          for (let h = 0; h < H; h++) {
            let total = 0;
            for (let k = 0; k < K; k++) total += r.stock[(s * H + h) * K + k]!;
            let bands = 0;
            for (let b = 0; b < AGE_BAND_COUNT; b++) bands += r.stockByAge[(s * H + h) * AGE_BAND_COUNT + b]!;
            expect(bands).toBe(total);
            expect(total).toBe(prev + r.entries[s * H + h]! - r.leavers[s * H + h]!);
            let days = 0;
            for (let i = 0; i < 2 * K; i++) days += r.days[(s * H + h) * 2 * K + i]!;
            expect(days).toBeGreaterThanOrEqual(0);
            expect(days).toBeLessThanOrEqual(31 * (prev + r.entries[s * H + h]!));
            prev = total;
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('ends care at 18: a 17-year-old is gone within the year whatever the rates', () => {
    const origin = toEpochDay('2024-03-31');
    const m = model({
      exit: rates(K * A * D, () => 0),
      move: rates(K * K * A * D, () => 0),
      entrants: { ageDays: [], category: [], weight: [] },
      population: {
        birth: [origin - 17 * 365 - 300],
        periodStart: [origin - 300],
        category: [4],
        since: [origin - 300],
      },
    });
    const r = simulate(m, { horizonMonths: 12, simulations: 10, seed: 1, parameterUncertainty: false });
    expect(r.stock[0 * 12 * K + 0 * K + 4]).toBe(1);
    for (let s = 0; s < 10; s++) expect(r.stock[(s * 12 + 11) * K + 4]).toBe(0);
  });

  it('moves children only where the rates allow', () => {
    const r = simulate(model({ exit: rates(K * A * D, () => 0) }), {
      horizonMonths: 24,
      simulations: 30,
      seed: 3,
    });
    let residential = 0;
    for (let s = 0; s < 30; s++)
      residential += r.stock[(s * 24 + 23) * K + CATEGORY_KEYS.indexOf('residential')]!;
    expect(residential).toBeGreaterThan(0);
    for (let s = 0; s < 30; s++) expect(r.stock[(s * 24 + 23) * K + CATEGORY_KEYS.indexOf('secure')]).toBe(0);
  });

  it('diverts new placements and scales entries as a scenario asks', () => {
    const base = simulate(model(), { horizonMonths: 12, simulations: 40, seed: 2 });
    const more = simulate(model(), {
      horizonMonths: 12,
      simulations: 40,
      seed: 2,
      adjust: { entryScale: 2 },
    });
    const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
    expect(sum(more.entries)).toBeGreaterThan(1.7 * sum(base.entries));
    const diverted = simulate(model(), {
      horizonMonths: 12,
      simulations: 40,
      seed: 2,
      adjust: { divert: [{ from: 3, to: 0, share: 1 }] },
    });
    let res = 0;
    for (let s = 0; s < 40; s++) for (let h = 0; h < 12; h++) res += diverted.starts[(s * 12 + h) * K + 3]!;
    expect(res).toBe(0);
  });
});
