import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applySuppression,
  buildLattice,
  cellKey,
  exposedCells,
  type Lattice,
  linesAreProtected,
} from './suppression.ts';

interface Rec {
  la: string;
  dims: string[];
}

function latticeOf(records: readonly Rec[], viewer: string | null, dims: number, minCell = 5): Lattice {
  return applySuppression(
    buildLattice(
      records.length,
      dims,
      (i, d) => records[i]!.dims[d]!,
      (i) => records[i]!.la === viewer,
    ),
    minCell,
  );
}

function many(n: number, la: string, ...dims: string[]): Rec[] {
  return Array.from({ length: n }, () => ({ la, dims }));
}

function status(l: Lattice, values: (string | null)[]) {
  const cell = l.cells.get(cellKey(values));
  return cell ? cell.suppressed : 'absent';
}

describe('small-number suppression: worked cases', () => {
  it('hides a cell with fewer than five other-LA placements, then the next smallest so the total cannot open it', () => {
    // Viewer is LA A. Segment X: 7 from B. Y: 3 from C. Z: 6 from B. W: 2 of A's own.
    const recs = [...many(7, 'B', 'X'), ...many(3, 'C', 'Y'), ...many(6, 'B', 'Z'), ...many(2, 'A', 'W')];
    const l = latticeOf(recs, 'A', 1);
    expect(status(l, ['X'])).toBeNull();
    expect(status(l, ['Y'])).toBe('primary'); // 3 < 5
    // Total others = 16; shown X + Z = 13 would give Y = 3 by subtraction. So the smallest shown
    // cell holding others, Z (6), is hidden too: the hidden pair holds 9 ≥ 5.
    expect(status(l, ['Z'])).toBe('secondary');
    expect(status(l, ['W'])).toBeNull(); // only the viewer's own placements
    expect(status(l, [null])).toBeNull(); // the total holds 16 others
    expect(linesAreProtected(l)).toBe(true);
  });

  it('counts only other LAs towards the five: the viewer’s own placements do not make a cell safe', () => {
    const recs = [...many(10, 'A', 'X'), ...many(4, 'B', 'X'), ...many(9, 'B', 'Y')];
    const l = latticeOf(recs, 'A', 1);
    expect(status(l, ['X'])).toBe('primary'); // 14 placements, but only 4 from others
  });

  it('keeps hiding until the hidden cells hold at least five between them', () => {
    // Others: P 1, Q 2, R 6, S 8. P and Q are hidden (3 together), so R joins them (9).
    const recs = [...many(1, 'B', 'P'), ...many(2, 'C', 'Q'), ...many(6, 'B', 'R'), ...many(8, 'C', 'S')];
    const l = latticeOf(recs, null, 1);
    expect([status(l, ['P']), status(l, ['Q']), status(l, ['R']), status(l, ['S'])]).toEqual([
      'primary',
      'primary',
      'secondary',
      null,
    ]);
  });

  it('hides a total of fewer than five and leaves its parts hidden with it', () => {
    const recs = [...many(2, 'B', 'P'), ...many(1, 'C', 'Q')];
    const l = latticeOf(recs, null, 1);
    expect(status(l, [null])).toBe('primary');
    expect(status(l, ['P'])).toBe('primary');
    expect(linesAreProtected(l)).toBe(true);
  });

  it('protects both lines of a two-way table', () => {
    // Rows X, Y; columns 1, 2. (X,1) has 2 others: hidden. Its row and its column each need a partner.
    const recs = [
      ...many(2, 'B', 'X', '1'),
      ...many(9, 'B', 'X', '2'),
      ...many(8, 'C', 'Y', '1'),
      ...many(7, 'C', 'Y', '2'),
    ];
    const l = latticeOf(recs, null, 2);
    expect(status(l, ['X', '1'])).toBe('primary');
    expect(status(l, ['X', '2'])).toBe('secondary'); // row X
    expect(status(l, ['Y', '1'])).toBe('secondary'); // column 1
    expect(status(l, ['Y', '2'])).toBe('secondary'); // then row Y and column 2 need a partner too
    expect(linesAreProtected(l)).toBe(true);
  });
});

