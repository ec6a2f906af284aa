/**
 * Children in care on given days, by placement category and age band: what the forecast projects
 * and what a backtest compares it with. A child is counted on a day when a spell covers it
 * (start <= day < end), the 903's own rule for "looked after at 31 March".
 */
import { AGE_BAND_COUNT, AGE_BAND_OF_AGE } from './age-bands.ts';
import { ageInYears } from './calendar.ts';
import type { Spells } from './care-history.ts';
import { CATEGORY_COUNT } from './categories.ts';

export interface StockCounts {
  days: number[];
  /** [day][category] */
  byCategory: Int32Array;
  /** [day][age band] */
  byAge: Int32Array;
}

export function countStock(spells: Spells, birth: Int32Array, days: readonly number[]): StockCounts {
  const n = days.length;
  const byCategory = new Int32Array(n * CATEGORY_COUNT);
  const byAge = new Int32Array(n * AGE_BAND_COUNT);
  for (let s = 0; s < spells.count; s++) {
    const start = spells.start[s]!;
    const end = spells.end[s]!;
    // days are sorted: find the first day >= start
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < n && days[i]! < end; i++) {
      byCategory[i * CATEGORY_COUNT + spells.category[s]!]!++;
      const age = ageInYears(birth[spells.child[s]!]!, days[i]!);
      byAge[i * AGE_BAND_COUNT + AGE_BAND_OF_AGE[Math.min(17, Math.max(0, age))]!]!++;
    }
  }
  return { days: [...days], byCategory, byAge };
}
