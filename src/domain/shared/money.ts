/**
 * Money is whole pence (integers), never floats: statements must reconcile to the penny
 * across every LA and the provider. Rates that are not whole pence per day (a weekly rate / 7)
 * are carried as exact integers in a finer unit and rounded once, at the end of a statement line.
 */
export type Pence = number;

export function assertPence(n: number, what = 'amount'): Pence {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be whole pence, got ${n}`);
  return n;
}

/** Parses "£4,144", "4144.50", "4144" (pounds) into pence. Returns undefined when it is not money. */
export function parsePounds(text: string): Pence | undefined {
  const cleaned = text.trim().replace(/^£/, '').replace(/,/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const negative = cleaned.startsWith('-');
  const [whole = '0', frac = ''] = cleaned.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  // Beyond 2^53 pence the amount is no longer exact: no real price is anywhere near it.
  if (!Number.isSafeInteger(value)) return undefined;
  return negative ? -value : value;
}

/** Pounds as a number (for display and charts only, never for arithmetic). */
export function toPounds(p: Pence): number {
  return p / 100;
}

export function poundsToPence(pounds: number): Pence {
  return Math.round(pounds * 100);
}

/** "£4,144.00", or "£4,144" with wholePounds. Negative amounts as "−£12.00". */
export function formatPence(p: Pence, opts: { wholePounds?: boolean } = {}): string {
  const sign = p < 0 ? '−' : '';
  const abs = Math.abs(p);
  if (opts.wholePounds) {
    return `${sign}£${Math.round(abs / 100).toLocaleString('en-GB')}`;
  }
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  const pennies = String(abs % 100).padStart(2, '0');
  return `${sign}£${pounds}.${pennies}`;
}

/**
 * Integer division rounded half away from zero (the rounding HMRC and most finance teams use
 * for money). Both arguments must be integers and the divisor positive.
 */
export function divRound(numerator: number, divisor: number): number {
  if (divisor <= 0 || !Number.isSafeInteger(divisor)) throw new RangeError(`bad divisor ${divisor}`);
  const q = Math.trunc(numerator / divisor);
  const r = numerator - q * divisor;
  if (2 * Math.abs(r) >= divisor) return q + Math.sign(numerator);
  return q;
}

/**
 * Splits `total` into parts proportional to `weights` (non-negative integers, not all zero) so
 * the parts always add up to `total` exactly. Largest remainder method; ties go to the earlier
 * weight, so the result is deterministic.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be an integer, got ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0) || sum <= 0) {
    throw new RangeError('weights must be non-negative integers, not all zero');
  }
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  // Use BigInt for the products: total * weight can exceed 2^53 for large ledgers.
  const bigSum = BigInt(sum);
  const parts = weights.map((w) => {
    const prod = BigInt(abs) * BigInt(w);
    return { floor: Number(prod / bigSum), rem: prod % bigSum };
  });
  let left = abs - parts.reduce((a, p) => a + p.floor, 0);
  const order = parts
    .map((p, i) => ({ i, rem: p.rem }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const out = parts.map((p) => p.floor);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out.map((v) => sign * v);
}

/** Parts per million: liability shares are stored exactly as integers summing to 1,000,000. */
export const PPM = 1_000_000;
