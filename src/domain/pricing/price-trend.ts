/**
 * Prices over time: the median and quartiles of weekly prices by financial quarter (or year) of
 * placement start, for the whole region or one slice of it, ready for a line chart with its table.
 * The slice is chosen as cells of a grouped cube, never by filtering records first, so the points
 * are hidden exactly where the matching benchmark table hides them.
 */

import type { Pence } from '../shared/money.ts';
import {
  type BenchmarkCell,
  buildPriceCube,
  type PriceCube,
  type PriceDimension,
  selectCells,
  type Viewer,
} from './benchmark.ts';
import type { PlacementPrice } from './price-record.ts';

export type TrendSlice = Partial<Record<'segment' | 'placementType' | 'route' | 'urgency', string>>;

export interface TrendPoint {
  period: string;
  /** Null when the period's cell is suppressed. */
  count: number | null;
  median: Pence | null;
  q1: Pence | null;
  q3: Pence | null;
  ownCount: number;
  ownMedian: Pence | null;
  suppressed: boolean;
}

export interface PriceTrend {
  by: 'quarter' | 'year';
  slice: TrendSlice;
  points: TrendPoint[];
}

/** A trend over its own cube. To show it beside other tables, use `trendFromCube` on theirs. */
export function priceTrend(
  records: readonly PlacementPrice[],
  options: { viewer: Viewer; slice?: TrendSlice; by?: 'quarter' | 'year'; minCell?: number },
): PriceTrend {
  const by = options.by ?? 'quarter';
  const sliceDims = Object.keys(options.slice ?? {}) as PriceDimension[];
  const cube = buildPriceCube(records, {
    groupings: [[...sliceDims, by]],
    viewer: options.viewer,
    minCell: options.minCell,
  });
  return trendFromCube(cube, { by, slice: options.slice });
}

/** A trend read from a cube that has a grouping by the slice's dimensions and the period. */
export function trendFromCube(
  cube: PriceCube,
  options: { by: 'quarter' | 'year'; slice?: TrendSlice },
): PriceTrend {
  const slice = options.slice ?? {};
  const dims = [...(Object.keys(slice) as PriceDimension[]), options.by];
  const points = selectCells(cube, dims, slice)
    .map((cell) => toPoint(cell, options.by))
    .sort((a, b) => (a.period < b.period ? -1 : 1));
  return { by: options.by, slice, points };
}

function toPoint(cell: BenchmarkCell, by: 'quarter' | 'year'): TrendPoint {
  return {
    period: cell.key[by]!,
    count: cell.all?.count ?? null,
    median: cell.all?.median ?? null,
    q1: cell.all?.q1 ?? null,
    q3: cell.all?.q3 ?? null,
    ownCount: cell.own?.count ?? 0,
    ownMedian: cell.own?.median ?? null,
    suppressed: cell.suppressed !== null,
  };
}
