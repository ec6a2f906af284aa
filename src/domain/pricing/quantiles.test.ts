import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zeroSplit } from './price-record.ts';
import { quantileSorted, summarisePrices } from './quantiles.ts';

const split = (core: number, extra: Partial<ReturnType<typeof zeroSplit>> = {}) => ({
  ...zeroSplit(),
  core,
  ...extra,
});

describe('summarisePrices: a worked example', () => {
  it('gives the Excel QUARTILE.INC figures for six weekly prices', () => {
    // £3,000, £3,500, £4,000, £5,000, £6,000, £9,000 (given out of order).
    const pounds = [5000, 3000, 9000, 4000, 3500, 6000];
    const totals = pounds.map((p) => p * 100);
    const stats = summarisePrices(
      totals,
      totals.map((t) => split(t)),
    )!;
    // median: h = 5 × 0.5 = 2.5 → £4,000 + 0.5 × (£5,000 - £4,000) = £4,500
    // q1:     h = 5 × 0.25 = 1.25 → £3,500 + 0.25 × (£4,000 - £3,500) = £3,625
    // q3:     h = 5 × 0.75 = 3.75 → £5,000 + 0.75 × (£6,000 - £5,000) = £5,750
    // mean:   £30,500 / 6 = £5,083.333… → £5,083.33
    expect(stats).toMatchObject({
      count: 6,
      median: 450_000,
      q1: 362_500,
      q3: 575_000,
      iqr: 212_500,
      mean: 508_333,
    });
  });

  it('with an odd count, the median is the middle price', () => {
    const stats = summarisePrices([500_000, 300_000, 400_000], [split(0), split(0), split(0)])!;
    expect(stats.median).toBe(400_000);
    // q1: h = 2 × 0.25 = 0.5 → £3,000 + 0.5 × £1,000 = £3,500
    expect(stats.q1).toBe(350_000);
  });

  it('splits the mean so the parts add up to it exactly', () => {
    // A: core £3,000 + education £500 = £3,500; B: core £4,000 + therapy £100.01 = £4,100.01.
    // Mean = £7,600.01 / 2 = £3,800.005 → 380,001p (half up).
    // Component sums core 700,000, education 50,000, therapy 10,001 (of 760,001):
    //   core 380,001 × 700,000 / 760,001 = 350,000.46 → 350,000
    //   education 380,001 × 50,000 / 760,001 = 25,000.03 → 25,000
    //   therapy 380,001 × 10,001 / 760,001 = 5,000.51 → 5,000, and the odd penny (largest remainder) → 5,001
    const a = split(300_000, { education: 50_000 });
    const b = split(400_000, { therapy: 10_001 });
    const stats = summarisePrices([350_000, 410_001], [a, b])!;
    expect(stats.mean).toBe(380_001);
    expect(stats.meanSplit).toEqual({ ...zeroSplit(), core: 350_000, education: 25_000, therapy: 5_001 });
  });

  it('has nothing to say about no prices', () => {
    expect(summarisePrices([], [])).toBeNull();
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
  });

  it('keeps q1 ≤ median ≤ q3 within the range of the prices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 10_000, max: 2_000_000 }), { minLength: 1, maxLength: 60 }),
        (xs) => {
          const s = summarisePrices(
            xs,
            xs.map((x) => split(x)),
          )!;
          expect(s.q1).toBeLessThanOrEqual(s.median);
          expect(s.median).toBeLessThanOrEqual(s.q3);
          expect(s.q1).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(s.q3).toBeLessThanOrEqual(Math.max(...xs));
          const parts = Object.values(s.meanSplit).reduce((a, b) => a + b, 0);
          expect(parts).toBe(s.mean);
        },
      ),
    );
  });
});
