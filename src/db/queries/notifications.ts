/**
 * In-app notifications (per organisation, or per person) with each person's read marks, and the
 * email outbox. Notifications are written with the application's rights (a step in one
 * organisation tells another); people read their own under row-level security.
 */
import { sql } from 'kysely';
import type { Executor, Tenant } from '../tenant.ts';

export interface NewNotification {
  orgId: string;
  /** One person; omit to tell everyone in the organisation who works on referrals. */
  userId?: string | null;
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  referralId?: string | null;
}

/** Roles that hear about referrals, by the kind of organisation. */
const ROLES_TOLD = ['placement-officer', 'provider-manager'] as const;

/**
 * Inserts the notifications and queues one email per person told (needs the application's rights:
 * it reads other organisations' people). Emails carry no child-level detail, only what to look at.
 */
export async function insertNotifications(db: Executor, items: readonly NewNotification[]): Promise<void> {
  if (items.length === 0) return;
  const rows = await db
    .insertInto('notification')
    .values(
      items.map((n) => ({
        org_id: n.orgId,
        user_id: n.userId ?? null,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link ?? null,
        referral_id: n.referralId ?? null,
      })),
    )
    .returning(['id', 'org_id as orgId', 'user_id as userId', 'title', 'body', 'link'])
    .execute();
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const people = await db
    .selectFrom('app_user')
    .select(['id', 'org_id as orgId', 'email'])
    .where('org_id', 'in', orgIds)
    .where('disabled_at', 'is', null)
    .where('role', 'in', [...ROLES_TOLD])
    .execute();
  const emails = rows.flatMap((n) =>
    people
      .filter((p) => p.orgId === n.orgId && (n.userId === null || n.userId === p.id))
      .map((p) => ({
        org_id: n.orgId,
        notification_id: n.id,
        to_address: p.email,
        subject: `Sufficiency: ${n.title}`,
        body: [
          n.title,
          '',
          n.body,
          '',
          n.link
            ? `Sign in to Sufficiency and go to ${n.link} to see it.`
            : 'Sign in to Sufficiency to see it.',
          '',
          'This email was sent because you work on placements in Sufficiency. It holds no details about any child.',
        ]
          .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
          .join('\n'),
      })),
  );
  if (emails.length > 0) await db.insertInto('email_outbox').values(emails).execute();
}

/** The signed-in person's notifications, newest first, with whether they have read each. */
export async function listNotifications(
  db: Executor,
  tenant: Pick<Tenant, 'userId'>,
  opts: { limit?: number; unreadOnly?: boolean } = {},
) {
  let q = db
    .selectFrom('notification as n')
    .leftJoin('notification_read as r', (j) =>
      j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', tenant.userId),
    )
    .select([
      'n.id',
      'n.kind',
      'n.title',
      'n.body',
      'n.link',
      'n.referral_id as referralId',
      'n.created_at as createdAt',
      'r.read_at as readAt',
    ])
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id')
    .limit(opts.limit ?? 100);
  if (opts.unreadOnly) q = q.where('r.read_at', 'is', null);
  return q.execute();
}

export async function unreadCount(db: Executor, tenant: Pick<Tenant, 'userId'>): Promise<number> {
  const row = await db
    .selectFrom('notification as n')
    .select(sql<string>`count(*)`.as('n'))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notification_read as r')
            .select('r.notification_id')
            .whereRef('r.notification_id', '=', 'n.id')
            .where('r.user_id', '=', tenant.userId),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks notifications read for the signed-in person; returns how many it could see. */
export async function markRead(
  db: Executor,
  tenant: Pick<Tenant, 'userId' | 'orgId'>,
  ids: readonly string[] | 'all',
): Promise<number> {
  let q = db.selectFrom('notification').select('id');
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', [...ids]);
  }
  const visible = await q.execute();
  if (visible.length === 0) return 0;
  await db
    .insertInto('notification_read')
    .values(visible.map((v) => ({ notification_id: v.id, user_id: tenant.userId, org_id: tenant.orgId })))
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
    .execute();
  return visible.length;
}

/** Claims queued emails for delivery (several servers may deliver at once: each takes its own). */
export async function claimQueuedEmails(db: Executor, limit: number) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'to_address as to', 'subject', 'body', 'attempts'])
    .where('status', '=', 'queued')
    .orderBy('created_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markEmail(
  db: Executor,
  id: string,
  outcome: { status: 'sent' | 'logged' | 'failed' | 'queued'; error?: string },
): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: outcome.status,
      attempts: eb('attempts', '+', 1),
      last_error: outcome.error ?? null,
      sent_at: outcome.status === 'sent' || outcome.status === 'logged' ? new Date() : null,
    }))
    .where('id', '=', id)
    .execute();
}

/** A notification the caller can see, with where it links to; undefined when not theirs or not there. */
export async function findNotification(
  db: Executor,
  notificationId: string,
): Promise<{ link: string | null } | undefined> {
  return db.selectFrom('notification').select('link').where('id', '=', notificationId).executeTakeFirst();
}
