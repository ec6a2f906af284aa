/**
 * How the result depends on the price:quality weighting. Two views:
 *  - a grid: the ranking and the award re-run at each price weight from `from` to `to` by `step`
 *    (quality = 100 − price), exactly as the real evaluation runs (rounded points, same tie-breaks);
 *  - the exact weights at which one bid overtakes another, and at which the winner changes, from
 *    the unrounded scores: a bid's total is linear in the price weight w,
 *      total(w) = w × priceShare + (100 − w) × qualityShare,
 *    so two bids swap places where their lines cross, w* = 100 (q₁ − q₂) ÷ ((p₂ − q₂) − (p₁ − q₁)).
 * (Near a crossing the rounded grid can differ from the exact lines by a hundredth of a point.)
 */
import { SILENT } from './audit.ts';
import { awardLot } from './award.ts';
import { type BidScore, scoreLot } from './score.ts';
import type { Bid, QualityCriterion, TenderRules } from './tender.ts';

export interface SensitivityPoint {
  priceWeight: number;
  qualityWeight: number;
  /** Bid references, best first. */
  ranking: string[];
  winner: string | null;
  /** Beds awarded to each bid that gets any. */
  bedsByBid: Record<string, number>;
  /** True when the award (beds per home) differs from the award at the tender's own weights. */
  awardChanged: boolean;
}

export interface Overtake {
  /** Price weight (percent, two decimals) above which `bid` ranks above `overtakes`. */
  atPriceWeight: number;
  bid: string;
  overtakes: string;
}

export interface Sensitivity {
  points: SensitivityPoint[];
  /** Where the first-ranked bid changes within the range, in order. */
  winnerChanges: { atPriceWeight: number; from: string; to: string }[];
  /** Every pair of bids that swap places within the range, by weight. */
  overtakes: Overtake[];
}

interface Line {
  ref: string;
  /** Total at price weight 0 (100 × quality share). */
  base: number;
  /** Gain in total per point of price weight (price share − quality share). */
  slope: number;
  score: BidScore;
}

const EPS = 1e-9;
const round2 = (x: number) => Math.round(x * 100) / 100;

export function sensitivity(
  bids: readonly Bid[],
  criteria: readonly QualityCriterion[],
  rules: TenderRules,
  baseline: readonly BidScore[],
): Sensitivity {
  const baseAward = awardKey(awardLot(bids, baseline, rules.award, SILENT).lines);
  const points: SensitivityPoint[] = [];
  const { from, to, step } = rules.sensitivity;
  for (let w = from; w <= to; w += step) {
    const scores = scoreLot(bids, criteria, rules, { price: w, quality: 100 - w }, SILENT);
    const ranked = scores.filter((s) => s.rank !== null);
    const award = awardLot(bids, scores, rules.award, SILENT);
    const bedsByBid: Record<string, number> = {};
    for (const l of award.lines)
      if (l.bedsAwarded > 0) bedsByBid[l.bid] = (bedsByBid[l.bid] ?? 0) + l.bedsAwarded;
    points.push({
      priceWeight: w,
      qualityWeight: 100 - w,
      ranking: ranked.map((s) => s.ref),
      winner: ranked[0]?.ref ?? null,
      bedsByBid,
      awardChanged: awardKey(award.lines) !== baseAward,
    });
  }
  const lines: Line[] = baseline
    .filter((s) => s.rank !== null && s.priceShare !== null)
    .map((s) => ({
      ref: s.ref,
      base: 100 * s.qualityShare,
      slope: s.priceShare! - s.qualityShare,
      score: s,
    }));
  return { points, winnerChanges: winnerChanges(lines, from, to), overtakes: overtakes(lines, from, to) };
}

function awardKey(lines: readonly { setting: string; bedsAwarded: number }[]): string {
  return lines
    .filter((l) => l.bedsAwarded > 0)
    .map((l) => `${l.setting}=${l.bedsAwarded}`)
    .sort()
    .join(';');
}

const value = (l: Line, w: number) => l.base + w * l.slope;

/** The bid leading just above weight w: highest total, then the steeper line, then rank order. */
function leaderAbove(lines: readonly Line[], w: number): Line {
  return lines.reduce((best, l) => {
    const d = value(l, w) - value(best, w);
    if (d > EPS) return l;
    if (d < -EPS) return best;
    if (l.slope > best.slope + EPS) return l;
    if (l.slope < best.slope - EPS) return best;
    return l.score.rank! < best.score.rank! ? l : best;
  });
}

function winnerChanges(lines: readonly Line[], from: number, to: number) {
  const out: { atPriceWeight: number; from: string; to: string }[] = [];
  if (lines.length === 0) return out;
  let w = from;
  let cur = leaderAbove(lines, w);
  for (;;) {
    let next: { w: number; line: Line } | undefined;
    for (const l of lines) {
      if (l.slope <= cur.slope + EPS) continue;
      const x = (cur.base - l.base) / (l.slope - cur.slope);
      if (x <= w + EPS || x > to + EPS) continue;
      if (!next || x < next.w - EPS) next = { w: x, line: l };
    }
    if (!next) return out;
    const leader = leaderAbove(lines, next.w);
    out.push({ atPriceWeight: round2(next.w), from: cur.ref, to: leader.ref });
    cur = leader;
    w = next.w;
  }
}

function overtakes(lines: readonly Line[], from: number, to: number): Overtake[] {
  const out: Overtake[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i]!;
      const b = lines[j]!;
      if (Math.abs(a.slope - b.slope) < EPS) continue;
      const x = (a.base - b.base) / (b.slope - a.slope);
      if (x <= from + EPS || x >= to - EPS) continue;
      const [steeper, other] = a.slope > b.slope ? [a, b] : [b, a];
      out.push({ atPriceWeight: round2(x), bid: steeper.ref, overtakes: other.ref });
    }
  }
  return out.sort((a, b) => a.atPriceWeight - b.atPriceWeight || (a.bid < b.bid ? -1 : 1));
}
