import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoints, priceFraction, pricePointsHundredths } from './price-scoring.ts';
import { PRICE_METHODS, type PriceMethod } from './tender.ts';

const methods = Object.keys(PRICE_METHODS) as PriceMethod[];

describe('price scores', () => {
  it('give the lowest price full marks, never more, and never fewer marks to a cheaper bid', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...methods),
        fc.integer({ min: 100_000, max: 1_000_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.integer({ min: 0, max: 100 }),
        (method, lowest, d1, d2, weight) => {
          const basis = { method, lowest, ceiling: lowest + 700_000 };
          const [a, b] = [lowest + Math.min(d1, d2), lowest + Math.max(d1, d2)];
          expect(pricePointsHundredths(lowest, weight, basis)).toBe(weight * 100);
          const pa = pricePointsHundredths(a, weight, basis);
          const pb = pricePointsHundredths(b, weight, basis);
          expect(pa).toBeGreaterThanOrEqual(pb);
          expect(pb).toBeGreaterThanOrEqual(0);
          expect(pa).toBeLessThanOrEqual(weight * 100);
          // The rounded points are the unrounded share × weight, to the nearest hundredth.
          expect(Math.abs(pa - priceFraction(a, basis) * weight * 100)).toBeLessThanOrEqual(0.5 + 1e-9);
        },
      ),
    );
  });

  it('rounds half away from zero: £3,900 over £4,500 × 70 = 60.666… → 60.67, £3,900 over £5,200 × 70 = 52.50', () => {
    const basis = { method: 'lowest-relative' as const, lowest: 390_000, ceiling: null };
    expect(formatPoints(pricePointsHundredths(450_000, 70, basis))).toBe('60.67');
    expect(formatPoints(pricePointsHundredths(520_000, 70, basis))).toBe('52.50');
    // 1 / 8 × 70 = 8.75 exactly; 1 / 16 × 70 = 4.375 → 4.38 (half up).
    expect(pricePointsHundredths(800, 70, { ...basis, lowest: 100 })).toBe(875);
    expect(pricePointsHundredths(1600, 70, { ...basis, lowest: 100 })).toBe(438);
  });

  it('scores the ceiling 0 and everything when no bid is under it', () => {
    const basis = { method: 'ceiling-deviation' as const, lowest: 500_000, ceiling: 500_000 };
    expect(pricePointsHundredths(500_000, 70, basis)).toBe(7000);
    expect(pricePointsHundredths(500_000, 70, { ...basis, lowest: 400_000 })).toBe(0);
  });
});
