/**
 * Reading one cell of an Ofsted file. Each reader returns a value or a sentence saying what is
 * wrong, which the row checks attach to the row number and column heading.
 */
import type { OfstedRating } from '../../domain/shared/codes.ts';
import { addDays, isLocalDate, type LocalDate, parseUkDate } from '../../domain/shared/dates.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

/** Cells Ofsted and LAs use to mean "nothing here". */
export function isEmptyMarker(text: string): boolean {
  return /^(|-|–|—|n\/?a|null|none)$/i.test(text.trim());
}

export const REDACTED = 'REDACTED';
export const isRedacted = (text: string) => text.trim().toUpperCase() === REDACTED;

const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * A cell a spreadsheet program could run as a formula (CWE-1236). Plain signed numbers are fine;
 * anything else starting with = + - @ or a tab or carriage return is refused, not neutralised:
 * nothing in an Ofsted list legitimately looks like that.
 */
export function formulaProblem(text: string): string | undefined {
  if (!/^[=+\-@\t\r]/.test(text) || /^[+-]?\d+(\.\d+)?$/.test(text) || isEmptyMarker(text)) return undefined;
  return `"${shown(text)}" looks like a spreadsheet formula; remove it`;
}

/**
 * Ofsted unique reference numbers: social care providers registered before 2020 have "SC" and six
 * digits (SC123456); newer registrations and education settings have six or seven digits. The
 * SSDA903 placeholder XXXXXXX is not a provider.
 */
export function parseUrn(text: string): Parsed<string> {
  const t = text.trim().toUpperCase().replace(/\s+/g, '');
  if (t === '') return bad('the URN is missing');
  if (/^X+$/.test(t)) return bad(`"${shown(text.trim())}" is a placeholder, not a provider's URN`);
  if (/^SC\d{6}$/.test(t) || /^\d{6,7}$/.test(t)) return ok(t);
  return bad(`"${shown(text.trim())}" is not an Ofsted URN (SC and 6 digits, or 6 or 7 digits)`);
}

const RATINGS: Record<string, OfstedRating | null> = {
  outstanding: 'outstanding',
  '1': 'outstanding',
  good: 'good',
  '2': 'good',
  'requires improvement to be good': 'requires-improvement',
  'requires improvement': 'requires-improvement',
  adequate: 'requires-improvement',
  satisfactory: 'requires-improvement',
  '3': 'requires-improvement',
  inadequate: 'inadequate',
  '4': 'inadequate',
  'not yet inspected': 'not-yet-inspected',
  'not judged': null,
  '5': null,
};

/**
 * Ofsted's judgement words, old and new: "Requires improvement" (2015–17) and "Adequate" /
 * "Satisfactory" (before 2015) read as today's "Requires improvement to be good", as Ofsted's own
 * notes do; "Not judged" (5) and "not provided … ILACS" mean no rating.
 */
export function parseRating(text: string): Parsed<OfstedRating | null> {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (isEmptyMarker(t) || t.startsWith('not provided')) return ok(null);
  if (Object.hasOwn(RATINGS, t)) return ok(RATINGS[t]!);
  return bad(
    `"${shown(text.trim())}" is not an Ofsted judgement (Outstanding, Good, Requires improvement to be good, Inadequate)`,
  );
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Dates as Ofsted and Excel write them: ISO (from XLSX date cells), day/month/year with slashes
 * or dashes, "31 March 2024" or "31-Mar-2024", or an Excel day serial. Never month/day/year.
 */
export function parseDate(text: string): Parsed<LocalDate | null> {
  const t = text.trim();
  if (isEmptyMarker(t)) return ok(null);
  if (isLocalDate(`${t}`)) return ok(t); // (a copy, so TypeScript does not narrow t to never)
  const iso = /^(\d{4}-\d{2}-\d{2})T00:00:00(\.000)?Z?$/.exec(t);
  if (iso && isLocalDate(iso[1])) return ok(iso[1]!);
  const uk = parseUkDate(t.replace(/-/g, '/'));
  if (uk) return ok(uk);
  const named = /^(\d{1,2})[\s-]([A-Za-z]{3,9})[\s-](\d{4})$/.exec(t);
  if (named) {
    const m = MONTHS.indexOf(named[2]!.slice(0, 3).toLowerCase());
    const d = `${named[3]}-${String(m + 1).padStart(2, '0')}-${named[1]!.padStart(2, '0')}`;
    if (m >= 0 && isLocalDate(d)) return ok(d);
  }
  if (/^\d{5}$/.test(t) && Number(t) > 20_000 && Number(t) < 80_000)
    return ok(addDays('1899-12-30', Number(t)));
  return bad(`"${shown(t)}" is not a date (use day/month/year, e.g. 31/03/2025)`);
}

export function parsePlaces(text: string): Parsed<number | null> {
  const t = text.trim();
  if (isEmptyMarker(t)) return ok(null);
  if (!/^\d+(\.0+)?$/.test(t)) return bad(`"${shown(t)}" is not a whole number of places`);
  const n = Number(t);
  return n <= 5_000 ? ok(n) : bad(`${n} places is more than any provider has`);
}

const YES = new Set(['y', 'yes', 'x', '1', 'true', '✓', '✔']);
const NO = new Set(['n', 'no', '0', 'false']);

/** A registration-category column: ticked or not. */
export function parseTick(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase();
  if (YES.has(t)) return ok(true);
  if (NO.has(t) || isEmptyMarker(t)) return ok(false);
  return bad(`"${shown(text.trim())}" is not Yes or No`);
}

export const REGISTRATION_STATUSES = ['active', 'suspended', 'resigned', 'cancelled', 'closed'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export function parseStatus(text: string): Parsed<RegistrationStatus | null> {
  const t = text.trim().toLowerCase();
  if (isEmptyMarker(t)) return ok(null);
  if (t === 'active' || t === 'registered' || t === 'open') return ok('active');
  if (t === 'deregistered') return ok('closed');
  const found = REGISTRATION_STATUSES.find((s) => s === t);
  return found
    ? ok(found)
    : bad(
        `"${shown(text.trim())}" is not a registration status (Active, Suspended, Resigned, Cancelled, Closed)`,
      );
}
