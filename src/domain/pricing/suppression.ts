/**
 * Small-number suppression for tables that aggregate several LAs' records.
 *
 * The viewing LA sees its own records in full. A cell that holds any other LA's records is
 * published only when it holds at least `minCell` (five) of them: fewer, and an LA could work out
 * a neighbour's price for one child ("primary" suppression).
 *
 * Totals are the danger that remains: a hidden cell could be recovered by subtracting published
 * cells from their total, or by a chain of subtractions across a cross-table. So, as "secondary"
 * suppression, more cells are hidden until two things hold:
 *  - the line rule: for every total and the cells that add up to it along one dimension (a "line"),
 *    the hidden cells hold together either no other-LA records or at least `minCell`;
 *  - the audit: no primary-suppressed cell can be worked out exactly from the published cells
 *    through the table's equations (disclosure-audit.ts solves them).
 *
 * A lattice holds one or more groupings ("tables") with all their margins, suppressed jointly: the
 * tables shown together on one page, or in one document, must come from one lattice, because two
 * tables suppressed separately can be differenced (docs/pricing.md).
 */
import { determinedCells, type Equation, type Peeler, peeler } from './disclosure-audit.ts';
import { compareKeys, type Lattice, type LatticeCell, type Line, linesOf } from './lattice.ts';

export {
  buildLattice,
  cellKey,
  downSet,
  type Lattice,
  type LatticeCell,
  type SuppressionReason,
} from './lattice.ts';

/** Below this many other-LA records a cell is not published. */
export const MIN_CELL = 5;

function bySize(a: LatticeCell, b: LatticeCell): number {
  return a.others - b.others || compareKeys(a, b);
}

/** How many candidate cells are tried, each with a full audit, when the quick attack finds nothing. */
const CANDIDATES_TRIED = 8;

/**
 * Marks the lattice's cells as published or suppressed (in place) and returns it: primary
 * suppression, then the line rule and the audit in turn until both pass. When the quick attack
 * (subtraction chains) recovers a primary cell, the smallest published cell in the chain that gave
 * it away is hidden. When only the full audit (elimination) recovers one, the smallest published
 * cell near a hidden one whose hiding stops it is hidden (of the first few tried), else the
 * smallest of them. Every round hides one more cell, so it ends; at worst everything holding other
 * LAs' records is hidden, which discloses nothing.
 */
export function applySuppression(lattice: Lattice, minCell = MIN_CELL): Lattice {
  if (!Number.isInteger(minCell) || minCell < 1) throw new RangeError('minCell must be a positive integer');
  if (minCell === 1) {
    // Nothing is too small to publish, so nothing needs protecting: skip the equations.
    for (const c of lattice.cells.values()) c.suppressed = null;
    return lattice;
  }
  const cells = [...lattice.cells.values()].sort(compareKeys);
  for (const c of cells) c.suppressed = c.others > 0 && c.others < minCell ? 'primary' : null;
  const lines = linesOf(lattice);
  const system = equationSystem(cells, lines);
  for (;;) {
    enforceLineRule(lines, minCell);
    const breaker = chainBreaker(system);
    if (breaker) {
      breaker.suppressed = 'secondary';
      continue;
    }
    const exposed = system.audit();
    if (exposed.length === 0) return lattice;
    const target = exposed[0]!;
    const candidates = candidatesNearHidden(lines);
    if (candidates.length === 0) return lattice; // unreachable: nothing left to hide discloses nothing
    let chosen = candidates[0]!;
    for (const c of candidates.slice(0, CANDIDATES_TRIED)) {
      c.suppressed = 'secondary';
      const stillExposed = system.audit().includes(target);
      c.suppressed = null;
      if (!stillExposed) {
        chosen = c;
        break;
      }
    }
    chosen.suppressed = 'secondary';
  }
}

interface EquationSystem {
  cells: readonly LatticeCell[];
  equations: Equation[];
  peeler: Peeler;
  hidden(): Set<number>;
  /** Primary-suppressed cells the published cells determine exactly. */
  audit(): LatticeCell[];
}

