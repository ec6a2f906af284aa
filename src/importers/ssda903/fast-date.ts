/**
 * Parses the dates of a 903 extract straight to epoch days: dd/mm/yyyy as the DfE files write them
 * (one-digit day or month tolerated), or yyyy-mm-dd as data platforms re-export them. Returns NaN for
 * anything that is not a real calendar date. A million rows go through here, so no regex or Date.
 */
import { daysFromCivil } from '../../domain/forecasting/calendar.ts';

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return to > from ? v : Number.NaN;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function make(y: number, m: number, d: number): number {
  if (!(m >= 1 && m <= 12 && d >= 1 && y >= 1900 && y <= 2200)) return Number.NaN;
  if (d > MONTH_DAYS[m - 1]!) return Number.NaN;
  if (m === 2 && d === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return Number.NaN;
  return daysFromCivil(y, m, d);
}

export function parseDateToEpochDay(raw: string): number {
  const s =
    raw.length > 0 && (raw.charCodeAt(0) === 32 || raw.charCodeAt(raw.length - 1) === 32) ? raw.trim() : raw;
  const a = s.indexOf('/');
  if (a > 0) {
    const b = s.indexOf('/', a + 1);
    if (b < 0 || s.length - b - 1 !== 4 || a > 2 || b - a - 1 > 2) return Number.NaN;
    return make(digits(s, b + 1, s.length), digits(s, a + 1, b), digits(s, 0, a));
  }
  if (s.length === 10 && s[4] === '-' && s[7] === '-') {
    return make(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
  }
  return Number.NaN;
}
