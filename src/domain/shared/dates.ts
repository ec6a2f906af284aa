/**
 * Calendar days are ISO strings ('2025-03-31'), never Date objects: placements are charged by the
 * night, and time zones must not move a night. Arithmetic goes through the epoch-day number
 * (days since 1970-01-01), computed in UTC.
 */
export type LocalDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function assertLocalDate(s: string, what = 'date'): LocalDate {
  if (!isLocalDate(s)) throw new RangeError(`${what} must be a real date as YYYY-MM-DD, got "${s}"`);
  return s;
}

export function toEpochDay(d: LocalDate): number {
  const m = ISO.exec(d);
  if (!m) throw new RangeError(`not a date: ${d}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

export function fromEpochDay(n: number): LocalDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return fromEpochDay(toEpochDay(d) + n);
}

/** Number of days from `a` to `b` (b - a); negative when b is before a. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

function parts(d: LocalDate): [number, number, number] {
  const m = ISO.exec(d);
  if (!m) throw new RangeError(`not a date: ${d}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function make(y: number, m: number, d: number): LocalDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return make(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}

export function addYears(d: LocalDate, n: number): LocalDate {
  return addMonths(d, 12 * n);
}

export function startOfMonth(d: LocalDate): LocalDate {
  const [y, m] = parts(d);
  return make(y, m, 1);
}

export function endOfMonth(d: LocalDate): LocalDate {
  const [y, m] = parts(d);
  return make(y, m, daysInMonth(y, m));
}

/** '2025-03' for any day in March 2025. */
export function monthKey(d: LocalDate): string {
  return d.slice(0, 7);
}

/** Whole years of age on `on` for someone born on `birth` (birthday counts on the day). */
export function ageOn(birth: LocalDate, on: LocalDate): number {
  const [by, bm, bd] = parts(birth);
  const [y, m, d] = parts(on);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/** Start of the SSDA903 collection year containing `d` (years run 1 April to 31 March). */
export function collectionYearStart(d: LocalDate): LocalDate {
  const [y, m] = parts(d);
  return make(m >= 4 ? y : y - 1, 4, 1);
}

/** Parses dd/mm/yyyy (SSDA903 and UK spreadsheets). Undefined when it is not a real date. */
export function parseUkDate(s: string): LocalDate | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s.trim());
  if (!m) return undefined;
  const iso = make(Number(m[3]), Number(m[2]), Number(m[1]));
  return isLocalDate(iso) ? iso : undefined;
}

/** "31 March 2025" (GOV.UK style). */
export function formatLongDate(d: LocalDate): string {
  const [y, m, day] = parts(d);
  const month = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ][m - 1];
  return `${day} ${month} ${y}`;
}

/** A half-open interval of days [from, to): `to` is the first day NOT included. */
export interface DayRange {
  from: LocalDate;
  to: LocalDate;
}

export function overlaps(a: DayRange, b: DayRange): boolean {
  return a.from < b.to && b.from < a.to;
}

/** The overlap of two half-open ranges, or undefined when they do not overlap. */
export function intersect(a: DayRange, b: DayRange): DayRange | undefined {
  const from = maxDate(a.from, b.from);
  const to = minDate(a.to, b.to);
  return from < to ? { from, to } : undefined;
}

export function rangeLength(r: DayRange): number {
  return daysBetween(r.from, r.to);
}
