/** Export tables of a backtest: scores (overall, per cut-off, per category) and every point compared. */
import type { BacktestPoint, BacktestResult, Scores } from './backtest.ts';
import { round1, sheet, type TableColumn, type TableSheet } from './report-sheets.ts';

const SCORE_COLUMNS: readonly TableColumn<Scores & { name: string }>[] = [
  { header: 'Scope', kind: 'text', value: (r) => r.name, width: 22 },
  { header: 'MAPE', kind: 'percent', value: (r) => r.mape },
  { header: 'Naive MAPE', kind: 'percent', value: (r) => r.naiveMape },
  { header: 'MAPE at horizon', kind: 'percent', value: (r) => r.mapeAtHorizon },
  { header: 'Naive at horizon', kind: 'percent', value: (r) => r.naiveMapeAtHorizon },
  { header: '80% coverage', kind: 'percent', value: (r) => r.coverage80 },
  { header: '95% coverage', kind: 'percent', value: (r) => r.coverage95 },
  { header: 'Points', kind: 'integer', value: (r) => r.points },
];

/** Backtest scores (overall, per cut-off, per category) and every point compared. */
export function backtestSheets(b: BacktestResult): TableSheet<unknown>[] {
  return [
    sheet({
      name: 'Backtest scores',
      preamble: [
        `Rolling-origin backtest, ${b.horizonMonths}-month horizon; naive = last observed count carried forward.`,
      ],
      columns: SCORE_COLUMNS,
      rows: [
        { name: 'All', ...b.overall },
        ...b.byCutoff.map((c) => ({ name: `From ${c.cutoff}`, ...c })),
        ...b.byCategory.map((c) => ({ name: c.category, ...c })),
      ],
    }),
    sheet({
      name: 'Backtest points',
      columns: [
        { header: 'Cut-off', kind: 'date', value: (r: BacktestPoint) => r.cutoff, width: 12 },
        { header: 'Month end', kind: 'date', value: (r: BacktestPoint) => r.month, width: 12 },
        { header: 'Months ahead', kind: 'integer', value: (r: BacktestPoint) => r.horizon },
        { header: 'Category', kind: 'text', value: (r: BacktestPoint) => r.category, width: 20 },
        { header: 'Actual', kind: 'integer', value: (r: BacktestPoint) => r.actual },
        { header: 'Forecast', kind: 'number', value: (r: BacktestPoint) => round1(r.forecast) },
        { header: 'Naive', kind: 'integer', value: (r: BacktestPoint) => r.naive },
        { header: '80% low', kind: 'number', value: (r: BacktestPoint) => round1(r.p10) },
        { header: '80% high', kind: 'number', value: (r: BacktestPoint) => round1(r.p90) },
        { header: '95% low', kind: 'number', value: (r: BacktestPoint) => round1(r.p2_5) },
        { header: '95% high', kind: 'number', value: (r: BacktestPoint) => round1(r.p97_5) },
      ],
      rows: b.points,
    }),
  ];
}
