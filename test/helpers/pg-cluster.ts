/**
 * A throwaway PostgreSQL cluster for tests that kill the database server: initdb into a temporary
 * directory (as the `postgres` user when run as root: PostgreSQL refuses to run as root), start it
 * on a free port on 127.0.0.1 with its socket in the same directory, kill -9 its postmaster, start
 * it again (crash recovery), and remove it. Never touches the shared cluster on 5432.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submitReferral } from '../../src/app/referrals/submit-referral.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { withTenant } from '../../src/db/tenant.ts';
import {
  checkStream,
  freePort,
  referralBody,
  type StreamCheck,
  sleep,
  type WriteRecord,
  writesFound,
} from './server-process.ts';

/** The newest installed PostgreSQL's bin directory (Debian layout), or undefined. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

const asRoot = process.getuid?.() === 0;

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** Runs a PostgreSQL program (as the postgres user when we are root). */
function run(bin: string, args: string[]): { status: number | null; output: string } {
  const r = asRoot
    ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', [bin, ...args].map(shellQuote).join(' ')], {
        encoding: 'utf8',
      })
    : spawnSync(bin, args, { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface PgCluster {
  dir: string;
  port: number;
  url(database?: string): string;
  /** Starts the server and waits until it accepts connections (retrying while a killed one's
   * backends still hold its shared memory). Returns how long it took. */
  start(): Promise<number>;
  /** The postmaster's pid, from postmaster.pid. */
  postmasterPid(): number;
  /** kill -9 of the postmaster and all its backends. */
  kill9(): void;
  /** The server's log. */
  log(): string;
  /** Stops it (immediate) and removes the directory. */
  destroy(): Promise<void>;
}

export async function createCluster(): Promise<PgCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL installation under /usr/lib/postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'sfy-pgcluster-'));
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const init = run(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--data-checksums',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.output}`);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c max_connections=40',
    '-c shared_buffers=32MB',
    '-c fsync=on',
  ].join(' ');

  const cluster: PgCluster = {
    dir,
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      const t0 = performance.now();
      let last = '';
      for (let attempt = 0; attempt < 100; attempt++) {
        const r = run(join(bin, 'pg_ctl'), [
          '-D',
          data,
          '-o',
          options,
          '-l',
          logFile,
          '-w',
          '-t',
          '60',
          'start',
        ]);
        if (r.status === 0) return Math.round(performance.now() - t0);
        last = r.output;
        await sleep(200); // a killed postmaster's backends may still be attached to its memory
      }
      throw new Error(`could not start the throwaway PostgreSQL:\n${last}\n${cluster.log().slice(-3000)}`);
    },
    postmasterPid() {
      return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    },
    kill9() {
      // The postmaster and every backend at once, as a crash of the machine would (bar the OS
      // cache): each transaction in flight dies mid-way and the restart replays the WAL.
      const pid = cluster.postmasterPid();
      const children = childrenOf(pid);
      process.kill(pid, 'SIGKILL');
      for (const c of children) {
        try {
          process.kill(c, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
    log() {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    async destroy() {
      if (existsSync(join(data, 'postmaster.pid'))) {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** pg_amcheck over every table and index of a database (installs amcheck in it). */
export function amcheck(cluster: PgCluster, database: string): { ok: boolean; output: string } {
  const bin = postgresBinDir()!;
  const r = run(join(bin, 'pg_amcheck'), [
    '-h',
    '127.0.0.1',
    '-p',
    String(cluster.port),
    '-U',
    'postgres',
    '--install-missing',
    '--heapallindexed',
    '-d',
    database,
  ]);
  return { ok: r.status === 0, output: r.output };
}

export interface PostgresCrash {
  records: WriteRecord[];
  check: StreamCheck;
  ackedBeforeKill: number;
  failedDuringOutage: number;
  /** kill -9 → the server accepting connections again (crash recovery included). */
  restartMs: number;
  amcheck: { ok: boolean; output: string };
  recoveryLog: string;
}

/**
 * Writers commit referrals through the app's use case (`withTenant` + `submitReferral`, the same
 * call POST /api/v1/referrals makes) on a pool to the throwaway cluster; after `killAfterAcked`
 * commits the postmaster gets kill -9; it is started again while the writers keep trying, and
 * they go on until `ackedAfterRestart` more commits. Each write notes when its work was done and
 * COMMIT was about to be sent, so a write found in the database that never got that far would be
 * an uncommitted write that survived.
 */
export async function streamWritesAndKillPostgres(
  cluster: PgCluster,
  database: string,
  opts: { writers: number; killAfterAcked: number; ackedAfterRestart: number; prefix?: string },
): Promise<PostgresCrash> {
  const app = await openDatabase({ url: cluster.url(database), poolSize: opts.writers });
  const records: WriteRecord[] = [];
  let acked = 0;
  let ackedBeforeKill = 0;
  let failedDuringOutage = 0;
  let phase: 'before' | 'down' | 'up' | 'done' = 'before';
  let restartMs = 0;
  let next = 0;
  try {
    const u = await app.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'officer.ealing@demo.example')
      .executeTakeFirstOrThrow();
    const tenant = (await jobTenant(app.db, u.id))!;
    let restarted: Promise<void> | undefined;
    const writer = async () => {
      while (phase !== 'done') {
        const rec: WriteRecord = { childRef: `${opts.prefix ?? 'PGKILL'}-${next++}` };
        records.push(rec);
        try {
          const r = await withTenant(app.db, tenant, async (trx) => {
            const made = await submitReferral(trx, tenant, {
              answers: referralBody(rec.childRef),
              now: new Date().toISOString(),
              today: '2026-11-20',
            });
            rec.committing = true; // the work is done; COMMIT goes next
            return made;
          });
          rec.acked = { referralId: r.referralId, copies: r.routing.sent.length };
          acked++;
        } catch {
          if (phase === 'before') throw new Error('a write failed before the kill');
          failedDuringOutage++;
          await sleep(20);
        }
        if (phase === 'before' && acked >= opts.killAfterAcked) {
          phase = 'down';
          ackedBeforeKill = acked;
          cluster.kill9();
          restarted = (async () => {
            await sleep(300);
            const t0 = performance.now();
            await cluster.start();
            restartMs = Math.round(performance.now() - t0) + 300;
            phase = 'up';
          })();
        }
        if (phase === 'up' && acked >= ackedBeforeKill + opts.ackedAfterRestart) phase = 'done';
      }
    };
    await Promise.all(Array.from({ length: opts.writers }, writer));
    await restarted;
  } finally {
    phase = 'done';
    await app.close();
  }
  const check = await (async () => {
    const d = await openDatabase({ url: cluster.url(database), poolSize: 1 });
    try {
      const orgId = (
        await d.db
          .selectFrom('app_user')
          .select('org_id')
          .where('email', '=', 'officer.ealing@demo.example')
          .executeTakeFirstOrThrow()
      ).org_id;
      return checkStream(
        records,
        await writesFound(
          d.db,
          orgId,
          records.map((r) => r.childRef),
        ),
      );
    } finally {
      await d.close();
    }
  })();
  const log = cluster.log();
  return {
    records,
    check,
    ackedBeforeKill,
    failedDuringOutage,
    restartMs,
    amcheck: amcheck(cluster, database),
    recoveryLog: log
      .split('\n')
      .filter((l) => /redo|recovery|terminated|crash|ready to accept/.test(l))
      .join('\n'),
  };
}
