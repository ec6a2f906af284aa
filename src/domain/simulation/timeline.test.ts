import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTimeline, priceIndex } from './timeline.ts';

describe('the contract timeline', () => {
  it('counts days, months and anniversaries from the start date', () => {
    // 1 April 2024 to 1 April 2027: 365 + 365 + 365 = 1,095 days (no 29 February inside).
    const tl = buildTimeline('2024-04-01', 36);
    expect(tl.termDays).toBe(1095);
    expect(Array.from(tl.yearStarts)).toEqual([0, 365, 730]);
    expect(tl.monthStarts[1]).toBe(30);
    expect(tl.monthKeys[0]).toBe('2024-04');
    expect(tl.monthKeys[35]).toBe('2027-03');
    // 1 March 2023 to 1 March 2024 takes in 29 February 2024, so the second year starts on day 366.
    expect(Array.from(buildTimeline('2023-03-01', 24).yearStarts)).toEqual([0, 366]);
  });

  it('integrates the price index exactly: a year at 1, then a year at 1.03', () => {
    const tl = buildTimeline('2024-04-01', 24);
    const idx = priceIndex(tl, 3);
    expect(idx.at(0)).toBe(0);
    expect(idx.at(-10)).toBe(0);
    expect(idx.at(100.5)).toBeCloseTo(100.5, 12);
    // 365 days at 1, then 10.25 days at 1.03 = 365 + 10.5575 = 375.5575.
    expect(idx.at(375.25)).toBeCloseTo(375.5575, 10);
    // The whole term: 365 + 365 × 1.03 = 740.95.
    expect(idx.at(tl.termDays)).toBeCloseTo(740.95, 10);
  });

  it('is additive and increasing for any rate', () => {
    const tl = buildTimeline('2025-01-31', 60);
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 1826, noNaN: true }),
        fc.double({ min: 0, max: 1826, noNaN: true }),
        (rate, a, b) => {
          const idx = priceIndex(tl, rate);
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(idx.at(hi)).toBeGreaterThanOrEqual(idx.at(lo) - 1e-9);
          // Between anniversaries the integral grows at the year's factor.
          const y = Array.from(tl.yearStarts).filter((s) => s <= lo).length - 1;
          const next = tl.yearStarts[y + 1] ?? tl.termDays;
          const end = Math.min(hi, next);
          expect(idx.at(end) - idx.at(lo)).toBeCloseTo((end - lo) * idx.factors[y]!, 6);
        },
      ),
    );
  });
});
