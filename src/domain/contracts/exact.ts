/**
 * Exact rounding of the engine's integer amounts. Amounts are carried in sevenths of a penny
 * (a night is weekly / 7); a part-price (a retainer, an LA's share) multiplies by ppm. Products
 * such as 10^10 sevenths × 10^6 ppm pass 2^53, so the one multiplication and division go through
 * BigInt and the result is rounded once, half away from zero.
 */
import { divRound, type Pence, PPM } from '../shared/money.ts';

/** round(a × b / c), half away from zero, exact for any safe integers a, b and positive c. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(c) || c <= 0) {
    throw new RangeError(`mulDivRound needs integers and a positive divisor: ${a}, ${b}, ${c}`);
  }
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const q = abs / d;
  const r = abs % d;
  const rounded = 2n * r >= d ? q + 1n : q;
  return Number(neg ? -rounded : rounded);
}

/** Sevenths of a penny to pence, rounded once. */
export function seventhsToPence(sevenths: number): Pence {
  return divRound(sevenths, 7);
}

/** Sevenths of a penny at `basisPpm` of the price (a retainer or a share) to pence, rounded once. */
export function partSeventhsToPence(sevenths: number, basisPpm: number): Pence {
  return basisPpm === PPM ? seventhsToPence(sevenths) : mulDivRound(sevenths, basisPpm, 7 * PPM);
}

/** An LA's part of a shared amount: sevenths × basis × share / (7 × 10^12), rounded once. */
export function shareOfSevenths(sevenths: number, basisPpm: number, sharePpm: number): Pence {
  const n = BigInt(sevenths) * BigInt(basisPpm) * BigInt(sharePpm);
  const d = BigInt(7 * PPM) * BigInt(PPM);
  const q = n / d;
  return Number(2n * (n % d) >= d ? q + 1n : q);
}
