/**
 * Moments in time for the referral pathway. Response windows are counted in hours ("48 hours to
 * respond"), so the pathway needs instants as well as the calendar days (`LocalDate`) the bed ledger
 * uses. An instant is an ISO 8601 UTC string ('2026-03-02T09:30:00.000Z'): plain data that sorts,
 * stores in a timestamptz column and crosses JSON unchanged.
 */
import type { LocalDate } from '../shared/dates.ts';

export type Instant = string;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MS_PER_HOUR = 3_600_000;

export function isInstant(s: unknown): s is Instant {
  return typeof s === 'string' && INSTANT.test(s) && !Number.isNaN(Date.parse(s));
}

function ms(t: Instant): number {
  const n = Date.parse(t);
  if (Number.isNaN(n)) throw new RangeError(`not an instant: ${t}`);
  return n;
}

/** The same moment in canonical form (UTC, milliseconds), so equal moments compare equal as text. */
export function normaliseInstant(t: Instant): Instant {
  return new Date(ms(t)).toISOString();
}

export function addHours(t: Instant, hours: number): Instant {
  return new Date(ms(t) + hours * MS_PER_HOUR).toISOString();
}

export function compareInstants(a: Instant, b: Instant): number {
  return Math.sign(ms(a) - ms(b));
}

/** True when `a` is at or after `b`. */
export function isAtOrAfter(a: Instant, b: Instant): boolean {
  return ms(a) >= ms(b);
}

/** Hours from `a` to `b` (negative when b is earlier). */
export function hoursBetween(a: Instant, b: Instant): number {
  return (ms(b) - ms(a)) / MS_PER_HOUR;
}

/**
 * The calendar day an instant falls on in England (Europe/London), which is the day a placement
 * officer would write on a form: 00:30 BST on 1 July is still 1 July, not 30 June.
 */
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function londonDay(t: Instant): LocalDate {
  // One formatter for every call: building an Intl formatter costs far more than using one.
  const parts = LONDON_DAY.formatToParts(new Date(ms(t)));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "4 March 2026, 09:00" in England's time, for messages people read. */
export function formatLondonTime(t: Instant): string {
  const d = new Date(ms(t));
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(d);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
  return `${date}, ${time}`;
}
