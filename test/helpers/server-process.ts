/**
 * The real server (`node --import tsx src/server/main.ts`) as a child process on a port of its
 * own, for tests that kill it (SIGKILL) and start it again, and an HTTP client that signs in
 * through the real form over a socket. Also: a PGlite data directory prepared from the run's
 * demo dump (so the server starts without seeding), and row counts of every table in the catalog.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { expect, inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/connect.ts';
import type { DB } from '../../src/db/schema.ts';
import { DEMO_PASSWORD, demoEmail } from '../../src/db/seed/demo-region.ts';
import { adminUrl, createDatabase, dropDatabase, withDatabase } from './postgres.ts';

export const REPO = join(import.meta.dirname, '..', '..');
export const SERVER_TODAY = '2026-11-20';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A throwaway directory holding a PGlite database restored from a dump (a `.tar` file). */
export async function pgliteDataDirFrom(dumpFile: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sfy-server-'));
  mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create({
    dataDir: join(dir, 'pglite'),
    loadDataDir: new Blob([readFileSync(dumpFile)]),
  });
  await lite.close();
  return dir;
}

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends the signal and waits for the process to exit (it is reaped, so its pid is dead). */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServerOptions {
  /** A PostgreSQL URL, or else a PGlite data directory. */
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  /** How long to wait for "Sufficiency is running" (ms). */
  startTimeoutMs?: number;
}

