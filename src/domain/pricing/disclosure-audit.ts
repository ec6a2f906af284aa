/**
 * Can a hidden cell be worked out from the published ones? Every total equals the sum of its parts,
 * along each dimension; with the published cells known, those equations leave the hidden cells as
 * unknowns. A hidden cell is exactly recoverable when its unit vector lies in the row space of the
 * equations restricted to the hidden cells. We find out by Gaussian elimination to reduced row
 * echelon form.
 *
 * Arithmetic is modulo the prime p = 67,108,859 (just under 2^26), so that a product of two
 * residues is below 2^53 and one floating-point multiply and remainder are exact: the audit runs
 * some 1,500 eliminations for a region of 20 LAs, so this is what makes it fast. Over the
 * rationals a recoverable cell is recoverable modulo p too unless p divides a determinant of the
 * (0, ±1) system, which for a given system happens with probability about 1 in 67 million; a
 * cell recoverable only modulo p would merely be hidden more than needed, which is the safe side.
 */

const P = 67_108_859;

function mulmod(a: number, b: number): number {
  return (a * b) % P;
}

function inverse(a: number): number {
  // Fermat: a^(P-2).
  let result = 1;
  let base = a % P;
  let e = P - 2;
  while (e > 0) {
    if (e & 1) result = mulmod(result, base);
    base = mulmod(base, base);
    e = Math.floor(e / 2);
  }
  return result;
}

/** One equation: parent - Σ children = 0, written over cell ids. */
export interface Equation {
  parent: number;
  children: readonly number[];
}

/**
 * The hidden cells (ids in `hidden`) that the equations determine exactly, given every other cell.
 * Only cells in `ofInterest` are reported (the ones whose disclosure matters).
 */
export function determinedCells(
  equations: readonly Equation[],
  hidden: ReadonlySet<number>,
  ofInterest: ReadonlySet<number>,
): number[] {
  const columns = [...hidden];
  const col = new Map<number, number>();
  columns.forEach((id, i) => {
    col.set(id, i);
  });
  const width = columns.length;
  const rows: Float64Array[] = [];
  for (const eq of equations) {
    let row: Float64Array | undefined;
    const put = (id: number, coef: number) => {
      const c = col.get(id);
      if (c === undefined) return;
      row ??= new Float64Array(width);
      row[c] = (row[c]! + coef + P) % P;
    };
    put(eq.parent, P - 1);
    for (const child of eq.children) put(child, 1);
    if (row) rows.push(row);
  }
  const pivotRowOfColumn = new Int32Array(width).fill(-1);
  const nonZero = new Int32Array(width);
  let rank = 0;
  for (let c = 0; c < width && rank < rows.length; c++) {
    let r = rank;
    while (r < rows.length && rows[r]![c] === 0) r++;
    if (r === rows.length) continue;
    [rows[rank], rows[r]] = [rows[r]!, rows[rank]!];
    const pivot = rows[rank]!;
    const inv = inverse(pivot[c]!);
    // The pivot row's non-zero columns, once: rows are sparse, so eliminating with this list
    // rather than scanning every column is what keeps a large region's audit fast.
    let nz = 0;
    for (let k = c; k < width; k++) {
      if (pivot[k] === 0) continue;
      pivot[k] = mulmod(pivot[k]!, inv);
      nonZero[nz++] = k;
    }
    for (let i = 0; i < rows.length; i++) {
      if (i === rank) continue;
      const row = rows[i]!;
      const f = row[c]!;
      if (f === 0) continue;
      for (let j = 0; j < nz; j++) {
        const k = nonZero[j]!;
        const v = row[k]! - mulmod(f, pivot[k]!);
        row[k] = v < 0 ? v + P : v;
      }
    }
    pivotRowOfColumn[c] = rank;
    rank++;
  }
  const out: number[] = [];
  for (let c = 0; c < width; c++) {
    const id = columns[c]!;
    if (!ofInterest.has(id) || pivotRowOfColumn[c] === -1) continue;
    const row = rows[pivotRowOfColumn[c]!]!;
    let alone = true;
    for (let k = 0; k < width && alone; k++) if (k !== c && row[k] !== 0) alone = false;
    if (alone) out.push(id);
  }
  return out;
}

/**
 * The quick attack: any equation with exactly one unknown gives that unknown away; repeat until
 * nothing more falls. Cheap, and it finds most disclosures; `determinedCells` finds the rest.
 * The index over the equations is built once; each `peel` then costs one pass over them.
 */
export interface Peeler {
  /**
   * For each cell, the equation that gave it away, or -1. `hidden[i]` is 1 for unknown cells. The
   * array returned is reused by the next call: copy it to keep it.
   */
  peel(hidden: Uint8Array): Int32Array;
}

export function peeler(equations: readonly Equation[], cellCount: number): Peeler {
  const members = equations.map((eq) => Int32Array.from([eq.parent, ...eq.children]));
  const degree = new Int32Array(cellCount + 1);
  for (const m of members) for (const c of m) degree[c + 1]!++;
  for (let i = 0; i < cellCount; i++) degree[i + 1]! += degree[i]!;
  const equationsOf = new Int32Array(degree[cellCount]!);
  const fill = degree.slice(0, cellCount);
  members.forEach((m, e) => {
    for (const c of m) equationsOf[fill[c]!++] = e;
  });
  const unknownIn = new Int32Array(equations.length);
  const derivedBy = new Int32Array(cellCount);
  const stack: number[] = [];
  return {
    peel(hidden) {
      derivedBy.fill(-1);
      stack.length = 0;
      for (let e = 0; e < members.length; e++) {
        let n = 0;
        for (const c of members[e]!) n += hidden[c]!;
        unknownIn[e] = n;
        if (n === 1) stack.push(e);
      }
      while (stack.length > 0) {
        const e = stack.pop()!;
        if (unknownIn[e] !== 1) continue;
        let cell = -1;
        for (const c of members[e]!) {
          if (hidden[c] && derivedBy[c] === -1) {
            cell = c;
            break;
          }
        }
        if (cell < 0) continue;
        derivedBy[cell] = e;
        for (let k = degree[cell]!; k < degree[cell + 1]!; k++) {
          const other = equationsOf[k]!;
          if (--unknownIn[other]! === 1) stack.push(other);
        }
      }
      return derivedBy;
    },
  };
}
