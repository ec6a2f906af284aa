/**
 * Several app servers on one database: sessions, throttling and jobs live in the database, so a
 * session made on one server works on another, and concurrent job runners never run a job twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../src/app/jobs/runner.ts';
import type { Database } from '../../src/db/connect.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { buildApp } from '../../src/server/app.ts';
import { signIn, testConfig } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase({ demo: true, poolSize: 20 });
});
afterAll(() => database.close());

describe('several app servers on one database', () => {
  it('accepts a session created on one server at another, and sign-out on either ends it', async () => {
    // Sessions are remembered for SESSION_CACHE_MS; with 0 every request reads the database, as a
    // server in another process would once its period is over (test/db/session-cache.test.ts).
    const fresh = testConfig();
    const config = { ...fresh, session: { ...fresh.session, cacheMs: 0 } };
    const a = await buildApp({ db: database.db, config });
    const b = await buildApp({ db: database.db, config });
    const s = await signIn(a, 'officer.hillingdon');
    const onB = await b.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(onB.statusCode).toBe(200);
    expect(onB.json().organisation.name).toBe('Hillingdon');
    await b.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(
      (await a.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(401);
    await a.close();
    await b.close();
  });

  it('runs each of 30 jobs exactly once with three runners competing', async () => {
    const user = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'analyst.hub@demo.example')
      .executeTakeFirstOrThrow();
    const tenant = (await jobTenant(database.db, user.id))!;
    const runs = new Map<string, string[]>();
    const runners = ['a', 'b', 'c'].map((name) => {
      const r = new JobRunner(database.db, { owner: name, pollMs: 20 });
      r.register('tally', async (ctx) => {
        runs.set(ctx.job.id, [...(runs.get(ctx.job.id) ?? []), name]);
        await new Promise((res) => setTimeout(res, 5));
        return null;
      });
      return r;
    });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await runners[0]!.enqueue(database.db, tenant, 'tally', { i }));
    for (const r of runners) r.start();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const done = await database.db
        .selectFrom('job')
        .select('id')
        .where('id', 'in', ids)
        .where('status', '=', 'succeeded')
        .execute();
      if (done.length === ids.length) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    await Promise.all(runners.map((r) => r.stop()));
    expect(ids.map((id) => runs.get(id)?.length)).toEqual(ids.map(() => 1));
  });
});