/** Starts the server and resolves once it listens; rejects (with its output) if it exits first. */
export async function startServer(opts: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    TODAY: SERVER_TODAY,
    REQUIRE_TOTP_FOR: '',
    LOG_LEVEL: 'warn',
    SEED_DEMO: '1',
    JOB_LEASE_SECONDS: '3',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : { DATA_DIR: opts.dataDir ?? 'data' }),
    ...opts.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    output: () => out,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? 90_000);
  let done = false;
  exited.then(() => {
    done = true;
  });
  while (!out.includes('Sufficiency is running')) {
    if (done) throw new Error(`the server exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`the server was not ready in time:\n${out}`);
    }
    await sleep(50);
  }
  return server;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface HttpSession {
  base: string;
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** A multipart form with the CSRF token first, then `fields`, then one file. */
  upload(
    path: string,
    file: { name: string; type: string; bytes: Buffer },
    fields?: Record<string, string>,
  ): Promise<Response>;
}

function cookieFrom(res: Response, name: string): string {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const [k, v] = pair!.split('=');
    if (k === name) return v ?? '';
  }
  throw new Error(`no ${name} cookie (status ${res.status})`);
}

/** Signs in through the real sign-in form over HTTP (the demo password unless given). */
export async function signInHttp(
  base: string,
  local: string,
  password = DEMO_PASSWORD,
): Promise<HttpSession> {
  const form = await fetch(`${base}/sign-in`);
  const pre = cookieFrom(form, 'sufficiency_csrf');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const email = local.includes('@') ? local : demoEmail(local);
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `sufficiency_csrf=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  if (res.status !== 303) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return sessionFor(base, `sufficiency_session=${cookieFrom(res, 'sufficiency_session')}`);
}

/** A client for an existing session cookie (e.g. after the server restarted). */
export async function sessionFor(base: string, cookie: string): Promise<HttpSession> {
  const me = await fetch(`${base}/api/v1/me`, { headers: { cookie, accept: 'application/json' } });
  if (me.status !== 200) throw new Error(`GET /api/v1/me answered ${me.status}`);
  const { csrfToken: csrf } = (await me.json()) as { csrfToken: string };
  return {
    base,
    cookie,
    csrf,
    get: (path) => fetch(`${base}${path}`, { headers: { cookie, accept: 'application/json' } }),
    api: (method, path, body, headers = {}) =>
      fetch(`${base}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrf,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    upload: (path, file, fields = {}) => {
      const fd = new FormData();
      fd.append('_csrf', csrf);
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      fd.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      return fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: fd });
    },
  };
}

/** Rows in every ordinary table of the public schema, read from the catalog (so new tables count). */
export async function rowCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts[name] = Number(r.rows[0]!.n);
  }
  return counts;
}

/** The tables whose counts differ, with before and after. */
export function countChanges(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, [number, number]> {
  const changed: Record<string, [number, number]> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] !== after[name]) changed[name] = [before[name] ?? 0, after[name] ?? 0];
  }
  return changed;
}

// ------------------------------------------------------------------ crash scenarios

/** Where a crash test's server keeps its data: a PGlite directory or a PostgreSQL database. */
export interface CrashTarget {
  kind: 'pglite' | 'postgres';
  server: ServerOptions;
  /** Opens the database from the test process (for PGlite only while no server runs). */
  open(): Promise<Database>;
}

/** A fresh copy of the demo database for the server: a PGlite directory or a PostgreSQL database. */
export async function crashTarget(
  kind: 'pglite' | 'postgres',
): Promise<{ target: CrashTarget; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = await pgliteDataDirFrom(inject('pgliteTemplates').demo);
    return {
      target: { kind, server: { dataDir: dir }, open: () => openDatabase({ dataDir: dir }) },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = process.env.DATABASE_URL!;
  const name = `sfy_t_${inject('runId')}_crash_${randomBytes(3).toString('hex')}`;
  const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
  await createDatabase(admin, name, inject('postgresTemplates')!.demo);
  await admin.close();
  const dbUrl = withDatabase(url, name);
  return {
    target: { kind, server: { databaseUrl: dbUrl }, open: () => openDatabase({ url: dbUrl, poolSize: 2 }) },
    cleanup: async () => {
      const a = await openDatabase({ url: adminUrl(url), poolSize: 1 });
      await dropDatabase(a, name);
      await a.close();
    },
  };
}

/** The lock file of a PGlite data directory and whether its holder is alive. */
export function lockHolder(dataDir: string): { pid: number; alive: boolean } | undefined {
  const path = join(dataDir, 'sufficiency.lock');
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8'));
  let alive = true;
  try {
    process.kill(pid, 0);
  } catch (err) {
    alive = (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return { pid, alive };
}

async function withOpen<T>(target: CrashTarget, fn: (db: Database['db']) => Promise<T>): Promise<T> {
  const d = await target.open();
  try {
    return await fn(d.db);
  } finally {
    await d.close();
  }
}

/** Starts the server once, signs in (sessions outlive restarts), lets start-up work settle, stops it. */
export async function warmUp(target: CrashTarget, who: string[]): Promise<Record<string, string>> {
  const s = await startServer(target.server);
  try {
    const cookies: Record<string, string> = {};
    for (const w of who) cookies[w] = (await signInHttp(s.url, w)).cookie;
    await sleep(500); // the referral housekeeping's first run
    return cookies;
  } finally {
    await s.kill('SIGTERM');
  }
}

/** When to kill: as soon as the job reports `progress` (rows being checked), or `writingMs` into
 * its single writing transaction (after the last check report). */
export type KillMoment = { progress: number } | { writingMs: number };

export interface ImportKill {
  moment: KillMoment;
  /** What the job page showed last, and when (ms after this run of the job was seen starting). */
  killedAt: { progress: number; message: string; ms: number };
  /** The job as the database holds it after the kill. */
  jobAfterKill: { status: string; attempts: number; progress: number };
  /** Tables whose row counts differ from before the upload. */
  changed: Record<string, [number, number]>;
  /** PostgreSQL: how long the killed server's backends lived on (ms). */
  backendsGoneMs?: number;
}

export interface ImportCrash {
  homesInFile: number;
  kills: ImportKill[];
  changedAfterRecovery: Record<string, [number, number]>;
  /** Last restart of the server until the job succeeded (ms): the wait for the lease is part of it. */
  recoveryMs: number;
  jobAfterRecovery: { status: string; attempts: number; error: string | null };
  /** The job's summary of what it did, and what the database shows of it. */
  summary: { registered: number; ownersCreated: number } | undefined;
  importsOfJob: number;
  fileUrnsMissing: number;
  fileUrnsDuplicated: number;
}

interface JobView {
  status: string;
  progress: number;
  message: string;
  attempts: number;
  error: string | null;
}

const RESTARTED = 'Restarted after an interruption';

/**
 * Uploads an Ofsted list through the page (a job) and SIGKILLs the server at each of `moments` in
 * turn (the first run of the job, then each re-run after a restart), checking after every kill
 * what the database holds; then starts the server again and waits for the job to be re-run to
 * completion.
 */
export async function killImportAndRecover(
  target: CrashTarget,
  cookie: string,
  file: { bytes: Buffer; urns: string[] },
  moments: KillMoment[],
): Promise<ImportCrash> {
  const before = await withOpen(target, rowCounts);
  let jobId = '';
  const kills: ImportKill[] = [];
  for (const [i, moment] of moments.entries()) {
    const s = await startServer(target.server);
    let killedAt = { progress: 0, message: '', ms: 0 };
    try {
      const session = await sessionFor(s.url, cookie);
      if (i === 0) {
        const res = await session.upload('/directory/ofsted', {
          name: 'national.csv',
          type: 'text/csv',
          bytes: file.bytes,
        });
        if (res.status !== 303) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
        jobId = res.headers.get('location')!.split('/').pop()!;
      }
      let t0 = performance.now();
      let started = i === 0;
      const poll = async () => {
        const j = (await (await session.get(`/api/v1/jobs/${jobId}`)).json()) as JobView;
        if (!started && j.attempts > i && j.message !== RESTARTED) {
          started = true; // this run's own first report (the progress shown before is the last run's)
          t0 = performance.now();
        }
        killedAt = { progress: j.progress, message: j.message, ms: Math.round(performance.now() - t0) };
        if (j.status !== 'running' && j.status !== 'queued')
          throw new Error(`the job ended before kill ${i + 1}: ${j.status}`);
        if (performance.now() - t0 > 180_000) throw new Error('the job never got that far');
        return started ? j.progress : 0;
      };
      if ('progress' in moment) {
        while ((await poll()) < moment.progress) await sleep(10);
      } else {
        // Rows checked (the last report before writing is 0.6 or more); the writing transaction
        // has begun when the job says so (0.7) or, on PGlite, when the job page cannot be
        // answered because that transaction holds the one connection.
        while ((await poll()) < 0.6) await sleep(10);
        for (;;) {
          const asked = performance.now();
          const asking = poll();
          asking.catch(() => {}); // answered after the kill, if ever
          const writing = await Promise.race([asking.then((p) => p >= 0.7), sleep(300).then(() => true)]);
          if (writing || performance.now() - asked >= 300) break;
          await sleep(10);
        }
        await sleep(moment.writingMs);
        killedAt = { ...killedAt, ms: Math.round(performance.now() - t0) };
      }
    } finally {
      await s.kill('SIGKILL');
    }
    const backendsGoneMs = target.kind === 'postgres' ? await untilNoOtherBackends(target) : undefined;
    const atKill = await withOpen(target, async (db) => ({
      counts: await rowCounts(db),
      job: await db
        .selectFrom('job')
        .select(['status', 'attempts', 'progress'])
        .where('id', '=', jobId)
        .executeTakeFirstOrThrow(),
    }));
    kills.push({
      moment,
      killedAt,
      jobAfterKill: { ...atKill.job, progress: Number(atKill.job.progress) },
      changed: countChanges(before, atKill.counts),
      backendsGoneMs,
    });
  }

  const t1 = performance.now();
  const s2 = await startServer(target.server);
  let job: JobView;
  try {
    const session = await sessionFor(s2.url, cookie);
    for (;;) {
      job = (await (await session.get(`/api/v1/jobs/${jobId}`)).json()) as JobView;
      if (!['queued', 'running'].includes(job.status)) break;
      if (performance.now() - t1 > 300_000) throw new Error('the job was not re-run to the end');
      await sleep(100);
    }
  } finally {
    await s2.kill('SIGTERM');
  }
  const recoveryMs = Math.round(performance.now() - t1);
  const after = await withOpen(target, async (db) => {
    const result = (
      await db.selectFrom('job').select('result').where('id', '=', jobId).executeTakeFirstOrThrow()
    ).result as { summary?: { counts: { registered: number }; ownersCreated: number } } | null;
    const imports = await db.selectFrom('ofsted_import').select('id').where('job_id', '=', jobId).execute();
    const homes = await db
      .selectFrom('home')
      .select(['urn', (eb) => eb.fn.countAll<string>().as('n')])
      .where('urn', 'in', file.urns)
      .groupBy('urn')
      .execute();
    return { counts: await rowCounts(db), result, imports: imports.length, homes };
  });
  return {
    homesInFile: file.urns.length,
    kills,
    changedAfterRecovery: countChanges(before, after.counts),
    recoveryMs,
    jobAfterRecovery: { status: job!.status, attempts: job!.attempts, error: job!.error },
    summary: after.result?.summary
      ? {
          registered: after.result.summary.counts.registered,
          ownersCreated: after.result.summary.ownersCreated,
        }
      : undefined,
    importsOfJob: after.imports,
    fileUrnsMissing: file.urns.length - after.homes.length,
    fileUrnsDuplicated: after.homes.filter((h) => Number(h.n) > 1).length,
  };
}

/** PostgreSQL: waits until no one but us is connected to the target's database; returns the wait. */
async function untilNoOtherBackends(target: CrashTarget): Promise<number> {
  const t0 = performance.now();
  return withOpen(target, async (db) => {
    for (;;) {
      const r = await sql<{ n: string }>`
        select count(*) as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(db);
      if (Number(r.rows[0]!.n) === 0) return Math.round(performance.now() - t0);
      if (performance.now() - t0 > 60_000) throw new Error('the killed server’s backends are still there');
      await sleep(20);
    }
  });
}

