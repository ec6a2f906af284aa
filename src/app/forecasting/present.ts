/**
 * A stored forecast or backtest as the numbers its pages show: rounded, labelled, and in the same
 * order as the charts beside them (every chart has a table of the same figures).
 */
import type { BacktestResult, Scores } from '../../domain/forecasting/backtest.ts';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../../domain/forecasting/categories.ts';
import type { FanChart } from '../../domain/forecasting/fan-chart.ts';
import type { ScenarioLevers } from '../../domain/forecasting/scenarios.ts';
import type { YearFigure } from '../../domain/forecasting/spend.ts';
import type { Quantiles } from '../../domain/forecasting/summarise.ts';
import { formatLongDate, type LocalDate } from '../../domain/shared/dates.ts';
import { formatPence } from '../../domain/shared/money.ts';
import type { ForecastDocument } from './forecasts.ts';
import type { ForecastSettings } from './settings.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const monthLabel = (d: LocalDate) => `${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
export const count = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '–' : Math.round(x).toLocaleString('en-GB');
export const one = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x)
    ? '–'
    : x.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
export const money = (p: number) => formatPence(Math.round(p), { wholePounds: true });
export const pct = (x: number | null | undefined, dp = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(dp)}%`;
export const signed = (x: number, fmt: (v: number) => string) =>
  x > 0 ? `+${fmt(x)}` : fmt(x).replace(/^-/, '−');

export interface FanRow {
  month: string;
  observed: string;
  expected: string;
  range80: string;
  range95: string;
}

/** The rows of one fan chart's table: the observed months, then the forecast. */
export function fanRows(chart: FanChart): FanRow[] {
  return chart.points.map((p) => ({
    month: monthLabel(p.date),
    observed: p.observed === undefined ? '' : count(p.observed),
    expected: p.mean === undefined ? '' : one(p.mean),
    range80: p.p10 === undefined ? '' : `${count(p.p10)} to ${count(p.p90)}`,
    range95: p.p2_5 === undefined ? '' : `${count(p.p2_5)} to ${count(p.p97_5)}`,
  }));
}

const range = (f: YearFigure) => `${money(f.p10)} to ${money(f.p90)}`;

/** Headline figures of a forecast. */
export function headline(doc: ForecastDocument) {
  const f = doc.forecast;
  const last = f.months.length - 1;
  const firstYear = doc.spend.byYear[0];
  return {
    origin: formatLongDate(f.origin),
    end: formatLongDate(f.months[last]!),
    observed: count(f.total.observed),
    expected: count(f.total.mean[last]),
    range80: `${count(f.total.p10[last])} to ${count(f.total.p90[last])}`,
    range95: `${count(f.total.p2_5[last])} to ${count(f.total.p97_5[last])}`,
    firstYear: firstYear && {
      year: firstYear.year,
      months: firstYear.months,
      expected: money(firstYear.total.mean),
      range80: range(firstYear.total),
    },
  };
}

/** Spend per financial year: total, the two segments, and each category. */
export function spendRows(doc: ForecastDocument) {
  return doc.spend.byYear.map((y) => ({
    year: y.year,
    months: y.months,
    partial: y.months < 12,
    total: money(y.total.mean),
    range80: range(y.total),
    range95: `${money(y.total.p2_5)} to ${money(y.total.p97_5)}`,
    existing: money(y.existing.mean),
    new: money(y.new.mean),
    byCategory: y.byCategory.map((c) => ({
      label: PLACEMENT_CATEGORIES[c.key as PlacementCategory],
      expected: money(c.mean),
    })),
  }));
}

export function costRows(s: ForecastSettings) {
  return (Object.keys(PLACEMENT_CATEGORIES) as PlacementCategory[]).map((k) => ({
    key: k,
    label: PLACEMENT_CATEGORIES[k],
    weekly: money(s.costs.weekly[k]),
    source: s.costSources?.[k]?.source ?? 'entered',
    note: s.costSources?.[k]?.note ?? '',
  }));
}

export function describeLevers(l: ScenarioLevers): string[] {
  const p = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const out: string[] = [];
  if (l.entryChange)
    out.push(`${l.entryChange < 0 ? 'Fewer' : 'More'} children entering care: ${signed(l.entryChange, p)}`);
  for (const [band, v] of Object.entries(l.entryChangeByAgeBand ?? {}))
    if (v) out.push(`Entries aged ${band}: ${signed(v, p)}`);
  if (l.stepDownPerYear)
    out.push(`${p(l.stepDownPerYear)} of children in residential homes step down to fostering each year`);
  if (l.residentialForLackOfFoster)
    out.push(
      `${p(l.residentialForLackOfFoster)} of new residential placements, made only because no foster home was found, are made in fostering`,
    );
  if (l.exitChange) out.push(`Leaving care: ${signed(l.exitChange, p)}`);
  if (l.costInflation !== undefined) out.push(`Cost inflation ${p(l.costInflation)} a year`);
  return out.length ? out : ['No lever changed: the baseline again'];
}

/** Scenario against baseline at the horizon's last month, and spend differences per year. */
export function scenarioViews(doc: ForecastDocument) {
  const last = doc.forecast.months.length - 1;
  const diffRange = (q: Quantiles) =>
    `${signed(Math.round(q.p10[last]!), count)} to ${signed(Math.round(q.p90[last]!), count)}`;
  return doc.scenarios.map((s, i) => ({
    index: i,
    name: s.levers.name,
    levers: describeLevers(s.levers),
    rows: [
      ...s.difference.byCategory.map((d, k) => ({
        label: d.label,
        baseline: one(doc.forecast.byCategory[k]!.mean[last]),
        scenario: one(s.forecast.byCategory[k]!.mean[last]),
        difference: signed(Math.round(10 * d.mean[last]!) / 10, one),
        range80: diffRange(d),
        total: false,
      })),
      {
        label: 'All children in care',
        baseline: one(doc.forecast.total.mean[last]),
        scenario: one(s.forecast.total.mean[last]),
        difference: signed(Math.round(10 * s.difference.total.mean[last]!) / 10, one),
        range80: diffRange(s.difference.total),
        total: true,
      },
    ],
    spend: s.spendDifference.map((d, y) => ({
      year: d.year,
      baseline: money(doc.spend.byYear[y]!.total.mean),
      scenario: money(s.spend.byYear[y]!.total.mean),
      difference: signed(d.mean, money),
      range80: `${signed(d.p10, money)} to ${signed(d.p90, money)}`,
      saving: d.mean < 0,
    })),
    totals: s.forecast.months.map((m, h) => ({
      month: monthLabel(m),
      baseline: one(doc.forecast.total.mean[h]),
      baseline80: `${count(doc.forecast.total.p10[h])} to ${count(doc.forecast.total.p90[h])}`,
      scenario: one(s.forecast.total.mean[h]),
      scenario80: `${count(s.forecast.total.p10[h])} to ${count(s.forecast.total.p90[h])}`,
    })),
  }));
}

export function scoreRow(name: string, s: Scores) {
  return {
    name,
    mape: pct(s.mape),
    naiveMape: pct(s.naiveMape),
    better: s.mape < s.naiveMape,
    mapeAtHorizon: pct(s.mapeAtHorizon),
    naiveAtHorizon: pct(s.naiveMapeAtHorizon),
    coverage80: pct(s.coverage80, 0),
    coverage95: pct(s.coverage95, 0),
    points: s.points,
  };
}

export function backtestView(r: BacktestResult) {
  const label = (c: string) => PLACEMENT_CATEGORIES[c as PlacementCategory] ?? c;
  return {
    overall: scoreRow('All categories', r.overall),
    byCategory: r.byCategory.map((c) => scoreRow(label(c.category), c)),
    byCutoff: r.byCutoff.map((c) => scoreRow(`From ${formatLongDate(c.cutoff)}`, c)),
    excluded: r.excluded.map((e) => ({
      cutoff: formatLongDate(e.cutoff),
      label: label(e.category),
      observed: e.observed,
    })),
  };
}
