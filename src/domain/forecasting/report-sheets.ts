/**
 * Tables for spreadsheet and CSV exports of a forecast, a scenario comparison or a backtest. They
 * have the shape src/exports/spreadsheet.ts writes (`Sheet`: name, columns with a kind and a value
 * function, rows), declared here because the domain does not import the exporter; anything that
 * writes them goes through that module, which neutralises formula injection.
 */
import type { LocalDate } from '../shared/dates.ts';
import { describeCategoryRules, PLACEMENT_CATEGORIES, type PlacementCategory } from './categories.ts';
import type { History } from './fan-chart.ts';
import type { DemandForecast, Series } from './forecast.ts';
import type { ScenarioComparison } from './scenarios.ts';
import type { SpendForecast, YearFigure } from './spend.ts';
import type { Quantiles } from './summarise.ts';

export type CellKind = 'text' | 'integer' | 'number' | 'pence' | 'percent' | 'date';

export interface TableColumn<Row> {
  header: string;
  kind: CellKind;
  value: (row: Row) => string | number | null | undefined;
  width?: number;
}

export interface TableSheet<Row = unknown> {
  name: string;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  preamble?: readonly string[];
}

/** Erases a sheet's row type so sheets of different rows can travel in one list. */
export function sheet<Row>(s: TableSheet<Row>): TableSheet<unknown> {
  return s as unknown as TableSheet<unknown>;
}

export const round1 = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 10) / 10);

interface BandRow {
  month: LocalDate;
  series: string;
  kind: 'observed' | 'forecast';
  observed?: number;
  mean?: number;
  p2_5?: number;
  p10?: number;
  p50?: number;
  p90?: number;
  p97_5?: number;
}

function bandRows(
  series: readonly Series[],
  months: LocalDate[],
  history?: { months: LocalDate[]; values: (i: number) => number[] },
): BandRow[] {
  const rows: BandRow[] = [];
  if (history) {
    history.months.forEach((month, i) => {
      series.forEach((s, j) => {
        rows.push({ month, series: s.label, kind: 'observed', observed: history.values(j)[i] });
      });
    });
  }
  months.forEach((month, h) => {
    for (const s of series) {
      rows.push({
        month,
        series: s.label,
        kind: 'forecast',
        mean: s.mean[h],
        p2_5: s.p2_5[h],
        p10: s.p10[h],
        p50: s.p50[h],
        p90: s.p90[h],
        p97_5: s.p97_5[h],
      });
    }
  });
  return rows;
}

const BAND_COLUMNS: readonly TableColumn<BandRow>[] = [
  { header: 'Month end', kind: 'date', value: (r) => r.month, width: 12 },
  { header: 'Series', kind: 'text', value: (r) => r.series, width: 36 },
  { header: 'Observed', kind: 'integer', value: (r) => r.observed },
  { header: 'Expected', kind: 'number', value: (r) => round1(r.mean) },
  { header: '95% low', kind: 'number', value: (r) => round1(r.p2_5) },
  { header: '80% low', kind: 'number', value: (r) => round1(r.p10) },
  { header: 'Median', kind: 'number', value: (r) => round1(r.p50) },
  { header: '80% high', kind: 'number', value: (r) => round1(r.p90) },
  { header: '95% high', kind: 'number', value: (r) => round1(r.p97_5) },
];

/** The main table: children in care by placement category and in total, history then forecast. */
export function categorySheet(f: DemandForecast, history?: History): TableSheet<unknown> {
  const series = [...f.byCategory, f.total];
  return sheet({
    name: 'Children by category',
    preamble: [
      `Children in care at each month end, ${f.la}: observed to ${f.origin}, then forecast (${f.simulations} simulations, seed ${f.seed}).`,
    ],
    columns: BAND_COLUMNS,
    rows: bandRows(
      series,
      f.months,
      history && {
        months: history.months,
        values: (j) => (j < history.byCategory.length ? history.byCategory[j]! : history.total),
      },
    ),
  });
}

interface YearRow {
  year: string;
  what: string;
  figure: YearFigure;
}

