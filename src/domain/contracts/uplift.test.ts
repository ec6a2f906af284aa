import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UpliftRule } from './contract.ts';
import { applyUplift, priceSchedule, upliftRate } from './uplift.ts';

const cpi: UpliftRule = {
  kind: 'index',
  index: 'CPI',
  series: [
    { from: '2025-01-01', ratePpm: 67_000 }, // 6.7%
    { from: '2026-01-01', ratePpm: 25_000 },
    { from: '2027-01-01', ratePpm: -5_000 },
  ],
  capPpm: 50_000,
  floorPpm: 0,
};

describe('annual uplifts', () => {
  it('applies CPI on each anniversary, held between the floor and the cap', () => {
    expect(upliftRate(cpi, '2025-04-01')).toBe(50_000); // 6.7% capped at 5%
    expect(upliftRate(cpi, '2026-04-01')).toBe(25_000);
    expect(upliftRate(cpi, '2027-04-01')).toBe(0); // deflation floored at 0
    expect(upliftRate(cpi, '2030-04-01')).toBe(0); // the last figure carries forward
  });

  it('compounds on the price rounded to the penny each year', () => {
    expect(priceSchedule(596_300, '2024-04-01', '2028-04-01', cpi)).toEqual([
      { from: '2024-04-01', to: '2025-04-01', weekly: 596_300 }, // £5,963, Essex's average in 2023/24
      { from: '2025-04-01', to: '2026-04-01', weekly: 626_115 }, // × 1.05
      { from: '2026-04-01', to: '2027-04-01', weekly: 641_768 }, // × 1.025 = 641,767.875
      { from: '2027-04-01', to: '2028-04-01', weekly: 641_768 },
    ]);
  });

  it('never lowers a price under a non-negative rate, and rounds each step by at most half a penny', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 200_000 }), (w, r) => {
        const up = applyUplift(w, r);
        expect(up).toBeGreaterThanOrEqual(w);
        expect(Math.abs(up - (w * (1_000_000 + r)) / 1_000_000)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});
