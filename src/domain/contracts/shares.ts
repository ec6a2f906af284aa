/**
 * Liability shares. People type shares as fractions ("0.142857", "1/7") or percentages ("14.29%");
 * the contract stores them as integer parts per million that sum to exactly 1,000,000, so every
 * split of a void bill adds up to the penny. A typed set may miss 100% by its own rounding
 * (7 × 14.29% = 100.03%) and is then normalised; a set that misses by more is refused.
 */
import { DomainError, type FieldError, throwIfInvalid } from '../shared/errors.ts';
import { apportion, PPM } from '../shared/money.ts';
import type { LaId, LiabilityShare } from './contract.ts';

/** A share as a person typed it. */
export interface ShareEntry {
  la: LaId;
  name?: string;
  share: string | number;
}

/** The most a typed set may miss 100% by, whatever its precision (0.1 percentage points). */
export const MAX_SHARE_TOLERANCE = 0.001;

interface Parsed {
  value: number;
  /** Half a unit of the last digit typed: the most rounding can have moved this entry. */
  halfUnit: number;
}

function decimals(text: string): number {
  if (/e/i.test(text)) return 15;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Reads "0.25", "25%", "1/4" or 0.25 as a fraction of one; undefined when it is none of those. */
export function parseShare(raw: string | number): Parsed | undefined {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { value: raw, halfUnit: 0.5 * 10 ** -decimals(String(raw)) } : undefined;
  }
  const text = raw.trim();
  const frac = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (frac) {
    const den = Number(frac[2]);
    return den > 0 ? { value: Number(frac[1]) / den, halfUnit: 0 } : undefined;
  }
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (pct) return { value: Number(pct[1]) / 100, halfUnit: (0.5 * 10 ** -decimals(pct[1]!)) / 100 };
  if (/^\d+(?:\.\d+)?$/.test(text)) return { value: Number(text), halfUnit: 0.5 * 10 ** -decimals(text) };
  return undefined;
}

/**
 * Turns typed shares into exact integer parts per million summing to 1,000,000. Refuses, naming
 * the field (`shares[2].share`, or `shares` for the total), a value that is not a share, a
 * duplicate LA, and a set whose total misses 100% by more than its typed precision explains
 * (never more than 0.1 percentage points).
 */
export function sharesFromEntries(entries: readonly ShareEntry[], field = 'shares'): LiabilityShare[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const parsed: Parsed[] = [];
  entries.forEach((e, i) => {
    if (!e.la?.trim()) errors.push({ field: `${field}[${i}].la`, message: 'name the LA' });
    else if (seen.has(e.la)) errors.push({ field: `${field}[${i}].la`, message: `${e.la} is listed twice` });
    seen.add(e.la);
    const p = parseShare(e.share);
    if (!p || p.value < 0 || p.value > 1) {
      errors.push({
        field: `${field}[${i}].share`,
        message: `"${e.share}" is not a share: give a fraction of one (0.25, 1/4) or a percentage (25%)`,
      });
    } else parsed.push(p);
  });
  if (entries.length === 0) errors.push({ field, message: 'a contract needs at least one LA with a share' });
  throwIfInvalid(errors, 'The liability shares have errors');

  const total = parsed.reduce((a, p) => a + p.value, 0);
  const slack = parsed.reduce((a, p) => a + p.halfUnit, 0);
  const tolerance = Math.max(1e-9, Math.min(slack, MAX_SHARE_TOLERANCE));
  if (Math.abs(total - 1) > tolerance) {
    const pct = `${Math.round(total * 1e6) / 1e4}%`;
    throw new DomainError('validation', `The liability shares add up to ${pct}, not 100%`, [
      { field, message: `the shares add up to ${pct}; they must add up to 100%` },
    ]);
  }
  const ppm = apportion(
    PPM,
    parsed.map((p) => Math.round(p.value * 1e12)),
  );
  return entries.map((e, i) => ({ la: e.la, ...(e.name ? { name: e.name } : {}), ppm: ppm[i]! }));
}

/** Problems with stored shares: whole ppm, no LA twice, at least one, summing to exactly 1,000,000. */
export function validateShares(shares: readonly LiabilityShare[], field = 'shares'): FieldError[] {
  const errors: FieldError[] = [];
  if (shares.length === 0) errors.push({ field, message: 'a contract needs at least one LA with a share' });
  const seen = new Set<string>();
  shares.forEach((s, i) => {
    if (seen.has(s.la)) errors.push({ field: `${field}[${i}].la`, message: `${s.la} is listed twice` });
    seen.add(s.la);
    if (!Number.isSafeInteger(s.ppm) || s.ppm < 0 || s.ppm > PPM) {
      errors.push({
        field: `${field}[${i}].ppm`,
        message: 'a share is whole parts per million, 0 to 1,000,000',
      });
    }
  });
  const sum = shares.reduce((a, s) => a + s.ppm, 0);
  if (shares.length > 0 && sum !== PPM) {
    errors.push({ field, message: `the shares sum to ${sum} parts per million, not 1,000,000` });
  }
  return errors;
}

/** A share as a percentage for display ("14.2858%"). */
export function formatShare(ppm: number): string {
  return `${ppm / 10_000}%`;
}
