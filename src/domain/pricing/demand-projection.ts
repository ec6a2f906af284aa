/**
 * A simple projection of demand by need segment, for a market position statement when no demand
 * forecast is stored: placements started in the last four complete financial quarters (the current
 * yearly level), grown each year by the change from the four quarters before them (when there are
 * eight), the change held between −25% and +25% a year. It is labelled as a projection wherever it
 * is shown: it knows nothing of the child population, entries to care or policy, as a real forecast
 * does.
 *
 * Segments with fewer than `minCell` placements in the last four quarters are not projected (a
 * projection of very few children would be close to publishing their number).
 */
import { NEED_SEGMENTS, type NeedSegment } from '../shared/codes.ts';
import { addMonths, type LocalDate } from '../shared/dates.ts';
import type { DemandForecastPoint } from './mps-types.ts';
import { financialQuarter, financialYear } from './price-record.ts';
import { MIN_CELL } from './suppression.ts';

export interface ProjectionInput {
  segment: NeedSegment;
  startOn: LocalDate;
}

export interface DemandProjection {
  points: DemandForecastPoint[];
  /** The complete quarters used (up to eight: the last four give the level, the four before the change). */
  basedOn: { from: string; to: string; quarters: number } | null;
  /** Segments left out because they had too few placements to project. */
  leftOut: NeedSegment[];
}

/** The first day of the financial quarter a day falls in. */
export function quarterStart(d: LocalDate): LocalDate {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const startMonth = [1, 4, 7, 10].filter((s) => s <= m).at(-1)!;
  return `${y}-${String(startMonth).padStart(2, '0')}-01`;
}

export function projectDemand(
  records: readonly ProjectionInput[],
  options: { cutoff: LocalDate; years?: number; minCell?: number; maxGrowth?: number },
): DemandProjection {
  const cutoff = quarterStart(options.cutoff);
  const minCell = options.minCell ?? MIN_CELL;
  const years = options.years ?? 2;
  const maxGrowth = options.maxGrowth ?? 0.25;
  const first = records.reduce<LocalDate | null>(
    (m, r) => (m === null || r.startOn < m ? r.startOn : m),
    null,
  );
  if (first === null || first >= cutoff) return { points: [], basedOn: null, leftOut: [] };
  // The last eight complete quarters before the cutoff, from the first with data.
  const quarters: LocalDate[] = [];
  for (let q = addMonths(cutoff, -3); q >= quarterStart(first) && quarters.length < 8; q = addMonths(q, -3))
    quarters.unshift(q);
  const index = new Map(quarters.map((q, i) => [financialQuarter(q), i]));
  const segments = Object.keys(NEED_SEGMENTS) as NeedSegment[];
  const counts = new Map(segments.map((s) => [s, new Array<number>(quarters.length).fill(0)]));
  for (const r of records) {
    if (r.startOn >= cutoff) continue;
    const i = index.get(financialQuarter(r.startOn));
    if (i !== undefined) counts.get(r.segment)![i]!++;
  }
  // The financial years to project: the next that has not started by the cutoff, and those after.
  const firstYearStart =
    financialYear(cutoff) === financialYear(addMonths(cutoff, -3)) ? nextApril(cutoff) : cutoff;
  const points: DemandForecastPoint[] = [];
  const leftOut: NeedSegment[] = [];
  for (const s of segments) {
    const ys = counts.get(s)!;
    if (ys.every((y) => y === 0)) continue;
    const level = ys.slice(-4).reduce((a, b) => a + b, 0);
    if (level < minCell || quarters.length < 4) {
      leftOut.push(s);
      continue;
    }
    const before = quarters.length === 8 ? ys.slice(0, 4).reduce((a, b) => a + b, 0) : 0;
    const growth = before > 0 ? Math.max(-maxGrowth, Math.min(maxGrowth, level / before - 1)) : 0;
    for (let k = 1; k <= years; k++) {
      points.push({
        segment: s,
        period: financialYear(addMonths(firstYearStart, 12 * (k - 1))),
        expected: Math.round(level * (1 + growth) ** k),
        low: null,
        high: null,
      });
    }
  }
  const used = quarters.slice(-4);
  return {
    points,
    basedOn: used.length
      ? {
          from: financialQuarter(quarters[0]!),
          to: financialQuarter(used.at(-1)!),
          quarters: quarters.length,
        }
      : null,
    leftOut,
  };
}

function nextApril(d: LocalDate): LocalDate {
  const y = Number(d.slice(0, 4));
  return Number(d.slice(5, 7)) >= 4 ? `${y + 1}-04-01` : `${y}-04-01`;
}
