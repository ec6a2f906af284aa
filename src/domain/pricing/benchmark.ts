/**
 * Price benchmarks: weekly prices grouped by any of the dimensions below, with every partial total,
 * as the viewing LA may see them. Its own placements are always shown (`own`); figures over all
 * placements (`all`) only where small-number suppression allows (suppression.ts).
 *
 * Choose populations from fixed building blocks (whole financial years, the whole region) rather
 * than ad hoc filters: two overlapping populations can be differenced to open a small group. To
 * focus on a segment or a placement type, group by it and pick cells (`selectCells`).
 */

import {
  financialQuarter,
  financialYear,
  type PlacementPrice,
  weeklyTotal,
  zeroSplit,
} from './price-record.ts';
import { addSplit, type PriceStats, summariseSorted } from './quantiles.ts';
import {
  applySuppression,
  buildLattice,
  type LatticeCell,
  MIN_CELL,
  type SuppressionReason,
} from './suppression.ts';

/** Dimensions a benchmark can be grouped by, in the canonical order tables use. */
export const PRICE_DIMENSIONS = [
  'la',
  'provider',
  'segment',
  'placementType',
  'route',
  'urgency',
  'year',
  'quarter',
] as const;
export type PriceDimension = (typeof PRICE_DIMENSIONS)[number];

const VALUE_OF: Record<PriceDimension, (p: PlacementPrice) => string> = {
  la: (p) => p.laCode,
  provider: (p) => p.providerId,
  segment: (p) => p.segment,
  placementType: (p) => p.placementType,
  route: (p) => p.route,
  urgency: (p) => p.urgency,
  year: (p) => financialYear(p.startOn),
  quarter: (p) => financialQuarter(p.startOn),
};

export function dimensionValue(p: PlacementPrice, d: PriceDimension): string {
  return VALUE_OF[d](p);
}

/** Who is looking. `laCode: null` is an outside audience (providers, a published statement). */
export interface Viewer {
  laCode: string | null;
}

export interface BenchmarkCell {
  /** The cell's value on each dimension it is grouped by; a dimension left out is totalled over. */
  key: Partial<Record<PriceDimension, string>>;
  /** The dimensions the cell is grouped by (all of a table's: the body; fewer: a margin). */
  level: PriceDimension[];
  /** Null when published; else why it is hidden. */
  suppressed: SuppressionReason | null;
  /** All placements in the cell, the viewer's included; null when suppressed. */
  all: PriceStats | null;
  /** The viewer's own placements in the cell, always shown; null when they have none. */
  own: PriceStats | null;
}

export interface BenchmarkTable {
  /** In canonical order. */
  groupBy: PriceDimension[];
  minCell: number;
  viewerLaCode: string | null;
  /** Every cell with at least one placement: the body, each partial total and the grand total. */
  cells: BenchmarkCell[];
}

export interface BenchmarkOptions {
  groupBy: readonly PriceDimension[];
  viewer: Viewer;
  minCell?: number;
}

export interface ReleaseOptions {
  /** The tables shown together (each with all its margins), suppressed jointly. */
  groupings: readonly (readonly PriceDimension[])[];
  viewer: Viewer;
  minCell?: number;
}

/** A suppressed lattice over price records, with stats computed only for the cells asked for. */
export interface PriceCube {
  /** Every dimension of any grouping, in canonical order. */
  dims: PriceDimension[];
  records: readonly PlacementPrice[];
  totals: Float64Array;
  viewerLaCode: string | null;
  minCell: number;
  cells: LatticeCell[];
}

/**
 * Builds and suppresses the cells of several tables at once. Tables shown to the same viewer
 * together (one page, one document, one export) must come from one cube: tables suppressed apart
 * could be differenced to open a small cell.
 */
