/**
 * Closing a tender: the hub running it makes its current evaluation the record. Only a tender
 * scored at its present revision can close (so the award on record is the one the bids and rules
 * give); once closed, its bids, rules and scoring cannot change (`bumpRevision` refuses too).
 * Kept in the tender's history.
 */
import type { Kysely } from 'kysely';
import { appendTenderEvent, closeTenderRow, latestEvaluation } from '../../db/queries/tenders.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireTender, runsTender } from './load.ts';

export async function closeTender(
  db: Kysely<DB>,
  tenant: Tenant,
  tenderId: string,
): Promise<{ reference: string; revision: number; evaluationId: string }> {
  return withTenant(db, tenant, async (trx) => {
    const tender = await requireTender(trx, tenderId, { lock: true });
    if (!runsTender(tender, tenant))
      throw new DomainError('forbidden', 'Only the hub running the tender closes it');
    const refuse = (message: string): never => {
      throw new DomainError('conflict', message, [{ field: 'close', message }]);
    };
    if (tender.status !== 'open') refuse('The tender is already closed');
    const evaluation =
      (await latestEvaluation(trx, tenderId)) ?? refuse('Score the bids before closing the tender');
    if (evaluation.revision !== tender.revision)
      refuse('The bids or rules changed after the last scoring: score the bids again before closing');
    await closeTenderRow(trx, tenderId);
    await appendTenderEvent(trx, tenant, tenderId, 'status-changed', {
      from: 'open',
      to: 'closed',
      revision: tender.revision,
      evaluationId: evaluation.id,
    });
    return { reference: tender.reference, revision: tender.revision, evaluationId: evaluation.id };
  });
}
