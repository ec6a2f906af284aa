import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  ageOn,
  collectionYearStart,
  daysBetween,
  endOfMonth,
  fromEpochDay,
  intersect,
  isLocalDate,
  parseUkDate,
  toEpochDay,
} from './dates.ts';

describe('local dates', () => {
  it('knows real dates from impossible ones', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2024-13-01')).toBe(false);
    expect(isLocalDate('24-01-01')).toBe(false);
  });

  it('round-trips through epoch days', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_000, max: 60_000 }), (n) => {
        expect(toEpochDay(fromEpochDay(n))).toBe(n);
      }),
    );
  });

  it('does day and month arithmetic across leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-15', -3)).toBe('2023-12-15');
    expect(endOfMonth('2023-02-10')).toBe('2023-02-28');
  });

  it('counts age in whole years, the birthday counting on the day', () => {
    expect(ageOn('2008-06-15', '2026-06-14')).toBe(17);
    expect(ageOn('2008-06-15', '2026-06-15')).toBe(18);
  });

  it('finds the SSDA903 collection year and parses UK dates', () => {
    expect(collectionYearStart('2024-03-31')).toBe('2023-04-01');
    expect(collectionYearStart('2024-04-01')).toBe('2024-04-01');
    expect(parseUkDate('31/03/2024')).toBe('2024-03-31');
    expect(parseUkDate('31/02/2024')).toBeUndefined();
  });

  it('intersects half-open ranges', () => {
    expect(
      intersect({ from: '2025-01-01', to: '2025-02-01' }, { from: '2025-01-20', to: '2025-03-01' }),
    ).toEqual({
      from: '2025-01-20',
      to: '2025-02-01',
    });
    expect(
      intersect({ from: '2025-01-01', to: '2025-02-01' }, { from: '2025-02-01', to: '2025-03-01' }),
    ).toBeUndefined();
  });
});