const YEAR_COLUMNS: readonly TableColumn<YearRow>[] = [
  { header: 'Financial year', kind: 'text', value: (r) => r.year },
  { header: 'What', kind: 'text', value: (r) => r.what, width: 36 },
  { header: 'Expected', kind: 'pence', value: (r) => r.figure.mean, width: 16 },
  { header: '80% low', kind: 'pence', value: (r) => r.figure.p10, width: 16 },
  { header: '80% high', kind: 'pence', value: (r) => r.figure.p90, width: 16 },
  { header: '95% low', kind: 'pence', value: (r) => r.figure.p2_5, width: 16 },
  { header: '95% high', kind: 'pence', value: (r) => r.figure.p97_5, width: 16 },
];

function spendSheets(s: SpendForecast): TableSheet<unknown>[] {
  const years: YearRow[] = s.byYear.flatMap((y) => [
    { year: y.year, what: `All placements${y.months < 12 ? ` (${y.months} months)` : ''}`, figure: y.total },
    { year: y.year, what: 'Placements open at the origin (segment 1)', figure: y.existing },
    { year: y.year, what: 'New placements (segment 2)', figure: y.new },
    ...y.byCategory.map((c) => ({
      year: y.year,
      what: PLACEMENT_CATEGORIES[c.key as PlacementCategory],
      figure: c,
    })),
  ]);
  type MonthRow = { month: LocalDate; what: string; q: Quantiles; h: number };
  const months: MonthRow[] = s.months.flatMap((month, h) => [
    { month, what: 'All placements', q: s.total, h },
    { month, what: 'Open at the origin', q: s.existing, h },
    { month, what: 'New', q: s.new, h },
  ]);
  return [
    sheet({
      name: 'Spend by year',
      preamble: [
        `Weekly unit costs: ${Object.entries(s.assumptions.weekly)
          .map(([k, v]) => `${k} £${(v / 100).toLocaleString('en-GB')}`)
          .join(', ')}; uplift ${(100 * s.assumptions.annualUplift).toFixed(1)}% a year from each 1 April.`,
      ],
      columns: YEAR_COLUMNS,
      rows: years,
    }),
    sheet({
      name: 'Spend by month',
      columns: [
        { header: 'Month end', kind: 'date', value: (r: MonthRow) => r.month, width: 12 },
        { header: 'What', kind: 'text', value: (r: MonthRow) => r.what, width: 22 },
        { header: 'Expected', kind: 'pence', value: (r: MonthRow) => Math.round(r.q.mean[r.h]!), width: 16 },
        { header: '80% low', kind: 'pence', value: (r: MonthRow) => Math.round(r.q.p10[r.h]!), width: 16 },
        { header: '80% high', kind: 'pence', value: (r: MonthRow) => Math.round(r.q.p90[r.h]!), width: 16 },
      ],
      rows: months,
    }),
    sheet({
      name: 'High-cost placements',
      preamble: [
        'Share of each category’s care days in rare, high-cost placements: the LA’s own, the region’s, and the shrunk share used.',
      ],
      columns: [
        {
          header: 'Placement type',
          kind: 'text',
          value: (r: SpendForecast['highCost'][number]) => r.label,
          width: 44,
        },
        { header: 'Weekly cost', kind: 'pence', value: (r) => r.weekly, width: 14 },
        { header: 'LA share', kind: 'percent', value: (r) => r.own },
        { header: 'Region share', kind: 'percent', value: (r) => r.region },
        { header: 'Share used', kind: 'percent', value: (r) => r.share },
        { header: 'Expected spend', kind: 'pence', value: (r) => r.expectedSpend, width: 16 },
      ],
      rows: s.highCost,
    }),
  ];
}