/** The checks every import crash must pass (the CI test and the nightly loop alike). */
export function expectCleanImportRecovery(c: ImportCrash): void {
  for (const [i, k] of c.kills.entries()) {
    const label = `kill ${i + 1} ${JSON.stringify(k.moment)}`;
    // At each kill: only the job and its upload exist; nothing of the import.
    expect(k.jobAfterKill.status, label).toBe('running');
    expect(k.jobAfterKill.attempts, label).toBe(i + 1);
    expect(Object.keys(k.changed).sort(), label).toEqual(['job', 'upload']);
    expect(k.changed.job![1] - k.changed.job![0], label).toBe(1);
    expect(k.changed.upload![1] - k.changed.upload![0], label).toBe(1);
  }
  // After the restart: re-run once more, to completion, with exactly one effect.
  expect(c.jobAfterRecovery).toEqual({ status: 'succeeded', attempts: c.kills.length + 1, error: null });
  expect(c.importsOfJob).toBe(1);
  expect(c.fileUrnsMissing).toBe(0);
  expect(c.fileUrnsDuplicated).toBe(0);
  const grew = (t: string) =>
    c.changedAfterRecovery[t] ? c.changedAfterRecovery[t]![1] - c.changedAfterRecovery[t]![0] : 0;
  expect(grew('ofsted_import')).toBe(1);
  expect(grew('job')).toBe(1);
  expect(grew('upload')).toBe(1);
  expect(grew('home')).toBe(c.summary!.registered);
  expect(grew('organisation')).toBe(c.summary!.ownersCreated);
}