const recordArb = fc.record({
  la: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
  dims: fc.tuple(
    fc.constantFrom('s1', 's2', 's3', 's4'),
    fc.constantFrom('t1', 't2', 't3'),
    fc.constantFrom('r1', 'r2'),
  ),
});
/** Records in clumps (1 to 9 alike), so tables mix small and large cells as real ones do. */
const clumpedRecords = (maxClumps: number) =>
  fc
    .array(fc.tuple(recordArb, fc.integer({ min: 1, max: 9 })), { maxLength: maxClumps })
    .map((clumps) => clumps.flatMap(([r, n]) => Array.from({ length: n }, () => r)));

/**
 * The attack, done by hand: any line (a total and its parts along one dimension) with exactly one
 * unknown member gives that member away; repeat until nothing more can be learnt.
 */
function recoverBySubtraction(l: Lattice): Map<string, number> {
  const known = new Map<string, number>();
  for (const c of l.cells.values()) if (!c.suppressed) known.set(c.key, c.others);
  const cells = [...l.cells.values()];
  const lines: { parent: string; children: string[] }[] = [];
  for (const parent of cells) {
    for (let d = 0; d < l.dimensionCount; d++) {
      if (parent.mask & (1 << d)) continue;
      const children = cells
        .filter(
          (c) =>
            c.mask === (parent.mask | (1 << d)) &&
            c.values.every((v, i) => i === d || v === parent.values[i]),
        )
        .map((c) => c.key);
      if (children.length > 0) lines.push({ parent: parent.key, children });
    }
  }
  let learnt = true;
  while (learnt) {
    learnt = false;
    for (const { parent, children } of lines) {
      const unknown = [parent, ...children].filter((k) => !known.has(k));
      if (unknown.length !== 1) continue;
      const sumChildren = children.reduce((a, k) => a + (known.get(k) ?? 0), 0);
      known.set(unknown[0]!, unknown[0] === parent ? sumChildren : known.get(parent)! - sumChildren);
      learnt = true;
    }
  }
  return known;
}

function expectSafe(l: Lattice): void {
  for (const cell of l.cells.values()) {
    if (cell.suppressed === null) expect(cell.others === 0 || cell.others >= 5).toBe(true);
    // The viewer's own placements are always theirs to see: a cell of only those is never hidden.
    if (cell.others === 0) expect(cell.suppressed).toBeNull();
  }
  expect(linesAreProtected(l)).toBe(true);
  expect(exposedCells(l)).toEqual([]);
  const learnt = recoverBySubtraction(l);
  for (const c of l.cells.values()) if (c.suppressed === 'primary') expect(learnt.has(c.key)).toBe(false);
}

describe('small-number suppression: invariants', () => {
  it('never publishes a cell of one to four other-LA placements, and no subtraction recovers one', () => {
    fc.assert(
      fc.property(
        clumpedRecords(30),
        fc.constantFrom('A', 'B', null),
        fc.integer({ min: 1, max: 3 }),
        (records, viewer, dims) => {
          expectSafe(latticeOf(records, viewer, dims));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps tables released together safe against each other (segment × type beside segment × route)', () => {
    fc.assert(
      fc.property(clumpedRecords(30), fc.constantFrom('A', null), (records, viewer) => {
        const l = applySuppression(
          buildLattice(
            records.length,
            3,
            (i, d) => records[i]!.dims[d]!,
            (i) => records[i]!.la === viewer,
            [0b011, 0b101],
          ),
        );
        expect(l.masks).toEqual([0b000, 0b001, 0b010, 0b011, 0b100, 0b101]);
        expectSafe(l);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same records in another order give the same pattern', () => {
    fc.assert(
      fc.property(clumpedRecords(20), fc.constantFrom('A', null), (records, viewer) => {
        const a = latticeOf(records, viewer, 2);
        const b = latticeOf([...records].reverse(), viewer, 2);
        for (const cell of a.cells.values()) expect(status(b, [...cell.values])).toBe(cell.suppressed);
      }),
      { numRuns: 100 },
    );
  });
});