function scenarioSheets(c: ScenarioComparison): TableSheet<unknown>[] {
  type Row = { scenario: string; year: string; figure: YearFigure };
  const spendRows: Row[] = c.scenarios.flatMap((s) =>
    s.spendDifference.map((d) => ({ scenario: s.levers.name, year: d.year, figure: d })),
  );
  type CRow = { scenario: string; category: string; base: number; scen: number; diff: Quantiles; h: number };
  const last = c.baseline.forecast.months.length - 1;
  const countRows: CRow[] = c.scenarios.flatMap((s) => [
    ...s.difference.byCategory.map((d, k) => ({
      scenario: s.levers.name,
      category: d.label,
      base: c.baseline.forecast.byCategory[k]!.mean[last]!,
      scen: s.forecast.byCategory[k]!.mean[last]!,
      diff: d,
      h: last,
    })),
    {
      scenario: s.levers.name,
      category: 'All children in care',
      base: c.baseline.forecast.total.mean[last]!,
      scen: s.forecast.total.mean[last]!,
      diff: s.difference.total,
      h: last,
    },
  ]);
  return [
    sheet({
      name: 'Scenario children',
      preamble: [
        `Children in care at ${c.baseline.forecast.months[last]}: baseline, scenario, and the paired difference (same random draws).`,
      ],
      columns: [
        { header: 'Scenario', kind: 'text', value: (r: CRow) => r.scenario, width: 24 },
        { header: 'Category', kind: 'text', value: (r: CRow) => r.category, width: 36 },
        { header: 'Baseline', kind: 'number', value: (r: CRow) => round1(r.base) },
        { header: 'Scenario', kind: 'number', value: (r: CRow) => round1(r.scen) },
        { header: 'Difference', kind: 'number', value: (r: CRow) => round1(r.diff.mean[r.h]) },
        { header: '80% low', kind: 'number', value: (r: CRow) => round1(r.diff.p10[r.h]) },
        { header: '80% high', kind: 'number', value: (r: CRow) => round1(r.diff.p90[r.h]) },
      ],
      rows: countRows,
    }),
    sheet({
      name: 'Scenario spend',
      preamble: ['Spend difference from the baseline per financial year (negative = saving).'],
      columns: [
        { header: 'Scenario', kind: 'text', value: (r: Row) => r.scenario, width: 24 },
        ...YEAR_COLUMNS.filter((col) => col.header !== 'What').map((col) => ({
          ...col,
          value: (r: Row) => col.value({ year: r.year, what: '', figure: r.figure }),
        })),
      ],
      rows: spendRows,
    }),
  ];
}

/** Every sheet of a forecast export. */
export function forecastSheets(input: {
  forecast: DemandForecast;
  history?: History;
  spend?: SpendForecast;
  scenarios?: ScenarioComparison;
}): TableSheet<unknown>[] {
  const f = input.forecast;
  return [
    categorySheet(f, input.history),
    sheet({
      name: 'Children by age band',
      columns: BAND_COLUMNS,
      rows: bandRows(f.byAgeBand, f.months),
    }),
    sheet({
      name: 'Entries and leavers',
      columns: [
        {
          header: 'Month end',
          kind: 'date',
          value: (r: { month: LocalDate; h: number }) => r.month,
          width: 12,
        },
        { header: 'Entries expected', kind: 'number', value: (r) => round1(f.entries.mean[r.h]) },
        { header: 'Entries 80% low', kind: 'number', value: (r) => f.entries.p10[r.h] },
        { header: 'Entries 80% high', kind: 'number', value: (r) => f.entries.p90[r.h] },
        { header: 'Leavers expected', kind: 'number', value: (r) => round1(f.leavers.mean[r.h]) },
        ...f.startsByCategory.map((c) => ({
          header: `New placements: ${c.label}`,
          kind: 'number' as const,
          value: (r: { h: number }) => round1(c.mean[r.h]),
        })),
      ],
      rows: f.months.map((month, h) => ({ month, h })),
    }),
    ...(input.spend ? spendSheets(input.spend) : []),
    ...(input.scenarios ? scenarioSheets(input.scenarios) : []),
    sheet({
      name: 'Code mapping',
      preamble: ['How SSDA903 placement codes map to the forecast’s categories.'],
      columns: [{ header: 'Category: codes', kind: 'text', value: (r: string) => r, width: 100 }],
      rows: describeCategoryRules(),
    }),
  ];
}
