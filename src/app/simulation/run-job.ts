/**
 * The `simulation` job: runs a stored request's record tasks in worker threads (never on the
 * server's own event loop, so pages stay responsive while it works), reports the engine's progress
 * on the job, summarises, and stores the result with the job's completion in one transaction. The
 * rows do not depend on how many threads ran them, so the stored result is exactly what
 * `runBusinessCase(request)` gives in one thread; the summary is worked out in a worker thread too. A cancelled job, or one whose lease is lost,
 * stops its workers and commits nothing.
 */
import { runForJob, saveRunResult } from '../../db/queries/simulation.ts';
import { withTenant } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { type BusinessCaseRequest, businessCaseTasks } from '../../domain/simulation/business-case.ts';
import { startSummaryWorker } from '../../workers/business-case-summary.ts';
import { SimulationAborted, simulateInWorkers } from '../../workers/simulation-pool.ts';
import { type JobContext, JobInterrupted } from '../jobs/runner.ts';

export interface SimulationJobOptions {
  /** Worker threads (default: the pool's, every core up to 8). */
  threads?: number;
  /** Least time between two progress reports, in milliseconds. */
  progressEveryMs?: number;
}

export function simulationJob(opts: SimulationJobOptions = {}) {
  return async (ctx: JobContext): Promise<{ runId: string }> => {
    const runId = String(ctx.job.payload.runId ?? '');
    const run = await withTenant(ctx.db, ctx.tenant, (trx) => runForJob(trx, runId));
    if (!run) throw new DomainError('not-found', 'The simulation run no longer exists');
    if (run.result !== null) return { runId };
    const request = run.request as unknown as BusinessCaseRequest;
    const tasks = businessCaseTasks(request);
    await ctx.progress(0, `Starting ${request.runs.toLocaleString('en-GB')} runs`);

    // Progress arrives from the pool synchronously; report it in order, at most every few hundred ms.
    let reported = Promise.resolve();
    let stopped = false;
    let last = 0;
    const every = opts.progressEveryMs ?? 250;
    const onProgress = (fraction: number, message: string) => {
      const now = Date.now();
      if (fraction < 1 && now - last < every) return;
      last = now;
      reported = reported
        .then(() => ctx.progress(0.95 * fraction, `Simulated ${message}`))
        .catch(() => {
          stopped = true;
        });
    };
    // The summary runs in a worker too (started now, so it loads meanwhile): the event loop stays free.
    const summary = startSummaryWorker(ctx.signal);
    let records: Awaited<ReturnType<typeof simulateInWorkers>>;
    try {
      records = await simulateInWorkers(tasks, {
        workHere: false,
        signal: ctx.signal,
        onProgress,
        ...(opts.threads ? { threads: opts.threads } : {}),
      });
    } catch (e) {
      summary.stop();
      if (e instanceof SimulationAborted) throw new JobInterrupted('simulation stopped');
      throw e;
    }
    await reported;
    if (stopped || ctx.signal.aborted) {
      summary.stop();
      throw new JobInterrupted('simulation stopped');
    }
    await ctx.progress(0.97, 'Summarising the results');
    const outcome = await summary.summarise(request, records);
    if (ctx.signal.aborted) throw new JobInterrupted('simulation stopped');
    return ctx.completeWith(async (trx) => {
      if (!(await saveRunResult(trx, runId, outcome)))
        throw new DomainError('conflict', 'The run already has a result');
      return { runId };
    });
  };
}
