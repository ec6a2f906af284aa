import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, parseUkDate, toEpochDay } from '../../domain/shared/dates.ts';
import { parseDateToEpochDay } from './fast-date.ts';

describe('parseDateToEpochDay', () => {
  it('reads UK and ISO dates and refuses impossible ones', () => {
    expect(fromEpochDay(parseDateToEpochDay('31/03/2024'))).toBe('2024-03-31');
    expect(fromEpochDay(parseDateToEpochDay('1/4/2023'))).toBe('2023-04-01');
    expect(fromEpochDay(parseDateToEpochDay('2024-02-29'))).toBe('2024-02-29');
    for (const bad of [
      '29/02/2023',
      '31/04/2024',
      '2024-13-01',
      '12/03/24',
      '',
      'soon',
      '1/2/3/2024',
      '00/01/2020',
    ]) {
      expect(parseDateToEpochDay(bad)).toBeNaN();
    }
  });

  it('agrees with the shared parser on any dd/mm/yyyy text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 33 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 1950, max: 2050 }),
        (d, m, y) => {
          const text = `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
          const shared = parseUkDate(text);
          const fast = parseDateToEpochDay(text);
          if (shared === undefined) expect(fast).toBeNaN();
          else expect(fast).toBe(toEpochDay(shared));
        },
      ),
    );
  });
});
