/**
 * Long work (imports, forecasts, simulations, statement runs) runs as jobs recorded in the
 * database, so any app server can run any job and a crash loses nothing:
 * - a runner claims a job with a lease (FOR UPDATE SKIP LOCKED) and renews it while working;
 * - if the runner dies, the lease expires and another runner re-runs the job from the start;
 * - a handler writes its effect and marks the job succeeded in ONE transaction (`complete`), so a
 *   re-run never finds half an import: either all of it committed with the job, or none of it did.
 * Jobs run as the user who created them, under the same row-level security as their requests.
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { claimJob, finishJob, heartbeat, insertJob, type JobRow, jobTenant } from '../../db/queries/jobs.ts';
import type { DB } from '../../db/schema.ts';
import { type Executor, type Tenant, type Tx, withTenant } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';

export class JobInterrupted extends Error {}

export interface JobContext {
  job: JobRow;
  tenant: Tenant;
  db: Kysely<DB>;
  /** Aborted when the lease is lost, the job is cancelled or the runner stops. */
  signal: AbortSignal;
  /** Reports progress (0..1); throws JobInterrupted if the job should stop. */
  progress(fraction: number, message?: string): Promise<void>;
  /** Runs `fn` in a tenant transaction that also marks the job succeeded with its result. */
  completeWith<T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

export interface JobKindInfo {
  /** What people see, e.g. "Import of an Ofsted provider list". */
  title: string;
  /** Where to see the result once the job has succeeded. */
  resultPath?: (job: { id: string; payload: Record<string, unknown>; result: unknown }) => string;
}

export interface RunnerOptions {
  leaseSeconds?: number;
  pollMs?: number;
  owner?: string;
}

export class JobRunner {
  readonly owner: string;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly info = new Map<string, JobKindInfo>();
  private readonly leaseSeconds: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = new AbortController();
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    opts: RunnerOptions = {},
  ) {
    this.leaseSeconds = opts.leaseSeconds ?? 60;
    this.pollMs = opts.pollMs ?? 1000;
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  register(kind: string, handler: JobHandler, info: JobKindInfo = { title: kind }): void {
    this.handlers.set(kind, handler);
    this.info.set(kind, info);
  }

  describe(kind: string): JobKindInfo {
    return this.info.get(kind) ?? { title: kind };
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** Queues a job in the caller's transaction (so it exists only if the request commits). */
  async enqueue(
    db: Executor,
    tenant: Tenant,
    kind: string,
    payload: Record<string, unknown>,
  ): Promise<string> {
    if (!this.handlers.has(kind)) throw new Error(`no job handler for "${kind}"`);
    const id = await insertJob(db, { orgId: tenant.orgId, createdBy: tenant.userId, kind, payload });
    setImmediate(() => this.wake?.());
    return id;
  }

  start(): void {
    if (this.running) return;
    this.stopping = new AbortController();
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch {
        // a database hiccup: wait and poll again
      }
      if (!worked && !this.stopping.signal.aborted) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.pollMs);
        });
        clearTimeout(this.timer);
        this.wake = undefined;
      }
    }
  }

  /** Claims and runs one job; false when there was nothing to do. */
  async runOnce(): Promise<boolean> {
    const job = await claimJob(this.db, this.owner, this.leaseSeconds);
    if (!job) return false;
    if (job.attempts > job.max_attempts) {
      await finishJob(this.db, job.id, this.owner, {
        status: 'failed',
        error: `Gave up after ${job.max_attempts} attempts`,
      });
      return true;
    }
    await this.execute(job);
    return true;
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const who = job.created_by ? await jobTenant(this.db, job.created_by) : undefined;
    if (!handler || !who) {
      await finishJob(this.db, job.id, this.owner, {
        status: 'failed',
        error: handler ? 'The user who started this job no longer exists' : `Unknown job kind ${job.kind}`,
      });
      return;
    }
    const tenant: Tenant = who;
    const abort = new AbortController();
    const onStop = () => abort.abort();
    this.stopping.signal.addEventListener('abort', onStop);
    const beat = setInterval(
      () => {
        heartbeat(this.db, job.id, this.owner, this.leaseSeconds)
          .then((ok) => {
            if (!ok) abort.abort();
          })
          .catch(() => {});
      },
      (this.leaseSeconds * 1000) / 3,
    );
    let completed = false;
    const ctx: JobContext = {
      job,
      tenant,
      db: this.db,
      signal: abort.signal,
      progress: async (fraction, message) => {
        const ok = await heartbeat(this.db, job.id, this.owner, this.leaseSeconds, { fraction, message });
        if (!ok) abort.abort();
        if (abort.signal.aborted) throw new JobInterrupted('job interrupted');
      },
      completeWith: (fn) =>
        withTenant(this.db, tenant, async (trx) => {
          const result = await fn(trx);
          const ok = await finishJob(trx, job.id, this.owner, { status: 'succeeded', result });
          if (!ok) throw new JobInterrupted('lost the job lease before finishing; nothing was committed');
          completed = true;
          return result;
        }),
    };
    try {
      const result = await handler(ctx);
      if (!completed) await finishJob(this.db, job.id, this.owner, { status: 'succeeded', result });
    } catch (err) {
      if (err instanceof JobInterrupted || abort.signal.aborted) return; // another runner or a cancel owns it now
      const permanent = err instanceof DomainError;
      const retry = !permanent && job.attempts < job.max_attempts;
      await finishJob(this.db, job.id, this.owner, {
        status: retry ? 'queued' : 'failed',
        error: err instanceof Error ? err.message : String(err),
      }).catch(() => {});
    } finally {
      clearInterval(beat);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
  }
}