export function buildPriceCube(records: readonly PlacementPrice[], options: ReleaseOptions): PriceCube {
  const dims = canonicalDims(options.groupings.flat(), true);
  const groupings = options.groupings.map((g) => {
    canonicalDims(g);
    return g.reduce((mask, d) => mask | (1 << dims.indexOf(d)), 0);
  });
  const minCell = options.minCell ?? MIN_CELL;
  const viewer = options.viewer.laCode;
  const columns = dims.map((d) => records.map(VALUE_OF[d]));
  const lattice = applySuppression(
    buildLattice(
      records.length,
      dims.length,
      (i, d) => columns[d]![i]!,
      (i) => records[i]!.laCode === viewer,
      groupings,
    ),
    minCell,
  );
  const totals = new Float64Array(records.length);
  records.forEach((r, i) => {
    totals[i] = weeklyTotal(r);
  });
  const cells = [...lattice.cells.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { dims, records, totals, viewerLaCode: viewer, minCell, cells };
}

/** The dimensions in canonical order; a repeat is a mistake unless `merging` several groupings. */
export function canonicalDims(groupBy: readonly PriceDimension[], merging = false): PriceDimension[] {
  const set = new Set(groupBy);
  if (!merging && set.size !== groupBy.length) throw new RangeError('a dimension is repeated in groupBy');
  return PRICE_DIMENSIONS.filter((d) => set.has(d));
}

/** The view of one lattice cell: stats computed here, suppression applied. */
export function viewCell(cube: PriceCube, cell: LatticeCell): BenchmarkCell {
  const key: Partial<Record<PriceDimension, string>> = {};
  cube.dims.forEach((d, i) => {
    const v = cell.values[i];
    if (v !== null && v !== undefined) key[d] = v;
  });
  const published = cell.suppressed === null;
  const viewer = cube.viewerLaCode;
  const all = new Float64Array(published ? cell.members.length : 0);
  const own = new Float64Array(cell.own);
  const allSums = zeroSplit();
  const ownSums = zeroSplit();
  let nOwn = 0;
  let nAll = 0;
  for (const i of cell.members) {
    const r = cube.records[i]!;
    if (published) {
      all[nAll++] = cube.totals[i]!;
      addSplit(allSums, r.weekly);
    }
    if (r.laCode === viewer) {
      own[nOwn++] = cube.totals[i]!;
      addSplit(ownSums, r.weekly);
    }
  }
  return {
    key,
    level: cube.dims.filter((_, i) => cell.mask & (1 << i)),
    suppressed: cell.suppressed,
    all: published ? summariseSorted(all.sort(), allSums) : null,
    own: summariseSorted(own.sort(), ownSums),
  };
}

/**
 * Cells whose grouping is exactly `dims` and whose values match `where`. For example, a trend of
 * one segment: cube grouped by segment and quarter, dims ['segment', 'quarter'], where segment.
 */
export function selectCells(
  cube: PriceCube,
  dims: readonly PriceDimension[],
  where: Partial<Record<PriceDimension, string>> = {},
): BenchmarkCell[] {
  let mask = 0;
  for (const d of dims) {
    const i = cube.dims.indexOf(d);
    if (i < 0) throw new RangeError(`the cube is not grouped by ${d}`);
    mask |= 1 << i;
  }
  const out: BenchmarkCell[] = [];
  for (const cell of cube.cells) {
    if (cell.mask !== mask) continue;
    const matches = Object.entries(where).every(([d, v]) => {
      const i = cube.dims.indexOf(d as PriceDimension);
      return i >= 0 && cell.values[i] === v;
    });
    if (matches) out.push(viewCell(cube, cell));
  }
  return out;
}

/** One table: the body cells, every partial total and the grand total. */
export function benchmarkTable(
  records: readonly PlacementPrice[],
  options: BenchmarkOptions,
): BenchmarkTable {
  const cube = buildPriceCube(records, { ...options, groupings: [options.groupBy] });
  return tableFromCube(cube, cube.dims);
}

/** Several tables suppressed together, in the order asked for (see `buildPriceCube`). */
export function benchmarkRelease(
  records: readonly PlacementPrice[],
  options: ReleaseOptions,
): BenchmarkTable[] {
  const cube = buildPriceCube(records, options);
  return options.groupings.map((g) => tableFromCube(cube, g));
}

/** One grouping of a cube as a table with all its margins. */
export function tableFromCube(cube: PriceCube, grouping: readonly PriceDimension[]): BenchmarkTable {
  const groupBy = canonicalDims(grouping);
  const mask = groupBy.reduce((m, d) => m | (1 << cube.dims.indexOf(d)), 0);
  return {
    groupBy,
    minCell: cube.minCell,
    viewerLaCode: cube.viewerLaCode,
    cells: cube.cells.filter((c) => (c.mask & ~mask) === 0).map((c) => viewCell(cube, c)),
  };
}
