/**
 * Price scores. Every method gives the lowest eligible price the full price weight; they differ in
 * how fast marks fall as a price rises (docs/tenders.md compares them):
 *  - lowest-relative: lowest ÷ price × W. Gentle: a bid 25% dearer still gets 80% of the marks.
 *  - ceiling-deviation: (ceiling − price) ÷ (ceiling − lowest) × W. The ceiling scores 0, so the
 *    marks spread over the range the commissioner can afford.
 *  - lowest-deviation: (1 − (price − lowest) ÷ lowest) × W, not below 0. Each 1% above the lowest
 *    loses 1% of the marks; twice the lowest scores 0.
 * Points are computed exactly in hundredths from whole pence and rounded half away from zero once.
 */
import { divRound, formatPence, type Pence } from '../shared/money.ts';
import type { PriceMethod } from './tender.ts';

export interface PriceBasis {
  method: PriceMethod;
  lowest: Pence;
  ceiling: Pence | null;
}

/** The unrounded share of the price marks (0 to 1), for the sensitivity analysis. */
export function priceFraction(price: Pence, basis: PriceBasis): number {
  const { lowest, ceiling } = basis;
  switch (basis.method) {
    case 'lowest-relative':
      return lowest / price;
    case 'ceiling-deviation':
      if (ceiling === null || ceiling <= lowest) return price <= lowest ? 1 : 0;
      return Math.max(0, Math.min(1, (ceiling - price) / (ceiling - lowest)));
    case 'lowest-deviation':
      return Math.max(0, (2 * lowest - price) / lowest);
  }
}

/** Price points in hundredths (6500 = 65.00 points) for a price weight W. */
export function pricePointsHundredths(price: Pence, weight: number, basis: PriceBasis): number {
  const { lowest, ceiling } = basis;
  switch (basis.method) {
    case 'lowest-relative':
      return divRound(lowest * weight * 100, price);
    case 'ceiling-deviation':
      if (ceiling === null || ceiling <= lowest) return price <= lowest ? weight * 100 : 0;
      if (price >= ceiling) return 0;
      return divRound((ceiling - price) * weight * 100, ceiling - lowest);
    case 'lowest-deviation':
      return Math.max(0, divRound((2 * lowest - price) * weight * 100, lowest));
  }
}

/** The working, in words and numbers, for the audit trail. */
export function describePriceScore(
  price: Pence,
  weight: number,
  basis: PriceBasis,
  hundredths: number,
): string {
  const p = formatPence(price);
  const lo = formatPence(basis.lowest);
  const pts = formatPoints(hundredths);
  switch (basis.method) {
    case 'lowest-relative':
      return `lowest ${lo} ÷ price ${p} × ${weight} = ${pts}`;
    case 'ceiling-deviation': {
      const c = formatPence(basis.ceiling ?? 0);
      return price >= (basis.ceiling ?? 0)
        ? `price ${p} is at or above the ceiling ${c}: 0.00`
        : `(ceiling ${c} − price ${p}) ÷ (ceiling ${c} − lowest ${lo}) × ${weight} = ${pts}`;
    }
    case 'lowest-deviation':
      return `(1 − (price ${p} − lowest ${lo}) ÷ lowest ${lo}) × ${weight}, not below 0 = ${pts}`;
  }
}

/** 6500 → "65.00". */
export function formatPoints(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
