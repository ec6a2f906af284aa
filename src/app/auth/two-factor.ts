/**
 * Two-factor authentication with an authenticator app (TOTP). Setting it up: we make a secret, the
 * person adds it to their app and proves it with a code, and only then does it count. Signing in:
 * after the password, the session is `pending` until a valid, unused code arrives.
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit.ts';
import { completeSecondFactor, setTotp, totpState } from '../../db/queries/auth.ts';
import type { DB } from '../../db/schema.ts';
import type { LiveSession } from './sessions.ts';
import { newTotpSecret, stepAt, totpCode, verifyTotp } from './totp.ts';

/** The secret being set up (made on first visit, kept until confirmed), or null when already on. */
export async function enrolmentSecret(db: Kysely<DB>, userId: string): Promise<string | null> {
  const s = await totpState(db, userId);
  if (s.enabledAt) return null;
  if (s.secret) return s.secret;
  const secret = newTotpSecret();
  await setTotp(db, userId, { secret });
  return secret;
}

export async function confirmEnrolment(db: Kysely<DB>, session: LiveSession, code: string): Promise<boolean> {
  const s = await totpState(db, session.user.userId);
  if (!s.secret || s.enabledAt) return false;
  const step = verifyTotp(s.secret, code, Date.now(), s.lastStep === null ? null : Number(s.lastStep));
  if (step === undefined) return false;
  await setTotp(db, session.user.userId, { enabledAt: new Date(), lastStep: step });
  await appendAudit(db, session.tenant, [
    { action: 'update', entityType: 'user', entityId: session.user.userId, detail: { twoFactor: 'enabled' } },
  ]);
  return true;
}

export async function disableTwoFactor(db: Kysely<DB>, session: LiveSession, code: string): Promise<boolean> {
  const s = await totpState(db, session.user.userId);
  if (!s.secret || !s.enabledAt) return false;
  if (verifyTotp(s.secret, code, Date.now(), s.lastStep === null ? null : Number(s.lastStep)) === undefined)
    return false;
  await setTotp(db, session.user.userId, { secret: null, enabledAt: null, lastStep: null });
  await appendAudit(db, session.tenant, [
    {
      action: 'update',
      entityType: 'user',
      entityId: session.user.userId,
      detail: { twoFactor: 'disabled' },
    },
  ]);
  return true;
}

/** Completes a pending sign-in with a code; false for a wrong or reused code. */
export async function verifySecondFactor(
  db: Kysely<DB>,
  pending: LiveSession,
  code: string,
): Promise<boolean> {
  const s = await totpState(db, pending.user.userId);
  if (!s.secret || !s.enabledAt) return false;
  const step = verifyTotp(s.secret, code, Date.now(), s.lastStep === null ? null : Number(s.lastStep));
  if (step === undefined) return false;
  await setTotp(db, pending.user.userId, { lastStep: step });
  await completeSecondFactor(db, pending.idHash);
  await appendAudit(db, pending.tenant, [
    {
      action: 'sign-in',
      entityType: 'user',
      entityId: pending.user.userId,
      detail: { step: 'second-factor' },
    },
  ]);
  return true;
}

/**
 * Demo accounts only (the published demo region): the current code, shown on the page so people
 * can try the service without an authenticator app. Never for any other account.
 */
export async function demoCode(
  db: Kysely<DB>,
  userId: string,
  demoDomain: string,
): Promise<string | undefined> {
  const s = await totpState(db, userId);
  if (!s.secret || !s.email.endsWith(`@${demoDomain}`)) return undefined;
  const last = s.lastStep === null ? -1 : Number(s.lastStep);
  const step = Math.max(stepAt(Date.now()), last + 1);
  return totpCode(s.secret, step);
}
