/**
 * Expiring copies whose deadline has passed (the application's own work, not a person's): a
 * provider that has not responded by its deadline, or an offer the LA has not accepted in time.
 * A copy waiting on the LA's answer to a question does not expire (`dueForExpiry`). Both sides
 * are told. Several servers may run this at once: each claims its own rows (SKIP LOCKED).
 */
import type { Kysely } from 'kysely';
import { recipientState } from '../../db/queries/referrals.ts';
import {
  claimOverdueRecipients,
  homeNameOrThrow,
  referralReference,
} from '../../db/queries/referrals-offers.ts';
import type { DB } from '../../db/schema.ts';
import { withSystem } from '../../db/tenant.ts';
import type { Instant } from '../../domain/referrals/instant.ts';
import { dueForExpiry } from '../../domain/referrals/recipient-effects.ts';
import { type NewNotification, notify } from '../notifications/notify.ts';
import { APPLICATION, applyRecipient } from './step.ts';

export async function expireOverdue(db: Kysely<DB>, now: Instant, limit = 200): Promise<number> {
  return withSystem(db, async (trx) => {
    const rows = await claimOverdueRecipients(trx, now, limit);
    const due = new Set(dueForExpiry(rows.map(recipientState), now).map((r) => r.id));
    const news: NewNotification[] = [];
    for (const row of rows.filter((r) => due.has(r.id))) {
      await applyRecipient(trx, APPLICATION, row, { type: 'expire' }, now);
      const { reference } = await referralReference(trx, row.referral_id);
      const names = { reference, homeName: await homeNameOrThrow(trx, row.home_id) };
      const offered = row.status === 'offered';
      news.push(
        {
          orgId: row.org_id,
          kind: 'expired',
          title: offered
            ? `The offer for ${names.reference} at ${names.homeName} has lapsed`
            : `${names.homeName} did not respond to ${names.reference} in time`,
          body: offered
            ? 'It was not accepted before it expired.'
            : 'The referral is still live with any other homes.',
          link: `/referrals/${row.referral_id}`,
          referralId: row.referral_id,
        },
        {
          orgId: row.provider_org_id,
          kind: 'expired',
          title: offered
            ? `Your offer for ${names.homeName} has lapsed`
            : `A referral for ${names.homeName} has expired`,
          body: offered ? 'The local authority did not accept it in time.' : 'The response deadline passed.',
          link: `/inbox/${row.id}`,
          referralId: row.referral_id,
        },
      );
    }
    await notify(trx, news);
    return due.size;
  });
}
