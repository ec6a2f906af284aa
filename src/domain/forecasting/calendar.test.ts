import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, endOfMonth, fromEpochDay, toEpochDay } from '../shared/dates.ts';
import {
  ageInYears,
  birthday,
  civilFromDays,
  daysFromCivil,
  monthEndsAfter,
  monthEndsBefore,
  monthsBetween,
} from './calendar.ts';

const day = fc.integer({ min: -20_000, max: 40_000 });

describe('integer calendar', () => {
  it('agrees with the shared date functions', () => {
    fc.assert(
      fc.property(day, (n) => {
        const [y, m, d] = civilFromDays(n);
        expect(daysFromCivil(y, m, d)).toBe(n);
        expect(toEpochDay(fromEpochDay(n))).toBe(daysFromCivil(y, m, d));
      }),
    );
  });

  it('counts age exactly as ageOn does', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 8000 }), (birth, after) => {
        expect(ageInYears(birth, birth + after)).toBe(
          ageOn(fromEpochDay(birth), fromEpochDay(birth + after)),
        );
      }),
    );
  });

  it('puts each birthday on the day the age goes up', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 18 }), (birth, n) => {
        const b = birthday(birth, n);
        expect(ageInYears(birth, b)).toBe(n);
        expect(ageInYears(birth, b - 1)).toBe(n - 1);
      }),
    );
    expect(fromEpochDay(birthday(toEpochDay('2008-02-29'), 1))).toBe('2009-03-01');
    expect(fromEpochDay(birthday(toEpochDay('2008-02-29'), 4))).toBe('2012-02-29');
  });

  it('lists month ends before a day', () => {
    expect(monthEndsBefore(toEpochDay('2024-03-31'), 3).map(fromEpochDay)).toEqual([
      '2023-12-31',
      '2024-01-31',
      '2024-02-29',
    ]);
    expect(monthEndsBefore(toEpochDay('2024-03-15'), 2).map(fromEpochDay)).toEqual([
      '2024-01-31',
      '2024-02-29',
    ]);
  });

  it('lists month ends', () => {
    const ends = monthEndsAfter(toEpochDay('2021-03-31'), 13).map(fromEpochDay);
    expect(ends[0]).toBe('2021-04-30');
    expect(ends[10]).toBe('2022-02-28');
    expect(ends[12]).toBe('2022-04-30');
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (from, k) => {
        const last = monthEndsAfter(from, k)[k - 1]!;
        expect(fromEpochDay(last)).toBe(endOfMonth(addMonths(`${fromEpochDay(from).slice(0, 7)}-01`, k)));
        expect(monthsBetween(from, last)).toBe(k);
      }),
    );
  });
});