// ------------------------------------------------------------------ a stream of writes

/** The body of POST /api/v1/referrals for a new child with this reference. */
export function referralBody(childRef: string) {
  return {
    childRef,
    bornIn: '2012-06',
    sex: 'male',
    primaryNeed: 'ebd',
    risks: ['missing'],
    neededBy: 'gt-5-days',
    latestStart: '2026-12-04',
    siblingCount: 0,
    isPreferredLocationLocal: true,
    familyPostcodeSector: 'W5 3',
    keepSchool: false,
    communicationNeeds: 'no',
    communicationRequirements: ['none'],
    homeAdaptationRequired: false,
    culturalNeeds: 'not-required',
    livingCompanions: 'no-preference',
    pets: 'yes-can',
    additionalSupport: ['na'],
    deprivationOfLiberty: false,
    fosterSuitability: 'suitable-not-preferred',
    residentialSuitability: 'preferred',
    supportedAccommodationSuitability: 'unsuitable',
    penPortrait: 'Loves football; settles with calm adults.',
  };
}

/** What one write came to, from the writer's side. */
export interface WriteRecord {
  childRef: string;
  /** The write was acknowledged (committed, as far as the writer knows), with what it made. */
  acked?: { referralId: string; copies: number };
  /** The write had reached its commit when the answer was lost (so it may or may not be there). */
  committing?: boolean;
}

