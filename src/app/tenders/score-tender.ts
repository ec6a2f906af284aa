/**
 * Scoring a tender: the bids and rules as they stand go through `evaluateTender` (price and quality
 * points, ranking, the award under the tender's limits, sensitivity to the weighting, the audit
 * trail of every step) and the whole result is kept, with the tender's revision it scored, who ran
 * it and when. Earlier runs stay in the history.
 */
import type { Kysely } from 'kysely';
import { appendTenderEvent, insertEvaluation, tenderBids } from '../../db/queries/tenders.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { evaluateTender, type TenderEvaluation } from '../../domain/tenders/evaluate.ts';
import { requireTender, rulesOf, runsTender } from './load.ts';

export async function scoreTender(
  db: Kysely<DB>,
  tenant: Tenant,
  tenderId: string,
): Promise<{ evaluationId: string; evaluation: TenderEvaluation }> {
  return withTenant(db, tenant, async (trx) => {
    const tender = await requireTender(trx, tenderId, { lock: true });
    if (!runsTender(tender, tenant))
      throw new DomainError('forbidden', 'Only the hub running the tender scores it');
    if (tender.status !== 'open')
      throw new DomainError('conflict', 'The tender is closed: its evaluation on record is final');
    const bids = await tenderBids(trx, tenderId);
    if (bids.bids.length === 0)
      throw new DomainError('unprocessable', 'There are no bids to score yet', [
        { field: 'bids', message: 'Upload or enter the bids first' },
      ]);
    const evaluation = evaluateTender(bids, rulesOf(tender));
    const evaluationId = await insertEvaluation(trx, tenant, tenderId, tender.revision, evaluation);
    await appendTenderEvent(trx, tenant, tenderId, 'evaluated', {
      evaluationId,
      revision: tender.revision,
      weights: `${evaluation.rules.priceWeight}:${evaluation.rules.qualityWeight}`,
      lots: evaluation.lots.map((l) => ({
        lot: l.lot,
        first: l.scores.find((s) => s.rank === 1)?.ref ?? null,
        beds: l.award.totalBeds,
        feasible: l.award.feasible,
      })),
    });
    return { evaluationId, evaluation };
  });
}
