/**
 * Crashes and recovery (docs/reliability.md): one kill-and-recover run per database in the CI tier;
 * the loops of kills at many moments are in crash.nightly.test.ts.
 *
 * - The real server (`node --import tsx src/server/main.ts`, a child process on its own port) is
 *   SIGKILLed in the middle of a national-size Ofsted import job (10,000 homes, during its single
 *   writing transaction): the database then holds the job and its upload and nothing else new
 *   (row counts of every table in the catalog); started again, the server re-runs the job once
 *   its lease (3 s here) has expired, to completion, with exactly one effect.
 * - The server is SIGKILLed during a stream of writes (referrals over the API): every write it
 *   acknowledged is there in full, no write is there in part. With PGlite the database dies with
 *   the process; the data directory reopens (crash recovery) although the dead process's lock file
 *   is still there.
 * - PostgreSQL: a throwaway cluster's postmaster and backends are killed (kill -9) during a stream
 *   of commits from the app: after the restart every committed write is there, no uncommitted
 *   one is, and pg_amcheck finds the tables and indexes sound.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, openDatabase } from '../../src/db/connect.ts';
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
  killImportAndRecover,
  streamWritesAndKillServer,
  warmUp,
} from '../helpers/server-process.ts';

const kind = testDbKind();
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

describe(`the server killed (SIGKILL), on ${kind}`, () => {
  it('during a stream of writes: every acknowledged write is there in full, none in part', async () => {
    const crash = await streamWritesAndKillServer(target, cookies['officer.ealing']!, ealingOrg, {
      prefix: 'SRVKILL',
      writers: 4,
      killAfterAcked: 20,
    });
    const { records: _r, ...shown } = crash;
    console.info(`[crash] ${kind} server kill during writes: ${JSON.stringify(shown)}`);
    expect(crash.check.acked).toBeGreaterThanOrEqual(20);
    expect(crash.check.lost).toEqual([]);
    expect(crash.check.partial).toEqual([]);
    expect(crash.check.uncommittedPresent).toEqual([]);
    expect(crash.check.committedUnacked).toBeLessThanOrEqual(crash.inFlightAtKill);
    expect(crash.writesAfterRestart).toBe(true);
    if (kind === 'pglite') {
      // The dead server's lock was still there, and did not stop the reopening or the restart.
      expect(crash.lockAfterKill).toEqual({ pid: crash.killedPid, alive: false });
    }
  }, 300_000);

  it('in the middle of an import job: no partial rows; restarted, it re-runs the job once its lease expires, to exactly one effect', async () => {
    const list = generateOfstedList('la-list', 10_000, 11);
    const crash = await killImportAndRecover(
      target,
      cookies['commissioner.ealing']!,
      { bytes: listToCsv(list), urns: list.rows.map((r) => r[1]!) },
      [{ writingMs: 500 }],
    );
    console.info(`[crash] ${kind} import kill: ${JSON.stringify(crash)}`);
    expectCleanImportRecovery(crash);
    expect(crash.summary!.registered).toBe(10_000);
  }, 300_000);
});

describe.runIf(kind === 'pglite')('the embedded database’s lock file', () => {
  it('refuses a second live process, and takes over the lock of a dead one', async () => {
    const dir = target.server.dataDir!;
    const lock = join(dir, 'sufficiency.lock');
    expect(existsSync(lock)).toBe(false); // the last server stopped cleanly and released it
    writeFileSync(lock, String(process.ppid)); // a live process that is not us
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DatabaseInUseError);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(lock, String(dead));
    const d = await openDatabase({ dataDir: dir });
    await d.close();
    expect(existsSync(lock)).toBe(false);
  });
});

describe.runIf(kind === 'postgres' && postgresBinDir())(
  'the database server killed (kill -9) mid-transaction',
  () => {
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

    it('loses no committed write and keeps no uncommitted one; the app carries on once it is back', async () => {
      const crash = await streamWritesAndKillPostgres(cluster, 'sfy', {
        writers: 6,
        killAfterAcked: 30,
        ackedAfterRestart: 10,
      });
      const { records: _r, amcheck, recoveryLog, ...shown } = crash;
      console.info(`[crash] postgres postmaster kill: ${JSON.stringify(shown)}\n${recoveryLog}`);
      expect(crash.check.lost).toEqual([]);
      expect(crash.check.partial).toEqual([]);
      expect(crash.check.uncommittedPresent).toEqual([]);
      expect(crash.check.acked).toBeGreaterThanOrEqual(40);
      expect(recoveryLog).toMatch(/redo|recovery/);
      expect(amcheck.ok, amcheck.output).toBe(true);
    }, 300_000);
  },
);
