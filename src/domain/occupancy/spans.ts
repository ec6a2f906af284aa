/**
 * Interval arithmetic on epoch-day numbers. Dates are LocalDate strings at the edges; inside the
 * engine they become integers (days since 1970-01-01) so that a five-year ledger is a handful of
 * comparisons per bed rather than a loop over 1,826 days. Spans are half-open [start, end); an
 * open end is `Infinity`.
 */
import { type DayRange, fromEpochDay, toEpochDay } from '../shared/dates.ts';

export interface Span {
  start: number;
  end: number;
}

export function toSpan(r: DayRange): Span {
  return { start: toEpochDay(r.from), end: toEpochDay(r.to) };
}

export function toDayRange(s: Span): DayRange {
  return { from: fromEpochDay(s.start), to: fromEpochDay(s.end) };
}

/** Epoch day of an optional exclusive end date: absent means it has not ended. */
export function endDay(d: string | undefined): number {
  return d === undefined ? Number.POSITIVE_INFINITY : toEpochDay(d);
}

/** Splits a span into calendar-month pieces ('2025-04' → its part of the span), in order. */
export function monthPieces(s: Span): Array<{ month: string; span: Span }> {
  const out: Array<{ month: string; span: Span }> = [];
  let start = s.start;
  while (start < s.end) {
    const date = fromEpochDay(start);
    const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
    const next = toEpochDay(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`);
    const end = Math.min(next, s.end);
    out.push({ month: date.slice(0, 7), span: { start, end } });
    start = end;
  }
  return out;
}
