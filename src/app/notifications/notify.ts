/**
 * Telling organisations what happened: an in-app notification for everyone there who works on
 * referrals (or one person), and an email to each of them through the outbox. Runs in the caller's
 * transaction, so a step and the news of it commit together or not at all.
 */
import { insertNotifications, type NewNotification } from '../../db/queries/notifications.ts';
import { withApplicationRights } from '../../db/queries/referrals.ts';
import type { Tx } from '../../db/tenant.ts';

export type { NewNotification };

export async function notify(trx: Tx, items: readonly NewNotification[]): Promise<void> {
  if (items.length === 0) return;
  await withApplicationRights(trx, () => insertNotifications(trx, items));
}
