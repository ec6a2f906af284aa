/**
 * The standard set of price tables for the benchmark page, its exports and the market position
 * statement, suppressed together as one release so no table can be differenced against another.
 * Pages should show these rather than ad hoc groupings; any other grouping is safe on its own
 * (`benchmarkTable`) but not against these.
 */
import {
  type BenchmarkTable,
  buildPriceCube,
  type PriceCube,
  type PriceDimension,
  tableFromCube,
  type Viewer,
} from './benchmark.ts';
import { compareRoutes, type FrameworkComparison } from './framework-comparison.ts';
import type { PlacementPrice } from './price-record.ts';
import { type PriceTrend, trendFromCube } from './price-trend.ts';
import { type ProviderAboveRow, providersAboveBenchmark } from './providers-above.ts';

export const STANDARD_GROUPINGS = {
  /** Segment × placement type × route: the main table, and on/off framework like for like. */
  byRoute: ['segment', 'placementType', 'route'],
  /** Segment × placement type × notice given. */
  byUrgency: ['segment', 'placementType', 'urgency'],
  /** Segment × placement type × financial year: the yearly trend of each slice. */
  byYear: ['segment', 'placementType', 'year'],
  /** Placement type × financial quarter: the quarterly trend. */
  byQuarter: ['placementType', 'quarter'],
} as const satisfies Record<string, readonly PriceDimension[]>;
export type StandardTable = keyof typeof STANDARD_GROUPINGS;

export interface BenchmarkPack {
  viewerLaCode: string | null;
  minCell: number;
  tables: Record<StandardTable, BenchmarkTable>;
  /** Residential prices by quarter across every segment. */
  residentialTrend: PriceTrend;
  frameworkComparison: FrameworkComparison;
  providersAbove: ProviderAboveRow[];
}

export function standardCube(
  records: readonly PlacementPrice[],
  options: { viewer: Viewer; minCell?: number },
): PriceCube {
  return buildPriceCube(records, { groupings: Object.values(STANDARD_GROUPINGS), ...options });
}

export function benchmarkPack(
  records: readonly PlacementPrice[],
  options: { viewer: Viewer; minCell?: number },
): BenchmarkPack {
  const cube = standardCube(records, options);
  const tables = {} as Record<StandardTable, BenchmarkTable>;
  for (const name of Object.keys(STANDARD_GROUPINGS) as StandardTable[]) {
    tables[name] = tableFromCube(cube, STANDARD_GROUPINGS[name]);
  }
  return {
    viewerLaCode: cube.viewerLaCode,
    minCell: cube.minCell,
    tables,
    residentialTrend: trendFromCube(cube, { by: 'quarter', slice: { placementType: 'residential' } }),
    frameworkComparison: compareRoutes(cube),
    providersAbove: providersAboveBenchmark(records, options),
  };
}
