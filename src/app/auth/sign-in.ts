/**
 * Signing in, with throttling kept in the database (so it holds across app servers):
 * - per account: after 5 failures since the last success, each further try must wait
 *   2^(n−5) minutes, up to an hour (lockout with backoff);
 * - per IP address: at most 100 failures in 15 minutes.
 * The message for a wrong email and a wrong password is the same, and takes the same time.
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit.ts';
import {
  findUserForSignIn,
  recentFailures,
  recentIpFailures,
  recordSignInAttempt,
  type SessionUser,
} from '../../db/queries/auth.ts';
import type { DB } from '../../db/schema.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, type SessionPolicy } from './sessions.ts';

export const FREE_FAILURES = 5;
const ACCOUNT_WINDOW_MINUTES = 60;
const IP_WINDOW_MINUTES = 15;
const IP_MAX_FAILURES = 100;

export type SignInResult =
  | { ok: true; token: string; csrfToken: string; user: SessionUser; needsSecondFactor: boolean }
  | { ok: false; reason: 'invalid' | 'locked' | 'rate-limited'; retryAfterMinutes?: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Minutes an account must wait after `failures` failures (0 while under the free allowance). */
export function lockoutMinutes(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(60, 2 ** (failures - FREE_FAILURES));
}

export async function signIn(
  db: Kysely<DB>,
  input: { email: string; password: string; ip: string },
  policy: SessionPolicy,
): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  if ((await recentIpFailures(db, input.ip, IP_WINDOW_MINUTES)) >= IP_MAX_FAILURES) {
    return { ok: false, reason: 'rate-limited', retryAfterMinutes: IP_WINDOW_MINUTES };
  }
  const { failures, lastFailure } = await recentFailures(db, email, ACCOUNT_WINDOW_MINUTES);
  const wait = lockoutMinutes(failures);
  if (wait > 0 && lastFailure) {
    const remainingMs = lastFailure.getTime() + wait * 60_000 - Date.now();
    if (remainingMs > 0)
      return { ok: false, reason: 'locked', retryAfterMinutes: Math.ceil(remainingMs / 60_000) };
  }

  const user = await findUserForSignIn(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !passwordOk || user.disabledAt) {
    await recordSignInAttempt(db, { email, ip: input.ip, succeeded: false });
    return { ok: false, reason: 'invalid' };
  }
  await recordSignInAttempt(db, { email, ip: input.ip, succeeded: true });
  const { passwordHash: _h, disabledAt: _d, totpEnabledAt, ...sessionUser } = user;
  const needsSecondFactor = totpEnabledAt !== null;
  const { token, csrfToken } = await createSession(
    db,
    user.userId,
    policy,
    needsSecondFactor ? 'pending' : 'done',
  );
  await appendAudit(db, sessionUser, [
    {
      action: 'sign-in',
      entityType: 'user',
      entityId: user.userId,
      detail: { step: needsSecondFactor ? 'password' : 'complete' },
    },
  ]);
  return { ok: true, token, csrfToken, user: sessionUser, needsSecondFactor };
}
