/** Removing one bid from an open tender (a bid entered in error, or withdrawn by the bidder). */
import type { Kysely } from 'kysely';
import { appendTenderEvent, bumpRevision, deleteBid } from '../../db/queries/tenders.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isUuid, requireTender, runsTender } from './load.ts';

export async function removeBid(db: Kysely<DB>, tenant: Tenant, tenderId: string, bidId: string) {
  return withTenant(db, tenant, async (trx) => {
    const tender = await requireTender(trx, tenderId, { lock: true });
    if (!isUuid(bidId)) throw new DomainError('not-found', 'No such bid');
    if (!runsTender(tender, tenant)) throw new DomainError('not-found', 'No such bid');
    if (tender.status !== 'open')
      throw new DomainError('conflict', 'The tender is closed: its bids cannot change');
    const bid = await deleteBid(trx, tenderId, bidId);
    if (!bid) throw new DomainError('not-found', 'No such bid');
    await bumpRevision(trx, tenderId);
    await appendTenderEvent(trx, tenant, tenderId, 'bid-removed', {
      bid: `${bid.lot}/${bid.ref}`,
      provider: bid.provider,
    });
    return bid;
  });
}
