import { describe, expect, it } from 'vitest';
import { exampleScenario } from './fixtures.ts';
import { markFrontier, type SweepPoint, sweepBlockSizes } from './sizing.ts';

describe('sweeping block size and price', () => {
  const s = exampleScenario();
  const sizes = [0, 1, 2, 3, 4, 6, 8, 12];
  const sweep = sweepBlockSizes(s, { sizes, prices: [191_800, 380_000, 450_000], runs: 150, seed: 21 });
  const at = (price: number) => sweep.points.filter((p) => p.blockWeekly === price);

  it('gives one point per size and price, the empty block costing exactly the spot baseline', () => {
    expect(sweep.points).toHaveLength(sizes.length * 3);
    for (const price of [191_800, 380_000, 450_000]) {
      const zero = at(price)[0]!;
      expect(zero.beds).toBe(0);
      expect(zero.meanCost).toBe(sweep.baselineMeanCost);
      expect(zero.occupancy).toBeNull();
    }
  });

  it('places more children in the block and fills each bed less as the block grows', () => {
    const pts = at(191_800).slice(1);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]!.placedInBlock).toBeGreaterThanOrEqual(pts[i - 1]!.placedInBlock);
      expect(pts[i]!.occupancy!).toBeLessThanOrEqual(pts[i - 1]!.occupancy! + 0.005);
    }
  });

  it('costs more at a higher block price for every non-empty size, on the same runs', () => {
    const cheap = at(191_800);
    const dear = at(380_000);
    cheap.forEach((p, i) => {
      if (p.beds > 0) expect(dear[i]!.meanCost).toBeGreaterThan(p.meanCost);
    });
  });

  it('finds the best size: some beds at £1,918 against £4,144 spot, none at a price above spot', () => {
    const cheap = sweep.best.find((b) => b.blockWeekly === 191_800)!;
    expect(cheap.lowestMeanCost).toBeGreaterThan(0);
    const cheapest = at(191_800).reduce((a, b) => (b.meanCost < a.meanCost ? b : a));
    expect(cheap.lowestMeanCost).toBe(cheapest.beds);
    expect(cheapest.onFrontier).toBe(true);
    // £4,500 a week is above the £4,144 spot rate: every block bed loses money.
    expect(sweep.best.find((b) => b.blockWeekly === 450_000)!.lowestMeanCost).toBe(0);
  });
});

describe('the cost/risk frontier', () => {
  const pt = (beds: number, meanCost: number, p95Cost: number) =>
    ({ beds, meanCost, p95Cost, onFrontier: false }) as SweepPoint;

  it('keeps exactly the points no other point beats on both mean and bad-year cost', () => {
    const pts = [pt(0, 100, 120), pt(1, 90, 125), pt(2, 95, 130), pt(3, 80, 140), pt(4, 80, 150)];
    markFrontier(pts);
    // 2 is beaten by 1 (90 < 95, 125 < 130); 4 by 3 (same mean, lower p95).
    expect(pts.filter((p) => p.onFrontier).map((p) => p.beds)).toEqual([0, 1, 3]);
  });
});
