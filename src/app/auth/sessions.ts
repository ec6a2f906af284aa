/**
 * Sessions live in the database (so any app server behind a load balancer can serve any request).
 * The browser holds an opaque random token; we store only its SHA-256, so a stolen database copy
 * cannot be replayed as cookies.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  findLiveSession,
  insertSession,
  revokeSession,
  type SessionUser,
  touchSession,
} from '../../db/queries/auth.ts';
import type { DB } from '../../db/schema.ts';
import type { Tenant } from '../../db/tenant.ts';

export const SESSION_COOKIE = 'sufficiency_session';

export interface SessionPolicy {
  /** Absolute lifetime of a session. */
  hours: number;
  /** Signed out after this long without a request. */
  idleMinutes: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { hours: 12, idleMinutes: 120 };

export interface LiveSession {
  user: SessionUser;
  csrfToken: string;
  tenant: Tenant;
  idHash: string;
  /** `pending` between a correct password and a correct second-factor code. */
  secondFactor: 'pending' | 'done';
  totpEnabled: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createSession(
  db: Kysely<DB>,
  userId: string,
  policy: SessionPolicy,
  secondFactor: 'pending' | 'done' = 'done',
) {
  const token = newToken();
  const csrfToken = newToken();
  await insertSession(db, {
    idHash: hashToken(token),
    userId,
    csrfToken,
    // A half-signed-in session lives ten minutes at most.
    expiresAt: new Date(Date.now() + (secondFactor === 'pending' ? 600_000 : policy.hours * 3_600_000)),
    secondFactor,
  });
  return { token, csrfToken };
}

export function tenantOf(user: SessionUser): Tenant {
  return {
    userId: user.userId,
    orgId: user.orgId,
    orgKind: user.orgKind,
    role: user.role,
    regionCode: user.regionCode,
  };
}

/** The session for a cookie value, refreshing its idle timer at most once a minute. */
export async function resumeSession(
  db: Kysely<DB>,
  token: string | undefined,
  policy: SessionPolicy,
): Promise<LiveSession | undefined> {
  if (!token || token.length > 100) return undefined;
  const idHash = hashToken(token);
  const row = await findLiveSession(db, idHash, policy.idleMinutes);
  if (!row) return undefined;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) await touchSession(db, idHash);
  const { csrfToken, lastSeenAt: _seen, secondFactor, totpEnabledAt, ...user } = row;
  return {
    user,
    csrfToken,
    tenant: tenantOf(user),
    idHash,
    secondFactor,
    totpEnabled: totpEnabledAt !== null,
  };
}

export async function endSession(db: Kysely<DB>, token: string | undefined): Promise<void> {
  if (token) await revokeSession(db, hashToken(token));
}
