/**
 * On- versus off-framework prices, like for like: placements are compared only within the same
 * need segment and placement type, so a framework that happens to buy simpler placements does not
 * look cheaper than it is. Block prices are shown beside them for reference.
 */

import type { NeedSegment, PlacementType } from '../shared/codes.ts';
import type { Pence } from '../shared/money.ts';
import { type BenchmarkCell, buildPriceCube, type PriceCube, selectCells, type Viewer } from './benchmark.ts';
import type { PlacementPrice } from './price-record.ts';
import type { PriceStats } from './quantiles.ts';

export interface RouteCellView {
  /** Over all placements; null when suppressed or there are none. */
  all: PriceStats | null;
  own: PriceStats | null;
  suppressed: boolean;
}

export interface FrameworkComparisonRow {
  segment: NeedSegment;
  placementType: PlacementType;
  framework: RouteCellView;
  spot: RouteCellView;
  block: RouteCellView;
  /** Spot median minus framework median; null unless both are published. */
  spotPremium: Pence | null;
  /** The premium as a fraction of the framework median. */
  spotPremiumShare: number | null;
}

export interface FrameworkComparison {
  rows: FrameworkComparisonRow[];
  /**
   * The like-for-like premium of spot over framework: each compared cell's premium weighted by its
   * number of spot placements (what the spot placements cost above framework rates, per placement).
   * Null when no cell has both routes published.
   */
  weightedSpotPremium: Pence | null;
  /** Spot placements in the compared cells (the weights' sum). */
  comparedSpotPlacements: number;
  comparedCells: number;
}

const EMPTY: RouteCellView = { all: null, own: null, suppressed: false };

/** The comparison over its own cube. To show it beside other tables, use `compareRoutes` on theirs. */
export function frameworkComparison(
  records: readonly PlacementPrice[],
  options: { viewer: Viewer; minCell?: number },
): FrameworkComparison {
  const cube = buildPriceCube(records, {
    groupings: [['segment', 'placementType', 'route']],
    viewer: options.viewer,
    minCell: options.minCell,
  });
  return compareRoutes(cube);
}

/** The comparison read from a cube that has a grouping by segment, placement type and route. */
export function compareRoutes(cube: PriceCube): FrameworkComparison {
  const byPair = new Map<string, FrameworkComparisonRow>();
  for (const cell of selectCells(cube, ['segment', 'placementType', 'route'])) {
    const segment = cell.key.segment as NeedSegment;
    const placementType = cell.key.placementType as PlacementType;
    const pair = `${segment}|${placementType}`;
    let row = byPair.get(pair);
    if (!row) {
      row = {
        segment,
        placementType,
        framework: EMPTY,
        spot: EMPTY,
        block: EMPTY,
        spotPremium: null,
        spotPremiumShare: null,
      };
      byPair.set(pair, row);
    }
    const route = cell.key.route as 'framework' | 'spot' | 'block';
    row[route] = view(cell);
  }
  let weighted = 0;
  let weights = 0;
  let comparedCells = 0;
  const rows = [...byPair.values()];
  for (const row of rows) {
    const fw = row.framework.all;
    const spot = row.spot.all;
    if (!fw || !spot) continue;
    row.spotPremium = spot.median - fw.median;
    row.spotPremiumShare = fw.median > 0 ? row.spotPremium / fw.median : null;
    weighted += row.spotPremium * spot.count;
    weights += spot.count;
    comparedCells++;
  }
  return {
    rows,
    weightedSpotPremium: weights > 0 ? Math.round(weighted / weights) : null,
    comparedSpotPlacements: weights,
    comparedCells,
  };
}

function view(cell: BenchmarkCell): RouteCellView {
  return { all: cell.all, own: cell.own, suppressed: cell.suppressed !== null };
}
