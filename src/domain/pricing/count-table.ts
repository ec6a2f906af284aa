/**
 * Counts of children for a published document (the market position statement): a count of one to
 * four is not shown, with secondary suppression so it cannot be recovered from totals. The same
 * machinery as the price tables (suppression.ts), with every record counted as someone else's.
 */
import { applySuppression, buildLattice, cellKey, MIN_CELL } from './suppression.ts';

export interface CountCube<D extends string> {
  dims: readonly D[];
  /**
   * The published count of the cell with these values (a dimension left out is totalled over):
   * 0 when there are none, null when hidden.
   */
  count(where: Partial<Record<D, string>>): number | null;
}

/** Builds the counts of `items` by the given dimensions and all their totals, suppressed. */
export function countCube<T, D extends string>(
  items: readonly T[],
  dimensions: Readonly<Record<D, (item: T) => string>>,
  minCell = MIN_CELL,
): CountCube<D> {
  const dims = Object.keys(dimensions) as D[];
  const lattice = applySuppression(
    buildLattice(
      items.length,
      dims.length,
      (i, d) => dimensions[dims[d]!](items[i]!),
      () => false,
    ),
    minCell,
  );
  return {
    dims,
    count(where) {
      const cell = lattice.cells.get(cellKey(dims.map((d) => where[d] ?? null)));
      if (!cell) return 0;
      return cell.suppressed ? null : cell.others;
    },
  };
}

/** A published count: over everyone (null when hidden) and the viewer's own share of it. */
export interface ReleasedCount {
  /** Every record in the cell, the viewer's included; null when suppressed. */
  all: number | null;
  /** The viewer's own records in the cell: always shown. */
  own: number;
  /** Null when published; else why it is hidden. */
  suppressed: 'primary' | 'secondary' | null;
}

export interface CountRelease<D extends string> {
  dims: readonly D[];
  /**
   * The cell with these values (a dimension left out is totalled over); `{ all: 0, own: 0 }` for a
   * cell with no records. Only cells of the release's groupings (and their margins) exist.
   */
  count(where: Partial<Record<D, string>>): ReleasedCount;
}

export interface CountReleaseOptions<T, D extends string> {
  dimensions: Readonly<Record<D, (item: T) => string>>;
  /**
   * The tables shown together (each with all its margins), suppressed jointly as one lattice; by
   * default one table by every dimension.
   */
  groupings?: readonly (readonly NoInfer<D>[])[];
  /** Whether the viewer owns the record (its own records are always shown and never count towards the five). */
  isOwn?: (item: T) => boolean;
  minCell?: number;
}

/**
 * Counts for one viewer, as `countCube` but with the viewer's own records (an LA's own referrals)
 * shown in full and several tables suppressed together: a cell holding any other LA's records is
 * published only when it holds at least `minCell` of them, with secondary suppression across every
 * table of the release. Everything an LA is shown about other LAs' children on one page or in one
 * export must come from one release.
 */
export function countRelease<T, D extends string>(
  items: readonly T[],
  options: CountReleaseOptions<T, D>,
): CountRelease<D> {
  const dims = Object.keys(options.dimensions) as D[];
  const getters = dims.map((d) => options.dimensions[d]);
  const isOwn = options.isOwn ?? (() => false);
  const groupings = (options.groupings ?? [dims]).map((g) =>
    g.reduce((mask, d) => {
      const i = dims.indexOf(d);
      if (i < 0) throw new RangeError(`unknown dimension ${d}`);
      return mask | (1 << i);
    }, 0),
  );
  const lattice = applySuppression(
    buildLattice(
      items.length,
      dims.length,
      (i, d) => getters[d]!(items[i]!),
      (i) => isOwn(items[i]!),
      groupings,
    ),
    options.minCell ?? MIN_CELL,
  );
  return {
    dims,
    count(where) {
      const mask = dims.reduce((m, d, i) => (where[d] === undefined ? m : m | (1 << i)), 0);
      if (!lattice.masks.includes(mask)) throw new RangeError('that cell is not in any table of the release');
      const cell = lattice.cells.get(cellKey(dims.map((d) => where[d] ?? null)));
      if (!cell) return { all: 0, own: 0, suppressed: null };
      return {
        all: cell.suppressed ? null : cell.own + cell.others,
        own: cell.own,
        suppressed: cell.suppressed,
      };
    },
  };
}
