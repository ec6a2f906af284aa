/**
 * Sessions live in the database (so any app server behind a load balancer can serve any request).
 * The browser holds an opaque random token; we store only its SHA-256, so a stolen database copy
 * cannot be replayed as cookies. A server remembers a session it has read for at most
 * `SessionPolicy.cacheMs` (one second by default), so a client's burst of requests reads it once:
 * changes made through this server (sign-out, revocation, disabling, a second factor) apply at
 * once; made through another server on the same PostgreSQL, within that second.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  findLiveSession,
  insertSession,
  revokeSession,
  type SessionUser,
  sessionWriteCount,
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
  /** A session read from the database is reused for this long (0: read it on every request). */
  cacheMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { hours: 12, idleMinutes: 120, cacheMs: 1_000 };

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

interface Remembered {
  session: LiveSession;
  /** Reused until then (ms since epoch): the cache period, or the session's own end if sooner. */
  until: number;
  /** `sessionWriteCount()` when it was read. */
  writes: number;
}

/**
 * Sessions read lately, by token hash. An entry is used only while young enough, while the session
 * is neither past its end nor idle too long, and while no change to sessions or users has been
 * made in this process since it was read (the write counter is taken before the read, so a change
 * racing the read leaves nothing stale behind).
 */
export class SessionCache {
  private readonly entries = new Map<string, Remembered>();
  /** Database reads, for tests. */
  reads = 0;

  constructor(
    private readonly policy: SessionPolicy,
    private readonly maxEntries = 10_000,
  ) {}

  /** The session for a cookie value, refreshing its idle timer at most once a minute. */
  async resume(db: Kysely<DB>, token: string | undefined): Promise<LiveSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const idHash = hashToken(token);
    const now = Date.now();
    const hit = this.entries.get(idHash);
    if (hit && hit.until > now && hit.writes === sessionWriteCount()) return hit.session;
    if (hit) this.entries.delete(idHash);
    const writes = sessionWriteCount();
    this.reads++;
    const found = await readSession(db, idHash, this.policy);
    if (!found || this.policy.cacheMs <= 0) return found?.session;
    const until = Math.min(now + this.policy.cacheMs, found.endsAt);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(idHash, { session: found.session, until, writes });
    return found.session;
  }
}

async function readSession(
  db: Kysely<DB>,
  idHash: string,
  policy: SessionPolicy,
): Promise<{ session: LiveSession; endsAt: number } | undefined> {
  const row = await findLiveSession(db, idHash, policy.idleMinutes);
  if (!row) return undefined;
  let lastSeen = row.lastSeenAt.getTime();
  if (Date.now() - lastSeen > 60_000) {
    await touchSession(db, idHash);
    lastSeen = Date.now();
  }
  const { csrfToken, lastSeenAt: _seen, expiresAt, secondFactor, totpEnabledAt, ...user } = row;
  return {
    session: {
      user,
      csrfToken,
      tenant: tenantOf(user),
      idHash,
      secondFactor,
      totpEnabled: totpEnabledAt !== null,
    },
    endsAt: Math.min(expiresAt.getTime(), lastSeen + policy.idleMinutes * 60_000),
  };
}

export async function endSession(db: Kysely<DB>, token: string | undefined): Promise<void> {
  if (token) await revokeSession(db, hashToken(token));
}
