/**
 * Scoring and ranking the bids of one lot: eligibility (price ceiling, minimum quality), price
 * points, quality points, the total, and the ranking. Ties in the total go to the better quality
 * score, then the lower price, then the bid reference, so the order never depends on file order.
 */
import { formatPence, type Pence } from '../shared/money.ts';
import type { AuditLog } from './audit.ts';
import {
  describePriceScore,
  formatPoints,
  type PriceBasis,
  priceFraction,
  pricePointsHundredths,
} from './price-scoring.ts';
import { describeQualityScore, qualityFraction, qualityPointsHundredths } from './quality-scoring.ts';
import type { Bid, QualityCriterion, TenderRules } from './tender.ts';

export interface BidScore {
  ref: string;
  provider: string;
  weeklyPrice: Pence;
  bedsOffered: number;
  /** Null when the bid is eligible; else why it is not scored. */
  excluded: string | null;
  /** Share of the quality marks, 0 to 1 (before weighting). */
  qualityShare: number;
  /** Share of the price marks, 0 to 1, unrounded; null when excluded. */
  priceShare: number | null;
  /** Points to two decimals; null when excluded. */
  pricePoints: number | null;
  qualityPoints: number | null;
  total: number | null;
  /** 1 is best; null when excluded. */
  rank: number | null;
}

export interface Weights {
  price: number;
  quality: number;
}

/** Scores and ranks the lot's bids; ranked bids first, in rank order, then the excluded ones. */
export function scoreLot(
  bids: readonly Bid[],
  criteria: readonly QualityCriterion[],
  rules: TenderRules,
  weights: Weights,
  log: AuditLog,
): BidScore[] {
  const eligible: Bid[] = [];
  const scores = new Map<string, BidScore>();
  for (const bid of bids) {
    const share = qualityFraction(bid, criteria);
    let excluded: string | null = null;
    if (rules.priceCeiling !== null && bid.weeklyPrice > rules.priceCeiling) {
      excluded = `price ${formatPence(bid.weeklyPrice)} is above the ceiling of ${formatPence(rules.priceCeiling)}`;
    } else if (share * 100 < rules.minQualityPercent - 1e-9) {
      excluded = `quality ${Math.round(share * 1000) / 10}% is below the minimum of ${rules.minQualityPercent}%`;
    }
    if (excluded) log.add('eligibility', bid.ref, `Excluded: ${excluded}.`);
    else eligible.push(bid);
    scores.set(bid.ref, {
      ref: bid.ref,
      provider: bid.provider,
      weeklyPrice: bid.weeklyPrice,
      bedsOffered: bid.homes.reduce((a, h) => a + h.beds, 0),
      excluded,
      qualityShare: share,
      priceShare: null,
      pricePoints: null,
      qualityPoints: null,
      total: null,
      rank: null,
    });
  }
  if (eligible.length === 0) {
    log.add('rank', null, 'No bid is eligible, so none is ranked.');
    return [...scores.values()];
  }
  const lowestBid = eligible.reduce((a, b) => (b.weeklyPrice < a.weeklyPrice ? b : a));
  const basis: PriceBasis = {
    method: rules.priceMethod,
    lowest: lowestBid.weeklyPrice,
    ceiling: rules.priceCeiling,
  };
  log.add(
    'price',
    null,
    `Lowest eligible price: ${formatPence(basis.lowest)} a bed a week (bid ${lowestBid.ref}).`,
  );
  const hundredths = new Map<string, { price: number; quality: number }>();
  for (const bid of eligible) {
    const price = pricePointsHundredths(bid.weeklyPrice, weights.price, basis);
    const quality = qualityPointsHundredths(bid, criteria, weights.quality);
    hundredths.set(bid.ref, { price, quality });
    log.add('price', bid.ref, `Price: ${describePriceScore(bid.weeklyPrice, weights.price, basis, price)}.`);
    log.add('quality', bid.ref, `Quality: ${describeQualityScore(bid, criteria, weights.quality, quality)}.`);
    log.add(
      'total',
      bid.ref,
      `Total: ${formatPoints(price)} + ${formatPoints(quality)} = ${formatPoints(price + quality)}.`,
    );
    const s = scores.get(bid.ref)!;
    s.priceShare = priceFraction(bid.weeklyPrice, basis);
    s.pricePoints = price / 100;
    s.qualityPoints = quality / 100;
    s.total = (price + quality) / 100;
  }
  const ranked = [...eligible].sort((a, b) => {
    const x = hundredths.get(a.ref)!;
    const y = hundredths.get(b.ref)!;
    return (
      y.price + y.quality - (x.price + x.quality) ||
      y.quality - x.quality ||
      a.weeklyPrice - b.weeklyPrice ||
      (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)
    );
  });
  ranked.forEach((bid, i) => {
    scores.get(bid.ref)!.rank = i + 1;
  });
  log.add(
    'rank',
    null,
    `Ranking: ${ranked.map((b, i) => `${i + 1}. ${b.ref} (${scores.get(b.ref)!.total!.toFixed(2)})`).join(', ')}.`,
  );
  const excludedScores = [...scores.values()].filter((s) => s.rank === null);
  return [...ranked.map((b) => scores.get(b.ref)!), ...excludedScores];
}
