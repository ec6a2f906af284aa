/**
 * The state of a bed on every day, derived from the ledger as intervals that tile the requested
 * range exactly. Precedence, decided once here:
 *
 *   outside the bed's contract window  >  decommissioned  >  occupied  >  unavailable  >  held  >  void
 *
 * A hold runs for `holdDays` calendar days from the day a placement ends; days inside it that are
 * unavailable stay unavailable (the clock is not paused), and a new placement ends the hold.
 * Placements and unavailability never overlap in one bed (validate-ledger.ts refuses it), so the
 * derivation is a single merge of two sorted lists per bed.
 */
import type { BedState } from '../shared/codes.ts';
import type { DayRange } from '../shared/dates.ts';
import type { BedWindow, LaId, Ledger, Placement, PlacementId, Unavailability } from './ledger.ts';
import { EMPTY_BED, type IndexedBed, indexLedger } from './ledger-index.ts';
import { type Span, toDayRange, toSpan } from './spans.ts';

/** A bed's state on a day; `outside` = before the bed joined the contract or after its end. */
export type DayState = BedState | 'outside';

export interface StateSpan extends Span {
  state: DayState;
  /** The placement in the bed (occupied) or the one whose ending started the hold (held). */
  placement?: Placement;
  unavailability?: Unavailability;
}

/**
 * The bed's states over `range`, as spans that tile it exactly (in order, no gaps, no overlaps).
 * `window` is the bed's contract window in epoch days.
 */
export function bedStateSpans(window: Span, bed: IndexedBed, holdDays: number, range: Span): StateSpan[] {
  const out: StateSpan[] = [];
  const emit = (start: number, end: number, extra: Omit<StateSpan, 'start' | 'end'>) => {
    const s = Math.max(start, range.start);
    const e = Math.min(end, range.end);
    if (s < e) out.push({ start: s, end: e, ...extra });
  };
  const windowEnd = Math.max(window.start, window.end);
  const decommissioned = bed.decommission?.start ?? Number.POSITIVE_INFINITY;
  const activeEnd = Math.max(window.start, Math.min(windowEnd, decommissioned));
  emit(range.start, window.start, { state: 'outside' });

  let cursor = window.start;
  let holdUntil = Number.NEGATIVE_INFINITY;
  let holdFrom: Placement | undefined;
  const fillGap = (to: number) => {
    if (cursor >= to) return;
    if (holdUntil > cursor && holdFrom) {
      emit(cursor, Math.min(to, holdUntil), { state: 'held', placement: holdFrom });
    }
    emit(Math.max(cursor, holdUntil), to, { state: 'void' });
    cursor = to;
  };

  const ps = bed.placements;
  const us = bed.unavailability;
  let i = 0;
  let j = 0;
  while (cursor < activeEnd && (i < ps.length || j < us.length)) {
    const p = ps[i];
    const u = us[j];
    const takePlacement = p !== undefined && (u === undefined || p.start <= u.start);
    const start = takePlacement ? p!.start : u!.start;
    const end = Math.min(takePlacement ? p!.end : u!.end, activeEnd);
    if (takePlacement) i++;
    else j++;
    if (end <= cursor) continue;
    fillGap(Math.min(start, activeEnd));
    const from = Math.max(start, cursor);
    if (takePlacement) {
      emit(from, end, { state: 'occupied', placement: p!.fact });
      if (p!.end < activeEnd) {
        holdUntil = p!.end + holdDays;
        holdFrom = p!.fact;
      }
    } else {
      emit(from, end, {
        state: u!.fact.kind === 'provider' ? 'unavailable-provider' : 'unavailable-agreed',
        unavailability: u!.fact,
      });
    }
    cursor = Math.max(cursor, end);
  }
  fillGap(activeEnd);
  emit(activeEnd, windowEnd, { state: 'decommissioned' });
  emit(windowEnd, range.end, { state: 'outside' });
  return out;
}

/** One row of a bed board: a bed's state over an interval of days. */
export interface BedInterval extends DayRange {
  bed: string;
  state: DayState;
  /** Occupied: the placement; held: the placement whose ending started the hold. */
  placement?: PlacementId;
  /** Occupied: the placing LA; held: the LA whose child left. */
  la?: LaId;
  unavailability?: string;
  reason?: string;
}

/**
 * The bed-board view: each bed's states over `range` as dated intervals, tiling the range exactly.
 * Beds are those of `windows` (the contract's beds); facts about other beds are ignored here and
 * refused by validateLedger.
 */
export function bedTimelines(
  windows: readonly BedWindow[],
  ledger: Ledger,
  holdDays: number,
  range: DayRange,
): BedInterval[] {
  const index = indexLedger(ledger);
  const r = toSpan(range);
  const out: BedInterval[] = [];
  for (const w of windows) {
    const spans = bedStateSpans(toSpan(w), index.get(w.bed) ?? EMPTY_BED, holdDays, r);
    for (const s of spans) {
      const row: BedInterval = { bed: w.bed, ...toDayRange(s), state: s.state };
      if (s.placement) {
        row.placement = s.placement.id;
        row.la = s.placement.la;
      }
      if (s.unavailability) {
        row.unavailability = s.unavailability.id;
        row.reason = s.unavailability.reason;
      }
      out.push(row);
    }
  }
  return out;
}
