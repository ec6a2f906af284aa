import { describe, expect, it } from 'vitest';
import { toEpochDay } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import { monthEndsAfter } from './calendar.ts';
import { CATEGORY_KEYS } from './categories.ts';
import { K } from './hazard-counts.ts';
import type { HighCostShare } from './high-cost.ts';
import type { SimulationRuns } from './simulate.ts';
import { DEFAULT_UNIT_COSTS, forecastSpend, type UnitCosts } from './spend.ts';

/** Runs where every run has `children[k]` children in category k all month, half of them from the origin. */
function steadyRuns(origin: string, months: number, children: number[], runs = 3): SimulationRuns {
  const o = toEpochDay(origin);
  const monthEnds = monthEndsAfter(o, months);
  const days = new Float64Array(runs * months * K * 2);
  const stock = new Float64Array(runs * months * K);
  for (let s = 0; s < runs; s++)
    for (let h = 0; h < months; h++) {
      const len = monthEnds[h]! - (h === 0 ? o : monthEnds[h - 1]!);
      for (let k = 0; k < K; k++) {
        const i = (s * months + h) * K + k;
        stock[i] = children[k] ?? 0;
        days[i * 2] = ((children[k] ?? 0) * len) / 2;
        days[i * 2 + 1] = ((children[k] ?? 0) * len) / 2;
      }
    }
  return {
    origin: o,
    monthEnds,
    runs,
    stock,
    stockByAge: new Float64Array(runs * months * 5),
    days,
    starts: new Int32Array(runs * months * K),
    entries: new Int32Array(runs * months),
    leavers: new Int32Array(runs * months),
  };
}

const flat: UnitCosts = {
  weekly: Object.fromEntries(CATEGORY_KEYS.map((k) => [k, 70_000])) as UnitCosts['weekly'],
  annualUplift: 0,
};

describe('forecastSpend', () => {
  it('costs each child-day at the weekly rate / 7, split between open and new placements', () => {
    const runs = steadyRuns('2024-03-31', 12, [10, 0, 0, 0, 0, 0, 0]);
    const s = forecastSpend(runs, { costs: flat });
    // 10 children x 365 days x £100 a day.
    expect(s.byYear).toHaveLength(1);
    expect(s.byYear[0]!.year).toBe('2024-25');
    expect(s.byYear[0]!.total.mean).toBe(10 * 365 * 10_000);
    expect(s.byYear[0]!.existing.mean).toBe(s.byYear[0]!.new.mean);
    expect(s.byYear[0]!.total.p10).toBe(s.byYear[0]!.total.p90); // identical runs, no spread
  });

  it('raises costs by the uplift on each 1 April after the origin', () => {
    const runs = steadyRuns('2024-03-31', 24, [1, 0, 0, 0, 0, 0, 0]);
    const s = forecastSpend(runs, { costs: { ...flat, annualUplift: 0.1 } });
    expect(s.byYear.map((y) => y.year)).toEqual(['2024-25', '2025-26']);
    expect(s.byYear[1]!.total.mean / s.byYear[0]!.total.mean).toBeCloseTo(1.1, 3);
  });

  it('prices the high-cost share of a category at its own rate', () => {
    const runs = steadyRuns('2024-03-31', 12, [0, 0, 0, 0, 0, 0, 10]);
    const share: HighCostShare = {
      key: 'x',
      label: 'x',
      category: 'other',
      weekly: 700_000,
      own: 0.1,
      region: 0.1,
      share: 0.1,
      days: 1,
      categoryDays: 10,
    };
    const s = forecastSpend(runs, { costs: flat, highCost: [share] });
    // 90% of days at £100 a day, 10% at £1,000 a day.
    expect(s.byYear[0]!.total.mean).toBeCloseTo(3650 * (0.9 * 10_000 + 0.1 * 100_000), -2);
    expect(s.highCost[0]!.expectedSpend).toBeCloseTo(3650 * 0.1 * 100_000, -2);
  });

  it('refuses costs that are not whole pence', () => {
    const bad = { ...DEFAULT_UNIT_COSTS, weekly: { ...DEFAULT_UNIT_COSTS.weekly, residential: 12.5 } };
    expect(() => forecastSpend(steadyRuns('2024-03-31', 1, [1]), { costs: bad })).toThrow(DomainError);
  });
});
