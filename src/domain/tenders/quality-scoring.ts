/**
 * Quality scores: each criterion's mark as a share of its maximum, weighted by the criterion's
 * share of the quality marks, times the quality weight. Computed exactly: marks have at most two
 * decimals, maxima and weights are whole numbers, so the points in hundredths are a ratio of
 * integers, rounded half away from zero once.
 */
import { divRound } from '../shared/money.ts';
import { formatPoints } from './price-scoring.ts';
import type { Bid, QualityCriterion } from './tender.ts';

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function lcm(values: readonly number[]): number {
  return values.reduce((a, b) => (a / gcd(a, b)) * b, 1);
}

/** The unrounded share of the quality marks (0 to 1). */
export function qualityFraction(bid: Pick<Bid, 'quality'>, criteria: readonly QualityCriterion[]): number {
  const total = criteria.reduce((a, c) => a + c.weight, 0);
  return criteria.reduce((a, c) => a + ((bid.quality[c.id] ?? 0) / c.maxScore) * c.weight, 0) / total;
}

/** Quality points in hundredths for a quality weight Q: Σ (mark ÷ max × weight%) × Q. */
export function qualityPointsHundredths(
  bid: Pick<Bid, 'quality'>,
  criteria: readonly QualityCriterion[],
  qualityWeight: number,
): number {
  const weights = criteria.reduce((a, c) => a + c.weight, 0);
  const l = lcm(criteria.map((c) => c.maxScore));
  // hundredths = Σ (mark × 100) × weight × Q × (l ÷ max) ÷ (l × weights)
  let numerator = 0;
  for (const c of criteria) {
    const mark100 = Math.round((bid.quality[c.id] ?? 0) * 100);
    numerator += mark100 * c.weight * qualityWeight * (l / c.maxScore);
  }
  return divRound(numerator, l * weights);
}

/** "safeguarding 4/5 × 40% + staffing 3/5 × 60% = 68.0% of the quality marks × 30 = 20.40". */
export function describeQualityScore(
  bid: Pick<Bid, 'quality'>,
  criteria: readonly QualityCriterion[],
  qualityWeight: number,
  hundredths: number,
): string {
  const parts = criteria.map((c) => `${c.label} ${bid.quality[c.id] ?? 0}/${c.maxScore} × ${c.weight}%`);
  const share = Math.round(qualityFraction(bid, criteria) * 1000) / 10;
  return `${parts.join(' + ')} = ${share}% of the quality marks × ${qualityWeight} = ${formatPoints(hundredths)}`;
}
