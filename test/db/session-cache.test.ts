/**
 * A server reuses a session it has read for `cacheMs`: a client's burst of requests reads it once.
 * Changes made through this process (sign-out, revocation, disabling, a second factor) apply at
 * once; changes it cannot see (another server's, written straight to the database here) apply
 * when the period ends, and never after the session's own end.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  DEFAULT_SESSION_POLICY,
  endSession,
  hashToken,
  SessionCache,
  type SessionPolicy,
} from '../../src/app/auth/sessions.ts';
import type { Database } from '../../src/db/connect.ts';
import { completeSecondFactor, revokeUserSessions } from '../../src/db/queries/auth.ts';
import { demoEmail } from '../../src/db/seed/demo-region.ts';
import { testDatabase } from '../helpers/db.ts';

let database: Database;
let userId: string;
beforeAll(async () => {
  database = await testDatabase({ demo: true });
  userId = (
    await database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', demoEmail('officer.ealing'))
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => database.close());

const policy = (cacheMs: number): SessionPolicy => ({ ...DEFAULT_SESSION_POLICY, cacheMs });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A change the process does not hear about: as another server's would be. */
const revokeBehindItsBack = (token: string) =>
  sql`update session set revoked_at = now() where id_hash = ${hashToken(token)}`.execute(database.db);

describe('remembering sessions', () => {
  it('reads a session once for a burst of requests, and again once the period is over', async () => {
    const cache = new SessionCache(policy(300));
    const { token } = await createSession(database.db, userId, DEFAULT_SESSION_POLICY);
    const first = await cache.resume(database.db, token);
    expect(first?.user.email).toBe(demoEmail('officer.ealing'));
    for (let i = 0; i < 10; i++) expect((await cache.resume(database.db, token))?.idHash).toBe(first?.idHash);
    expect(cache.reads).toBe(1);
    await sleep(350);
    expect(await cache.resume(database.db, token)).toBeDefined();
    expect(cache.reads).toBe(2);
  });

  it('reads on every request when the period is 0', async () => {
    const cache = new SessionCache(policy(0));
    const { token } = await createSession(database.db, userId, DEFAULT_SESSION_POLICY);
    for (let i = 0; i < 3; i++) expect(await cache.resume(database.db, token)).toBeDefined();
    expect(cache.reads).toBe(3);
  });

  it('ends a session at once when it is signed out or revoked through this process', async () => {
    const cache = new SessionCache(policy(60_000));
    const a = await createSession(database.db, userId, DEFAULT_SESSION_POLICY);
    const b = await createSession(database.db, userId, DEFAULT_SESSION_POLICY);
    expect(await cache.resume(database.db, a.token)).toBeDefined();
    expect(await cache.resume(database.db, b.token)).toBeDefined();
    await endSession(database.db, a.token);
    expect(await cache.resume(database.db, a.token)).toBeUndefined();
    expect(await cache.resume(database.db, b.token)).toBeDefined();
    await revokeUserSessions(database.db, userId);
    expect(await cache.resume(database.db, b.token)).toBeUndefined();
  });

  it('sees a completed second factor at once', async () => {
    const cache = new SessionCache(policy(60_000));
    const { token } = await createSession(database.db, userId, DEFAULT_SESSION_POLICY, 'pending');
    expect((await cache.resume(database.db, token))?.secondFactor).toBe('pending');
    await completeSecondFactor(database.db, hashToken(token));
    expect((await cache.resume(database.db, token))?.secondFactor).toBe('done');
  });

  it('bounds a change it cannot see by the period', async () => {
    const cache = new SessionCache(policy(300));
    const { token } = await createSession(database.db, userId, DEFAULT_SESSION_POLICY);
    expect(await cache.resume(database.db, token)).toBeDefined();
    await revokeBehindItsBack(token);
    // Within the period the remembered session still serves (the documented lag)...
    expect(await cache.resume(database.db, token)).toBeDefined();
    await sleep(350);
    // ...and not after it.
    expect(await cache.resume(database.db, token)).toBeUndefined();
  });

  it('never serves a session past its own end, whatever the period', async () => {
    const cache = new SessionCache(policy(60_000));
    const { token } = await createSession(database.db, userId, DEFAULT_SESSION_POLICY);
    await sql`update session set expires_at = now() + interval '300 milliseconds'
      where id_hash = ${hashToken(token)}`.execute(database.db);
    expect(await cache.resume(database.db, token)).toBeDefined();
    await sleep(400);
    expect(await cache.resume(database.db, token)).toBeUndefined();
    expect(cache.reads).toBe(2);
  });

  it('keeps nothing for a token that is not a session', async () => {
    const cache = new SessionCache(policy(60_000));
    expect(await cache.resume(database.db, 'no-such-token')).toBeUndefined();
    expect(await cache.resume(database.db, 'no-such-token')).toBeUndefined();
    expect(cache.reads).toBe(2);
    expect(await cache.resume(database.db, 'x'.repeat(101))).toBeUndefined();
    expect(cache.reads).toBe(2);
  });
});
