import type { Pence } from '../shared/money.ts';

/**
 * Weekly price bands. A search shows and ranks bands rather than exact prices because offered
 * prices are commercially sensitive and vary per child; the band is what a placement officer needs
 * to know whether a home is worth contacting. Boundaries sit around the figures in the source
 * documents: a block bed near £1,900 a week, spot placements averaging £4,144, new residential
 * placements averaging £5,963 (Central Bedfordshire, Essex).
 */
export const PRICE_BANDS = {
  a: { label: 'Under £4,000 a week', belowPence: 400_000 },
  b: { label: '£4,000 to £5,999 a week', belowPence: 600_000 },
  c: { label: '£6,000 to £7,999 a week', belowPence: 800_000 },
  d: { label: '£8,000 a week or more', belowPence: Number.POSITIVE_INFINITY },
} as const;
export type PriceBand = keyof typeof PRICE_BANDS;
export const PRICE_BAND_CODES = Object.keys(PRICE_BANDS) as PriceBand[];

/** The band a weekly price falls in. */
export function priceBandOf(weeklyPence: Pence): PriceBand {
  for (const band of PRICE_BAND_CODES) if (weeklyPence < PRICE_BANDS[band].belowPence) return band;
  return 'd';
}

/** True when `band` is no dearer than `limit`. */
export function bandAtMost(band: PriceBand, limit: PriceBand): boolean {
  return PRICE_BAND_CODES.indexOf(band) <= PRICE_BAND_CODES.indexOf(limit);
}
