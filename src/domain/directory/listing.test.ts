import { describe, expect, it } from 'vitest';
import { availabilityFromBeds, freshnessOf } from './listing.ts';

describe('availability', () => {
  it('goes stale after the set number of days, and is unknown if never confirmed', () => {
    expect(freshnessOf({ vacancies: 1, confirmedOn: '2025-06-01' }, '2025-06-08', 7)).toBe('fresh');
    expect(freshnessOf({ vacancies: 1, confirmedOn: '2025-06-01' }, '2025-06-09', 7)).toBe('stale');
    expect(freshnessOf({ vacancies: 1, confirmedOn: null }, '2025-06-09')).toBe('unknown');
  });

  it('counts void beds as vacancies and dates a home by its least recently confirmed bed', () => {
    const a = availabilityFromBeds([
      { homeId: 'h1', state: 'void', confirmedOn: '2025-06-05' },
      { homeId: 'h1', state: 'occupied', confirmedOn: '2025-06-01' },
      { homeId: 'h1', state: 'held', confirmedOn: '2025-06-07' },
      { homeId: 'h1', state: 'decommissioned', confirmedOn: '2020-01-01' },
      { homeId: 'h2', state: 'void', confirmedOn: '2025-06-05' },
      { homeId: 'h2', state: 'void', confirmedOn: null },
    ]);
    expect(a.get('h1')).toEqual({ vacancies: 1, confirmedOn: '2025-06-01' });
    expect(a.get('h2')).toEqual({ vacancies: 2, confirmedOn: null });
  });
});
