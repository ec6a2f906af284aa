/**
 * The spot counterfactual: what the same placements would have cost bought one by one. A table of
 * weekly spot rates by need segment, each effective from a date until the next, so the comparison
 * can rise over the life of a contract as the market does (the Essex report saw new residential
 * placements average £5,963 a week in 2023/24).
 */
import type { Span } from '../occupancy/spans.ts';
import { isCode, NEED_SEGMENTS, type NeedSegment } from '../shared/codes.ts';
import { isLocalDate, type LocalDate, toEpochDay } from '../shared/dates.ts';
import type { FieldError } from '../shared/errors.ts';
import type { Pence } from '../shared/money.ts';

export interface SpotRate {
  segment: NeedSegment;
  /** Effective from this date until the segment's next rate. */
  from: LocalDate;
  weekly: Pence;
}

interface RateSpan extends Span {
  weekly: Pence;
}

export type SpotTable = ReadonlyMap<NeedSegment, readonly RateSpan[]>;

/** The table as spans per segment, in date order; the last rate runs on indefinitely. */
export function spotTable(rates: readonly SpotRate[]): SpotTable {
  const out = new Map<NeedSegment, RateSpan[]>();
  const sorted = [...rates].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (const r of sorted) {
    const list = out.get(r.segment) ?? [];
    const start = toEpochDay(r.from);
    const last = list[list.length - 1];
    if (last) last.end = start;
    list.push({ start, end: Number.POSITIVE_INFINITY, weekly: r.weekly });
    out.set(r.segment, list);
  }
  return out;
}

/** The weekly spot rate for a segment on a date, or undefined before the table's first rate. */
export function spotWeeklyOn(
  rates: readonly SpotRate[],
  segment: NeedSegment,
  date: LocalDate,
): Pence | undefined {
  const day = toEpochDay(date);
  return spotTable(rates)
    .get(segment)
    ?.find((s) => s.start <= day && day < s.end)?.weekly;
}

/**
 * What `days` of a segment would have cost at spot, in sevenths of a penny, and how many of those
 * days the table did not cover (before its first rate for the segment).
 */
export function spotSevenths(
  table: SpotTable,
  segment: NeedSegment,
  days: Span,
): { sevenths: number; uncovered: number } {
  let sevenths = 0;
  let covered = 0;
  for (const r of table.get(segment) ?? []) {
    const d = Math.min(days.end, r.end) - Math.max(days.start, r.start);
    if (d > 0) {
      sevenths += d * r.weekly;
      covered += d;
    }
  }
  return { sevenths, uncovered: days.end - days.start - covered };
}

/** Problems with a spot-rate table, naming the row's field (`spotRates[3].weekly`). */
export function validateSpotRates(rates: readonly SpotRate[], field = 'spotRates'): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  rates.forEach((r, i) => {
    if (!isCode(NEED_SEGMENTS, r.segment))
      errors.push({ field: `${field}[${i}].segment`, message: `"${r.segment}" is not a need segment` });
    if (!isLocalDate(r.from))
      errors.push({ field: `${field}[${i}].from`, message: `"${r.from}" is not a date` });
    if (!Number.isSafeInteger(r.weekly) || r.weekly <= 0) {
      errors.push({ field: `${field}[${i}].weekly`, message: 'a spot rate is whole pence above zero' });
    }
    const key = `${r.segment}|${r.from}`;
    if (seen.has(key))
      errors.push({
        field: `${field}[${i}].from`,
        message: `${r.segment} already has a rate from ${r.from}`,
      });
    seen.add(key);
  });
  return errors;
}
