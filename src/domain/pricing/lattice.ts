/**
 * The cells of one or more cross-tables with all their margins (a lattice), and the lines that tie
 * them together (a total and the cells that add up to it along one dimension). suppression.ts
 * decides which cells may be published.
 */

/** Why a cell is hidden: too few records of its own, or to protect another cell. */
export type SuppressionReason = 'primary' | 'secondary';

export interface LatticeCell {
  /** Bit i set: the cell is grouped by dimension i (else it is a total over that dimension). */
  readonly mask: number;
  /** The cell's value on each dimension; null where it is a total over the dimension. */
  readonly values: readonly (string | null)[];
  readonly key: string;
  /** Indices of the records in the cell. */
  readonly members: number[];
  /** Records belonging to the viewer. */
  own: number;
  /** Records belonging to anyone else. */
  others: number;
  suppressed: SuppressionReason | null;
}

export interface Lattice {
  readonly dimensionCount: number;
  /** The levels of grouping present (each grouping and every coarser level under it). */
  readonly masks: readonly number[];
  readonly cells: ReadonlyMap<string, LatticeCell>;
}

const SEP = '\u001f';
const TOTAL = '\u0000';

export function cellKey(values: readonly (string | null)[]): string {
  return values.map((v) => v ?? TOTAL).join(SEP);
}

/** Every subset of each grouping mask: the levels a table with all its margins shows. */
export function downSet(groupings: readonly number[]): number[] {
  const out = new Set<number>();
  for (const g of groupings) {
    for (let sub = g; ; sub = (sub - 1) & g) {
      out.add(sub);
      if (sub === 0) break;
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Builds every cell of the given groupings (bit masks over `dimensionCount` dimensions; by default
 * one grouping by all of them) and of all their margins, over `n` records.
 * `valueAt(i, d)` is record i's value on dimension d; `isOwn(i)` says whether the viewer owns it.
 */
export function buildLattice(
  n: number,
  dimensionCount: number,
  valueAt: (i: number, d: number) => string,
  isOwn: (i: number) => boolean,
  groupings: readonly number[] = [(1 << dimensionCount) - 1],
): Lattice {
  if (dimensionCount > 8) throw new RangeError('at most eight dimensions in one lattice');
  const masks = downSet(groupings);
  // Code each record's values as small integers (0 stands for "total"), so a cell is found by a
  // number rather than by building a string for every record at every level.
  const dictionaries = Array.from({ length: dimensionCount }, () => new Map<string, number>());
  const names: string[][] = Array.from({ length: dimensionCount }, () => []);
  const codes = new Int32Array(n * dimensionCount);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dimensionCount; d++) {
      const v = valueAt(i, d);
      let c = dictionaries[d]!.get(v);
      if (c === undefined) {
        c = names[d]!.push(v);
        dictionaries[d]!.set(v, c);
      }
      codes[i * dimensionCount + d] = c;
    }
  }
  const place: number[] = [];
  let radix = 1;
  for (let d = 0; d < dimensionCount; d++) {
    place.push(radix);
    radix *= names[d]!.length + 1;
  }
  if (!Number.isSafeInteger(radix)) throw new RangeError('too many distinct values to cross-tabulate');
  const byCode = new Map<number, LatticeCell>();
  for (let i = 0; i < n; i++) {
    const mine = isOwn(i);
    const base = i * dimensionCount;
    for (const mask of masks) {
      let code = 0;
      for (let d = 0; d < dimensionCount; d++) if (mask & (1 << d)) code += codes[base + d]! * place[d]!;
      let cell = byCode.get(code);
      if (!cell) {
        const values = Array.from({ length: dimensionCount }, (_, d) =>
          mask & (1 << d) ? names[d]![codes[base + d]! - 1]! : null,
        );
        cell = { mask, values, key: cellKey(values), members: [], own: 0, others: 0, suppressed: null };
        byCode.set(code, cell);
      }
      cell.members.push(i);
      if (mine) cell.own++;
      else cell.others++;
    }
  }
  const cells = new Map<string, LatticeCell>();
  for (const cell of byCode.values()) cells.set(cell.key, cell);
  return { dimensionCount, masks, cells };
}

/** A total and, along one dimension, the cells that add up to it. */
export interface Line {
  parent: LatticeCell;
  children: LatticeCell[];
}

export function linesOf(lattice: Lattice): Line[] {
  const byKey = new Map<string, Line>();
  for (const cell of lattice.cells.values()) {
    for (let d = 0; d < lattice.dimensionCount; d++) {
      if (!(cell.mask & (1 << d))) continue;
      const parentValues = cell.values.slice();
      parentValues[d] = null;
      const parentKey = cellKey(parentValues);
      const lineKey = `${parentKey}${SEP}${SEP}${d}`;
      let line = byKey.get(lineKey);
      if (!line) {
        line = { parent: lattice.cells.get(parentKey)!, children: [] };
        byKey.set(lineKey, line);
      }
      line.children.push(cell);
    }
  }
  // A canonical order, so the same records always give the same pattern.
  return [...byKey.keys()].sort().map((k) => {
    const line = byKey.get(k)!;
    line.children.sort(compareKeys);
    return line;
  });
}

export function compareKeys(a: LatticeCell, b: LatticeCell): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
