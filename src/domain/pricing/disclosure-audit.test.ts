import { describe, expect, it } from 'vitest';
import { determinedCells, peeler } from './disclosure-audit.ts';

describe('determinedCells', () => {
  // Cells 0..n; an equation says cell `parent` is the sum of `children`.
  it('cannot split a total between two hidden parts', () => {
    expect(determinedCells([{ parent: 0, children: [1, 2, 3] }], new Set([1, 2]), new Set([1, 2]))).toEqual(
      [],
    );
  });

  it('finds a single hidden part by subtraction', () => {
    expect(determinedCells([{ parent: 0, children: [1, 2, 3] }], new Set([2]), new Set([2]))).toEqual([2]);
  });

  it('follows a chain: a hidden total recovered from its own parts opens its sibling', () => {
    // 0 = 1 + 2 (1 and 2 hidden); 1 = 3 + 4 (3, 4 published) → 1 known → 2 known.
    const eqs = [
      { parent: 0, children: [1, 2] },
      { parent: 1, children: [3, 4] },
    ];
    expect(determinedCells(eqs, new Set([1, 2]), new Set([2]))).toEqual([2]);
  });

  it('leaves a hidden rectangle of a two-way table closed', () => {
    // 2 × 2 body cells 4..7 = (r1c1, r1c2, r2c1, r2c2); rows 0, 1; columns 2, 3; all four hidden.
    const eqs = [
      { parent: 0, children: [4, 5] },
      { parent: 1, children: [6, 7] },
      { parent: 2, children: [4, 6] },
      { parent: 3, children: [5, 7] },
    ];
    expect(determinedCells(eqs, new Set([4, 5, 6, 7]), new Set([4, 5, 6, 7]))).toEqual([]);
    // Publish one corner and the other three fall out.
    expect(determinedCells(eqs, new Set([4, 5, 6]), new Set([4, 5, 6])).sort()).toEqual([4, 5, 6]);
  });
});

describe('peeler (the subtraction-chain attack)', () => {
  it('recovers along a chain and names the equation that gave each cell away', () => {
    // 0 = 1 + 2; 1 = 3 + 4. Hidden: 1, 2, 4. Nothing opens: 1 = 3 + 4 has two unknowns.
    const eqs = [
      { parent: 0, children: [1, 2] },
      { parent: 1, children: [3, 4] },
    ];
    const p = peeler(eqs, 5);
    expect([...p.peel(Uint8Array.from([0, 1, 1, 0, 1]))]).toEqual([-1, -1, -1, -1, -1]);
    // Publish 4: equation 1 gives 1 away, then equation 0 gives 2 away.
    expect([...p.peel(Uint8Array.from([0, 1, 1, 0, 0]))]).toEqual([-1, 1, 0, -1, -1]);
  });
});
