/**
 * Readers for single cells of a Placements Data Standard sheet. People type the template's words
 * in many ways ("< 5 days", "<5 days", "Yes – must"), so codes are matched ignoring case, spaces
 * and the kind of dash; but a value that is none of the allowed answers is refused, never guessed.
 * Dates arrive as Excel serial numbers, ISO dates or UK dates.
 */
import { fromEpochDay, isLocalDate, type LocalDate, parseUkDate } from '../../domain/shared/dates.ts';
import { type Pence, parsePounds } from '../../domain/shared/money.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** The cell as stored, undoing our own export's formula neutralisation ("'=x" was written for "=x"). */
export function cellText(raw: string | undefined): string {
  const t = (raw ?? '').trim();
  return /^'[=+\-@\t\r]/.test(t) ? t.slice(1) : t;
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, '');
}

/** A case-, space- and dash-insensitive lookup of codes by their labels, codes and aliases. */
export class Vocabulary<K extends string> {
  private readonly map = new Map<string, K>();
  constructor(
    labels: Record<K, string>,
    aliases: Readonly<Record<string, K>> = {},
    private readonly example = Object.values<string>(labels).join(', '),
  ) {
    for (const [code, label] of Object.entries(labels) as [K, string][]) {
      this.map.set(norm(label), code);
      this.map.set(norm(code), code);
    }
    for (const [alias, code] of Object.entries(aliases)) this.map.set(norm(alias), code);
  }

  read(text: string): Parsed<K> {
    const code = this.map.get(norm(text));
    return code === undefined ? bad(`"${text}" is not one of: ${this.example}`) : ok(code);
  }

  /** Several codes in one cell, separated by commas or semicolons; duplicates dropped. */
  readMany(text: string): Parsed<K[]> {
    const out: K[] = [];
    for (const part of text
      .split(/[;,]/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const r = this.read(part);
      if (!r.ok) return r;
      if (!out.includes(r.value)) out.push(r.value);
    }
    return ok(out);
  }
}

/** A count: a whole number, with "NA" meaning none (the template's wording for no siblings). */
export function readCount(text: string, max: number): Parsed<number> {
  if (/^n\/?a$/i.test(text)) return ok(0);
  if (!/^\d+(\.0+)?$/.test(text)) return bad(`"${text}" is not a whole number`);
  const n = Math.trunc(Number(text));
  return n > max ? bad(`${n} is more than ${max}`) : ok(n);
}

/**
 * Pounds per week ("4144", "4,144.50", "£4144") as pence; never negative. A value with more
 * decimals (a weekly figure Excel worked out from a daily one) is rounded to the penny.
 */
export function readMoney(text: string): Parsed<Pence> {
  const p = /^\d+\.\d{3,}$/.test(text) ? Math.round(Number(text) * 100) : parsePounds(text);
  if (p === undefined) return bad(`"${text}" is not an amount in pounds, like 4144.50`);
  return p < 0 ? bad('A cost cannot be negative') : ok(p);
}

/** Excel's day 0 is 30 December 1899 (its 1900 leap-year bug is why it is not 31 December). */
const EXCEL_EPOCH_OFFSET = 25_569;

/**
 * A date as an Excel serial number (the template's own form), YYYY-MM-DD or DD/MM/YYYY. Serials
 * before 1901 are refused: they are where Excel's calendar is wrong, and no PDS date is that old.
 */
export function readDate(text: string, latest: LocalDate): Parsed<LocalDate> {
  let d: LocalDate | undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial < 367 || serial > 2_958_465) return bad(`${text} is not a date`);
    d = fromEpochDay(serial - EXCEL_EPOCH_OFFSET);
  } else if (isLocalDate(text)) {
    d = text;
  } else {
    d = parseUkDate(text);
  }
  if (d === undefined) return bad(`"${text}" is not a real date (use the date format, or DD/MM/YYYY)`);
  if (d > latest) return bad(`${d} is in the future`);
  return ok(d);
}

/**
 * An Ofsted URN ('SC' and six digits for children's social care, or a number of six to eight
 * digits), or the word the 2026 template uses for an unregistered placement.
 */
export function readUrn(text: string): Parsed<{ urn: string | null; unregistered: boolean }> {
  if (/^unregistered/i.test(text)) return ok({ urn: null, unregistered: true });
  const urn = text.toUpperCase().replace(/\s+/g, '');
  return /^(SC\d{6}|\d{6,8})$/.test(urn)
    ? ok({ urn, unregistered: false })
    : bad(`"${text}" is not an Ofsted URN (like SC123456), or "Unregistered"`);
}

/** An outward postcode (district), e.g. 'TA3' or 'BS10': the standard records no more than that. */
export function readOutwardCode(text: string): Parsed<string> {
  const code = text.toUpperCase().replace(/\s+/g, ' ').trim();
  if (/^[A-Z]{1,2}[0-9][0-9A-Z]?$/.test(code)) return ok(code);
  if (/^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9]/.test(code)) {
    return bad(
      `"${text}" is more than the outward code; give only its first part, like ${code.split(' ')[0]}`,
    );
  }
  return bad(`"${text}" is not an outward postcode, like TA3 or BS10`);
}
