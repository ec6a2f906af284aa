/**
 * Crashes and recovery, the long loops (nightly: `npm run test:nightly`; docs/reliability.md). The
 * CI tier (crash.test.ts) does one kill of each kind per database; this does many, at different
 * moments, within a time budget:
 *
 * - the real server SIGKILLed during a 20,000-home Ofsted import job while it checks rows (at 10,
 *   30 and 50 per cent) and at several points of its writing transaction, and one job killed twice
 *   (its first run and its re-run): after every kill only the job and its upload are new; each job
 *   is then re-run to completion with exactly one effect;
 * - the server SIGKILLed during streams of writes after 5, 25 and 60 acknowledgements;
 * - PostgreSQL: a throwaway cluster killed (kill -9, postmaster and backends) during streams of
 *   commits, three times over the same data, checked with pg_amcheck after each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/db/seed/seed-demo.ts';
import { generateOfstedList, listToCsv } from '../fixtures/ofsted/generate-list.ts';
import { testDbKind } from '../helpers/db.ts';
import {
  createCluster,
  type PgCluster,
  postgresBinDir,
  streamWritesAndKillPostgres,
} from '../helpers/pg-cluster.ts';
import { createDatabase } from '../helpers/postgres.ts';
import {
  type CrashTarget,
  crashTarget,
  expectCleanImportRecovery,
  type KillMoment,
  killImportAndRecover,
  streamWritesAndKillServer,
  warmUp,
} from '../helpers/server-process.ts';

const kind = testDbKind();
/** Stop starting new rounds after this long (a round in progress finishes). */
const BUDGET_MS = 12 * 60_000;
const t0 = performance.now();
const withinBudget = () => performance.now() - t0 < BUDGET_MS;

let target: CrashTarget;
let cleanup: () => Promise<void> = async () => {};
let cookies: Record<string, string>;
let ealingOrg: string;

beforeAll(async () => {
  ({ target, cleanup } = await crashTarget(kind));
  cookies = await warmUp(target, ['commissioner.ealing', 'officer.ealing']);
  const d = await target.open();
  ealingOrg = (
    await d.db
      .selectFrom('app_user')
      .select('org_id')
      .where('email', '=', 'officer.ealing@demo.example')
      .executeTakeFirstOrThrow()
  ).org_id;
  await d.close();
}, 120_000);

afterAll(() => cleanup());

describe(`the server killed again and again, on ${kind}`, () => {
  it('during streams of writes: no acknowledged write lost, none half-written, each time', async () => {
    const rounds: unknown[] = [];
    for (const [i, after] of [5, 25, 60].entries()) {
      if (i > 0 && !withinBudget()) break;
      const crash = await streamWritesAndKillServer(target, cookies['officer.ealing']!, ealingOrg, {
        prefix: `NIGHTLY-${i}`,
        writers: 4,
        killAfterAcked: after,
      });
      const { records: _r, ...shown } = crash;
      rounds.push(shown);
      expect(crash.check.lost).toEqual([]);
      expect(crash.check.partial).toEqual([]);
      expect(crash.check.uncommittedPresent).toEqual([]);
      expect(crash.check.committedUnacked).toBeLessThanOrEqual(crash.inFlightAtKill);
      expect(crash.writesAfterRestart).toBe(true);
      if (kind === 'pglite') expect(crash.lockAfterKill).toEqual({ pid: crash.killedPid, alive: false });
    }
    console.info(`[crash-nightly] ${kind} server kills during writes: ${JSON.stringify(rounds)}`);
  }, 900_000);

  it('in the middle of import jobs, at many moments: no partial rows after any kill, one effect per job', async () => {
    const runs: KillMoment[][] = [
      [{ progress: 0.1 }],
      [{ progress: 0.3 }],
      [{ progress: 0.5 }],
      [{ writingMs: 100 }],
      [{ writingMs: 1_000 }],
      [{ writingMs: 2_500 }],
      [{ progress: 0.3 }, { writingMs: 600 }],
    ];
    const results: unknown[] = [];
    let kills = 0;
    for (const [i, moments] of runs.entries()) {
      if (i > 0 && !withinBudget()) break;
      const list = generateOfstedList('la-list', 20_000, 500 + i);
      const crash = await killImportAndRecover(
        target,
        cookies['commissioner.ealing']!,
        { bytes: listToCsv(list), urns: list.rows.map((r) => r[1]!) },
        moments,
      );
      results.push({
        kills: crash.kills.map((k) => ({
          moment: k.moment,
          killedAt: k.killedAt,
          backendsGoneMs: k.backendsGoneMs,
        })),
        recoveryMs: crash.recoveryMs,
        attempts: crash.jobAfterRecovery.attempts,
        registered: crash.summary?.registered,
      });
      expectCleanImportRecovery(crash);
      kills += crash.kills.length;
    }
    console.info(`[crash-nightly] ${kind} import kills (${kills} survived): ${JSON.stringify(results)}`);
    expect(kills).toBeGreaterThanOrEqual(3);
  }, 1_800_000);
});

describe.runIf(kind === 'postgres' && postgresBinDir())('the database server killed again and again', () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await createCluster();
    await cluster.start();
    const admin = await openDatabase({ url: cluster.url(), poolSize: 1 });
    await createDatabase(admin, 'sfy');
    await admin.close();
    const d = await openDatabase({ url: cluster.url('sfy'), poolSize: 2 });
    await migrateToLatest(d.db);
    await seedDemo(d.db);
    await d.close();
  }, 120_000);

  afterAll(() => cluster?.destroy());

  it('loses no committed write and keeps no uncommitted one, each time', async () => {
    const rounds: unknown[] = [];
    for (const [i, after] of [10, 40, 80].entries()) {
      if (i > 0 && !withinBudget()) break;
      const crash = await streamWritesAndKillPostgres(cluster, 'sfy', {
        writers: 6,
        killAfterAcked: after,
        ackedAfterRestart: 10,
        prefix: `PGKILL-${i}`,
      });
      const { records: _r, amcheck, recoveryLog: _l, ...shown } = crash;
      rounds.push(shown);
      expect(crash.check.lost).toEqual([]);
      expect(crash.check.partial).toEqual([]);
      expect(crash.check.uncommittedPresent).toEqual([]);
      expect(amcheck.ok, amcheck.output).toBe(true);
    }
    console.info(`[crash-nightly] postgres postmaster kills: ${JSON.stringify(rounds)}`);
  }, 900_000);
});
