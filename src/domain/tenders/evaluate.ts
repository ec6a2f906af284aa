/**
 * Evaluating a tender: per lot, score and rank the bids, award beds under the rules, and show how
 * the result moves with the weighting, keeping an audit trail of every step. Lots are evaluated
 * independently, in the order they first appear.
 */
import { throwIfInvalid } from '../shared/errors.ts';
import { formatPence } from '../shared/money.ts';
import { type AuditStep, auditLog } from './audit.ts';
import { type Award, awardLot } from './award.ts';
import { type BidScore, scoreLot } from './score.ts';
import { type Sensitivity, sensitivity } from './sensitivity.ts';
import {
  type Bid,
  checkBids,
  checkRules,
  DEFAULT_TENDER_RULES,
  PRICE_METHODS,
  type QualityCriterion,
  type TenderBids,
  type TenderRules,
} from './tender.ts';

export interface LotEvaluation {
  lot: string;
  /** The lot's bids as received. */
  bids: readonly Bid[];
  /** Ranked bids in rank order, then excluded bids. */
  scores: BidScore[];
  award: Award;
  sensitivity: Sensitivity;
  audit: AuditStep[];
}

export interface TenderEvaluation {
  rules: TenderRules;
  criteria: readonly QualityCriterion[];
  lots: LotEvaluation[];
}

export function evaluateTender(
  tender: TenderBids,
  rules: TenderRules = DEFAULT_TENDER_RULES,
): TenderEvaluation {
  throwIfInvalid(checkRules(rules), 'The tender rules are not valid');
  throwIfInvalid(checkBids(tender), 'The bids are not valid');
  const lots = [...new Set(tender.bids.map((b) => b.lot))];
  return {
    rules,
    criteria: tender.criteria,
    lots: lots.map((lot) => {
      const bids = tender.bids.filter((b) => b.lot === lot);
      const log = auditLog(lot);
      log.add('rules', null, describeRules(rules));
      const weights = { price: rules.priceWeight, quality: rules.qualityWeight };
      const scores = scoreLot(bids, tender.criteria, rules, weights, log);
      const award = awardLot(bids, scores, rules.award, log);
      if (award.feasible) {
        log.add(
          'award',
          null,
          `Award: ${award.totalBeds} beds from ${award.providers.length} providers, ${formatPence(award.weeklyCost)} a week (${formatPence(award.annualCost)} for 52 weeks).`,
        );
      }
      const sens = sensitivity(bids, tender.criteria, rules, scores);
      for (const c of sens.winnerChanges) {
        log.add(
          'sensitivity',
          c.to,
          `At a price weight above ${c.atPriceWeight}%, ${c.to} ranks first instead of ${c.from}.`,
        );
      }
      if (sens.winnerChanges.length === 0 && scores[0]?.rank === 1) {
        log.add(
          'sensitivity',
          scores[0].ref,
          `${scores[0].ref} ranks first at every price weight from ${rules.sensitivity.from}% to ${rules.sensitivity.to}%.`,
        );
      }
      return { lot, bids, scores, award, sensitivity: sens, audit: log.steps };
    }),
  };
}

function describeRules(rules: TenderRules): string {
  const a = rules.award;
  const ceiling = rules.priceCeiling === null ? '' : `; price ceiling ${formatPence(rules.priceCeiling)}`;
  const minQ = rules.minQualityPercent > 0 ? `; minimum quality ${rules.minQualityPercent}%` : '';
  return (
    `Rules: price ${rules.priceWeight}%, quality ${rules.qualityWeight}%; ${PRICE_METHODS[rules.priceMethod]}${ceiling}${minQ}; ` +
    `award ${a.minBeds} to ${a.maxBeds} beds, at most ${a.maxProviders} providers, at most ${a.maxBedsPerSetting} beds a setting` +
    `${a.wholeSettings ? ', whole homes only' : ''}.`
  );
}
