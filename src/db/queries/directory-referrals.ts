/**
 * The LA's own live referrals, as the directory uses them: to start a search from a child's
 * profile, and to pick which referral to send to the homes ticked in a search. Child-level data:
 * callers audit every read (src/app/directory).
 */
import type { Executor } from '../tenant.ts';

/** Referrals sent and still looking for a home (not drafts, not ended). */
export const LIVE_STATUSES = ['searching', 'offered'] as const;

export async function liveReferrals(db: Executor, laOrgId: string) {
  return db
    .selectFrom('referral')
    .select([
      'id',
      'reference',
      'status',
      'profile',
      'requirements',
      'latest_start as latestStart',
      'created_at as createdAt',
    ])
    .where('org_id', '=', laOrgId)
    .where('status', 'in', LIVE_STATUSES)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export async function liveReferral(db: Executor, laOrgId: string, referralId: string) {
  return db
    .selectFrom('referral')
    .select([
      'id',
      'reference',
      'status',
      'profile',
      'requirements',
      'latest_start as latestStart',
      'created_at as createdAt',
    ])
    .where('org_id', '=', laOrgId)
    .where('id', '=', referralId)
    .where('status', 'in', LIVE_STATUSES)
    .executeTakeFirst();
}

export type LiveReferralRow = NonNullable<Awaited<ReturnType<typeof liveReferral>>>;
