import { describe, expect, it } from 'vitest';
import { addMonths } from '../shared/dates.ts';
import { projectDemand, quarterStart } from './demand-projection.ts';

function starts(
  segment: 'ebd-standard' | 'disability',
  perQuarter: (q: number) => number,
  from = '2024-04-01',
  quarters = 8,
) {
  return Array.from({ length: quarters }, (_, q) =>
    Array.from({ length: perQuarter(q) }, () => ({ segment, startOn: addMonths(from, 3 * q) })),
  ).flat();
}

describe('projectDemand', () => {
  it('carries a steady segment forward: 10 a quarter is 40 a year', () => {
    const p = projectDemand(
      starts('ebd-standard', () => 10),
      { cutoff: '2026-05-20' },
    );
    expect(p.basedOn).toEqual({ from: '2024-25 Q1', to: '2025-26 Q4', quarters: 8 });
    // The cutoff's quarter (2026-27 Q1) starts its financial year, so 2026-27 and 2027-28 are projected.
    expect(p.points).toEqual([
      { segment: 'ebd-standard', period: '2026-27', expected: 40, low: null, high: null },
      { segment: 'ebd-standard', period: '2027-28', expected: 40, low: null, high: null },
    ]);
  });

  it('grows the last year’s level by its change on the year before', () => {
    // 10 a quarter, then 11: 40 then 44 a year, a rise of 10%: 44 × 1.1 = 48.4 → 48, × 1.1² = 53.24 → 53.
    const p = projectDemand(
      starts('ebd-standard', (q) => (q < 4 ? 10 : 11)),
      { cutoff: '2026-04-01' },
    );
    expect(p.points.map((x) => x.expected)).toEqual([48, 53]);
  });

  it('holds the yearly change within 25%', () => {
    // 10 a year, then 40: a fourfold rise is held at +25%: 40 × 1.25 = 50, × 1.25² = 62.5 → 63.
    const p = projectDemand(
      starts('ebd-standard', (q) => (q < 4 ? (q === 0 ? 10 : 0) : 10)),
      { cutoff: '2026-04-01' },
    );
    expect(p.points.map((x) => x.expected)).toEqual([50, 63]);
  });

  it('carries the level flat when there is no earlier year to compare with', () => {
    const p = projectDemand(
      starts('ebd-standard', (q) => (q === 0 ? 40 : 5), '2025-04-01', 6),
      {
        cutoff: '2026-11-20',
      },
    );
    expect(quarterStart('2026-11-20')).toBe('2026-10-01');
    // Last four quarters: 5 + 5 + 5 + 5 = 20; the first quarter's 40 is not part of the level.
    expect(p.points.map((x) => [x.period, x.expected])).toEqual([
      ['2027-28', 20],
      ['2028-29', 20],
    ]);
  });

  it('leaves out a segment with fewer than five placements in the last four quarters', () => {
    const p = projectDemand(
      [...starts('ebd-standard', () => 10), ...starts('disability', (q) => (q < 4 ? 3 : q === 7 ? 4 : 0))],
      { cutoff: '2026-04-01' },
    );
    expect(p.leftOut).toEqual(['disability']);
    expect(p.points.every((x) => x.segment === 'ebd-standard')).toBe(true);
  });
});