/** What the database holds for a set of writes: each referral with its child and copies. */
export async function writesFound(
  db: Database['db'],
  orgId: string,
  refs: string[],
): Promise<Map<string, { child: boolean; referralId?: string; copies: number }>> {
  const found = new Map<string, { child: boolean; referralId?: string; copies: number }>();
  const children = await db
    .selectFrom('child')
    .leftJoin('referral', 'referral.child_id', 'child.id')
    .select(['child.child_ref', 'referral.id as referralId'])
    .where('child.org_id', '=', orgId)
    .where('child.child_ref', 'in', refs)
    .execute();
  for (const c of children)
    found.set(c.child_ref, { child: true, referralId: c.referralId ?? undefined, copies: 0 });
  const ids = children.flatMap((c) => (c.referralId ? [c.referralId] : []));
  if (ids.length > 0) {
    const copies = await db
      .selectFrom('referral_recipient')
      .select(['referral_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('referral_id', 'in', ids)
      .groupBy('referral_id')
      .execute();
    const byId = new Map(copies.map((c) => [c.referral_id, Number(c.n)]));
    for (const f of found.values()) if (f.referralId) f.copies = byId.get(f.referralId) ?? 0;
  }
  return found;
}

export interface StreamCheck {
  writes: number;
  acked: number;
  /** Acknowledged writes missing, or present but incomplete. */
  lost: string[];
  /** Writes present in part (a child without its referral…). */
  partial: string[];
  /** Present although never acknowledged nor committing: an uncommitted write that survived. */
  uncommittedPresent: string[];
  /** Unacknowledged writes that were committing and are present (allowed: the answer was lost). */
  committedUnacked: number;
}

/** Compares what the writers saw with what the database holds. */
export function checkStream(
  records: WriteRecord[],
  found: Map<string, { child: boolean; referralId?: string; copies: number }>,
): StreamCheck {
  const check: StreamCheck = {
    writes: records.length,
    acked: 0,
    lost: [],
    partial: [],
    uncommittedPresent: [],
    committedUnacked: 0,
  };
  for (const r of records) {
    const f = found.get(r.childRef);
    if (f && (!f.referralId || (r.acked && f.copies !== r.acked.copies))) check.partial.push(r.childRef);
    if (r.acked) {
      check.acked++;
      if (!f || f.referralId !== r.acked.referralId) check.lost.push(r.childRef);
    } else if (f) {
      if (r.committing) check.committedUnacked++;
      else check.uncommittedPresent.push(r.childRef);
    }
  }
  return check;
}

export interface ServerStreamCrash {
  records: WriteRecord[];
  inFlightAtKill: number;
  check: StreamCheck;
  /** PGlite: the lock file the killed server left, and whether its pid was dead. */
  lockAfterKill?: { pid: number; alive: boolean };
  killedPid: number;
  /** Reopening the data directory after the kill (PGlite recovery), and restarting the server. */
  reopenMs: number;
  restartMs: number;
  /** A write after the restart succeeded. */
  writesAfterRestart: boolean;
}

/**
 * Writers post referrals (POST /api/v1/referrals: child, referral, copies to homes, notices and
 * audit in one transaction) to the real server; after `killAfterAcked` acknowledgements the server
 * is SIGKILLed (with PGlite the database dies with it). Then the database is reopened and compared
 * with what the writers saw, and the server is started again.
 */
export async function streamWritesAndKillServer(
  target: CrashTarget,
  cookie: string,
  orgId: string,
  opts: { prefix: string; writers: number; killAfterAcked: number },
): Promise<ServerStreamCrash> {
  const records: WriteRecord[] = [];
  const s = await startServer(target.server);
  const session = await sessionFor(s.url, cookie);
  let acked = 0;
  let killed = false;
  let inFlight = 0;
  let inFlightAtKill = 0;
  let next = 0;
  const writer = async () => {
    while (!killed) {
      const rec: WriteRecord = { childRef: `${opts.prefix}-${next++}` };
      records.push(rec);
      inFlight++;
      try {
        const res = await session.api('POST', '/api/v1/referrals', referralBody(rec.childRef));
        const body = (await res.json()) as { referralId?: string; routing?: { sent: unknown[] } };
        if (res.status === 201) {
          rec.acked = { referralId: body.referralId!, copies: body.routing!.sent.length };
          acked++;
        } else throw new Error(`answered ${res.status}: ${JSON.stringify(body)}`);
      } catch (err) {
        // No answer: the server died with it in flight, so it may or may not have committed.
        if (!killed) throw err;
        rec.committing = true;
      } finally {
        inFlight--;
      }
      if (acked >= opts.killAfterAcked && !killed) {
        killed = true;
        inFlightAtKill = inFlight;
        process.kill(s.pid, 'SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: opts.writers }, writer));
  await s.exited;
  const lockAfterKill = target.server.dataDir ? lockHolder(target.server.dataDir) : undefined;
  const t0 = performance.now();
  const found = await withOpen(target, (db) =>
    writesFound(
      db,
      orgId,
      records.map((r) => r.childRef),
    ),
  );
  const reopenMs = Math.round(performance.now() - t0);
  const t1 = performance.now();
  const again = await startServer(target.server);
  const restartMs = Math.round(performance.now() - t1);
  let writesAfterRestart = false;
  try {
    const session2 = await sessionFor(again.url, cookie);
    const res = await session2.api('POST', '/api/v1/referrals', referralBody(`${opts.prefix}-after`));
    writesAfterRestart = res.status === 201;
  } finally {
    await again.kill('SIGTERM');
  }
  return {
    records,
    inFlightAtKill,
    check: checkStream(records, found),
    lockAfterKill,
    killedPid: s.pid,
    reopenMs,
    restartMs,
    writesAfterRestart,
  };
}
