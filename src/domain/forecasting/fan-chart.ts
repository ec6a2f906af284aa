/**
 * Fan charts as plain data: for each placement category and the total, the observed month-end
 * counts leading up to the origin, then the forecast's expected value with its 80% and 95% bands.
 * The page draws these as SVG (and shows the same numbers as a table); exports reuse them.
 */
import { fromEpochDay, type LocalDate, toEpochDay } from '../shared/dates.ts';
import { monthEndsBefore } from './calendar.ts';
import { buildSpells } from './care-history.ts';
import {
  CATEGORY_KEYS,
  type CategoryRule,
  compileCategoryMap,
  DEFAULT_CATEGORY_RULES,
} from './categories.ts';
import type { Ssda903Dataset } from './dataset.ts';
import type { DemandForecast, Series } from './forecast.ts';
import { K } from './hazard-counts.ts';
import { countStock } from './stock.ts';

export interface FanPoint {
  date: LocalDate;
  /** Observed count (history and the origin). */
  observed?: number;
  mean?: number;
  p2_5?: number;
  p10?: number;
  p50?: number;
  p90?: number;
  p97_5?: number;
}

export interface FanChart {
  key: string;
  label: string;
  points: FanPoint[];
}

export interface History {
  months: LocalDate[];
  /** Counts per month end: one array per category (CATEGORY_KEYS order), and the total. */
  byCategory: number[][];
  total: number[];
}

/** Month-end counts by category for the `months` months up to and including the origin. */
export function observedHistory(
  d: Ssda903Dataset,
  o: { origin: LocalDate; months?: number; la?: string; categoryRules?: readonly CategoryRule[] },
): History {
  const origin = toEpochDay(o.origin);
  const n = o.months ?? 24;
  const days = [...monthEndsBefore(origin, n - 1).filter((e) => e >= d.dataStart), origin];
  const map = compileCategoryMap(
    o.categoryRules ?? DEFAULT_CATEGORY_RULES,
    d.years[0] ?? 2000,
    d.years.at(-1) ?? 2000,
  );
  const la = o.la === undefined ? undefined : d.las.indexOf(o.la);
  const spells = buildSpells(d, map, {
    cutoff: origin,
    la: d.las.length > 1 && la !== undefined && la >= 0 ? la : undefined,
  });
  const stock = countStock(spells, d.children.birth, days);
  const byCategory = CATEGORY_KEYS.map((_, k) => days.map((_, i) => stock.byCategory[i * K + k]!));
  return {
    months: days.map(fromEpochDay),
    byCategory,
    total: days.map((_, i) => byCategory.reduce((a, c) => a + c[i]!, 0)),
  };
}

function chart(
  series: Series,
  months: LocalDate[],
  history?: { months: LocalDate[]; values: number[] },
): FanChart {
  const past: FanPoint[] = history
    ? history.months.map((date, i) => ({ date, observed: history.values[i]! }))
    : [];
  const future: FanPoint[] = months.map((date, h) => ({
    date,
    mean: series.mean[h]!,
    p2_5: series.p2_5[h]!,
    p10: series.p10[h]!,
    p50: series.p50[h]!,
    p90: series.p90[h]!,
    p97_5: series.p97_5[h]!,
  }));
  return { key: series.key, label: series.label, points: [...past, ...future] };
}

/** One fan chart per category and one for all children in care. */
export function fanCharts(f: DemandForecast, history?: History): FanChart[] {
  return [
    chart(f.total, f.months, history && { months: history.months, values: history.total }),
    ...f.byCategory.map((s, k) =>
      chart(s, f.months, history && { months: history.months, values: history.byCategory[k]! }),
    ),
  ];
}
