import { describe, expect, it } from 'vitest';
import { backtest } from './backtest.ts';
import { fitDemandModel, fitDemandModels } from './fit-model.ts';
import { forecastDemand, forecastRegion } from './forecast.ts';
import { highCostShares } from './high-cost.ts';
import { compareScenarios } from './scenarios.ts';
import { syntheticRegion } from './test-data.ts';

const region = syntheticRegion(42, [
  { name: 'Big', entriesPerMonth: 12 },
  { name: 'Small', entriesPerMonth: 2 },
]);

describe('fitting', () => {
  it('recovers the rates the data were made with', () => {
    const m = fitDemandModel(region, { la: 'Big', halfLifeMonths: 0 });
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    // Leaving at 0.5 a year and moving at 0.6 a year, as generated (leaving at 18 aside).
    expect((365 * sum(m.exit.events)) / sum(m.exit.exposure)).toBeGreaterThan(0.4);
    expect((365 * sum(m.exit.events)) / sum(m.exit.exposure)).toBeLessThan(0.6);
    expect(sum(m.entries.counts) / m.entries.counts.length).toBeGreaterThan(10);
    expect(Math.exp(m.entries.level)).toBeGreaterThan(9);
    expect(Math.exp(m.entries.level)).toBeLessThan(15);
  });

  it('gives the small LA rates pulled towards the region’s', () => {
    const [big, small] = fitDemandModels(region);
    const share = (r: { rate: number[]; events: number[]; exposure: number[] }) =>
      r.rate.reduce((a, v, c) => a + v * r.exposure[c]!, 0) / r.events.reduce((a, b) => a + b, 0);
    // Fitted events over observed events stay near 1 for both, and no cell is zero.
    expect(share(big!.exit)).toBeGreaterThan(0.8);
    expect(share(small!.exit)).toBeGreaterThan(0.7);
    expect(Math.min(...small!.exit.rate)).toBeGreaterThan(0);
  });
});

describe('forecasting', () => {
  const models = fitDemandModels(region);

  it('adds LAs into a region run by run', () => {
    const r = forecastRegion(models, { horizonMonths: 6, simulations: 40, seed: 3 });
    for (let h = 0; h < 6; h++) {
      expect(r.region.total.mean[h]).toBeCloseTo(r.las[0]!.total.mean[h]! + r.las[1]!.total.mean[h]!, 6);
      expect(r.region.total.p10[h]!).toBeLessThanOrEqual(r.region.total.p90[h]!);
    }
    expect(r.region.total.observed).toBe(r.las[0]!.total.observed + r.las[1]!.total.observed);
  });

  it('starts from the observed count and widens its intervals with the horizon', () => {
    const { forecast } = forecastDemand(models[0]!, { horizonMonths: 24, simulations: 100, seed: 1 });
    const width = (h: number) => forecast.total.p90[h]! - forecast.total.p10[h]!;
    expect(Math.abs(forecast.total.mean[0]! - forecast.total.observed)).toBeLessThan(
      0.1 * forecast.total.observed,
    );
    expect(width(23)).toBeGreaterThan(width(0));
    for (let h = 0; h < 24; h++) {
      expect(forecast.total.p2_5[h]!).toBeLessThanOrEqual(forecast.total.p10[h]!);
      expect(forecast.total.p90[h]!).toBeLessThanOrEqual(forecast.total.p97_5[h]!);
    }
  });
});

describe('scenarios', () => {
  it('moves the numbers the way the levers point, paired against the baseline', () => {
    const model = fitDemandModel(region, { la: 'Big' });
    const shares = highCostShares(region)[0]!;
    const c = compareScenarios(
      model,
      [
        { name: 'half the entries', entryChange: -0.5 },
        { name: 'dearer', costInflation: 0.2 },
        { name: 'step down', stepDownPerYear: 0.5 },
      ],
      { horizonMonths: 12, simulations: 60, seed: 5, highCost: shares },
    );
    const [fewer, dearer, stepDown] = c.scenarios;
    expect(fewer!.difference.total.mean[11]!).toBeLessThan(0);
    expect(fewer!.difference.total.p90[11]!).toBeLessThan(0);
    // Costs only: the same children, run for run, and more money.
    expect(dearer!.difference.total.p2_5.every((v) => v === 0)).toBe(true);
    expect(dearer!.difference.total.p97_5.every((v) => v === 0)).toBe(true);
    expect(dearer!.spendDifference.every((y) => y.mean >= 0)).toBe(true);
    const residential = stepDown!.difference.byCategory.find((d) => d.key === 'residential')!;
    expect(residential.mean[11]!).toBeLessThan(0);
  });
});

describe('high-cost shares', () => {
  it('shrink a small LA’s share towards the region’s', () => {
    const [big, small] = highCostShares(region);
    for (const [b, s] of big!.map((x, i) => [x, small![i]!] as const)) {
      expect(s.region).toBeCloseTo(b.region, 10);
      expect(s.share).toBeGreaterThanOrEqual(Math.min(s.own, s.region) - 1e-12);
      expect(s.share).toBeLessThanOrEqual(Math.max(s.own, s.region) + 1e-12);
    }
  });
});

describe('backtest', () => {
  it('scores each cut-off on every month and category with enough children', () => {
    const r = backtest(region, { cutoffs: ['2022-03-31'], horizonMonths: 6, simulations: 40, la: 'Big' });
    expect(r.points.every((p) => p.horizon >= 1 && p.horizon <= 6)).toBe(true);
    expect(new Set(r.points.map((p) => p.category)).size).toBe(r.byCategory.length);
    expect(r.overall.points).toBe(r.points.length);
    expect(r.overall.mape).toBeGreaterThan(0);
    expect(() => backtest(region, { cutoffs: ['2023-12-31'], horizonMonths: 6 })).toThrow(
      /before the 6 months after/,
    );
  });
});