function equationSystem(cells: readonly LatticeCell[], lines: readonly Line[]): EquationSystem {
  const id = new Map<LatticeCell, number>();
  cells.forEach((c, i) => {
    id.set(c, i);
  });
  const equations: Equation[] = lines.map((l) => ({
    parent: id.get(l.parent)!,
    children: l.children.map((c) => id.get(c)!),
  }));
  const hidden = () => {
    const out = new Set<number>();
    cells.forEach((c, i) => {
      if (c.suppressed !== null) out.add(i);
    });
    return out;
  };
  return {
    cells,
    equations,
    peeler: peeler(equations, cells.length),
    hidden,
    audit() {
      const primary = new Set<number>();
      cells.forEach((c, i) => {
        if (c.suppressed === 'primary') primary.add(i);
      });
      if (primary.size === 0) return [];
      return determinedCells(equations, hidden(), primary).map((i) => cells[i]!);
    },
  };
}

/**
 * When a subtraction chain recovers a primary cell, the published cell to hide to break it: of the
 * published cells (holding others' records) in the equations of the chain, the smallest whose
 * hiding stops the chain recovering that cell, else the smallest of them.
 */
function chainBreaker(system: EquationSystem): LatticeCell | undefined {
  const { cells, equations } = system;
  const hidden = new Uint8Array(cells.length);
  cells.forEach((c, i) => {
    if (c.suppressed !== null) hidden[i] = 1;
  });
  const derivedBy = system.peeler.peel(hidden).slice();
  let target = -1;
  for (let i = 0; i < cells.length && target < 0; i++) {
    if (derivedBy[i] !== -1 && cells[i]!.suppressed === 'primary') target = i;
  }
  if (target < 0) return undefined;
  const inChain = new Set<number>();
  const seen = new Set<number>();
  const stack = [target];
  while (stack.length > 0) {
    const e = derivedBy[stack.pop()!]!;
    if (e === -1 || seen.has(e)) continue;
    seen.add(e);
    const eq = equations[e]!;
    for (const member of [eq.parent, ...eq.children]) {
      if (!hidden[member]) {
        if (cells[member]!.others > 0) inChain.add(member);
      } else stack.push(member);
    }
  }
  const candidates = [...inChain].sort((a, b) => bySize(cells[a]!, cells[b]!));
  for (const c of candidates.slice(0, CANDIDATES_TRIED * 2)) {
    hidden[c] = 1;
    const stillRecovered = system.peeler.peel(hidden)[target] !== -1;
    hidden[c] = 0;
    if (!stillRecovered) return cells[c];
  }
  return candidates.length > 0 ? cells[candidates[0]!] : undefined;
}

/** Line rule: hidden parts of a line hold no other-LA records or at least `minCell` of them. */
function enforceLineRule(lines: readonly Line[], minCell: number): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const { parent, children } of lines) {
      if (parent.others === 0) continue;
      let hidden = 0;
      let candidate: LatticeCell | undefined;
      for (const c of children) {
        if (c.others === 0) continue;
        if (c.suppressed) hidden += c.others;
        else if (!candidate || c.others < candidate.others) candidate = c;
      }
      if (hidden === 0 || hidden >= minCell || !candidate) continue;
      candidate.suppressed = 'secondary';
      changed = true;
    }
  }
}

/** Published cells holding others' records that share a line with a hidden cell, smallest first. */
function candidatesNearHidden(lines: readonly Line[]): LatticeCell[] {
  const near = new Set<LatticeCell>();
  for (const { parent, children } of lines) {
    const members = [parent, ...children];
    if (!members.some((c) => c.suppressed && c.others > 0)) continue;
    for (const c of members) if (!c.suppressed && c.others > 0) near.add(c);
  }
  return [...near].sort(bySize);
}

/** The audit on its own: primary-suppressed cells that can be recovered exactly (none, after `applySuppression`). */
export function exposedCells(lattice: Lattice): LatticeCell[] {
  const cells = [...lattice.cells.values()].sort(compareKeys);
  return equationSystem(cells, linesOf(lattice)).audit();
}

/**
 * True when every line passes the line rule, or its total is itself hidden and every other-LA record
 * in it is hidden. For tests and for asserting before anything is published.
 */
export function linesAreProtected(lattice: Lattice, minCell = MIN_CELL): boolean {
  for (const { parent, children } of linesOf(lattice)) {
    let hidden = 0;
    let shown = 0;
    for (const c of children) {
      if (c.suppressed) hidden += c.others;
      else shown += c.others;
    }
    if (hidden === 0 || hidden >= minCell) continue;
    if (parent.suppressed && shown === 0) continue;
    return false;
  }
  return true;
}
