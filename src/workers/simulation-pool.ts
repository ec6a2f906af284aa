/**
 * Runs simulations on several cores with worker_threads. The domain stays pure and single-threaded;
 * this adapter shares out the runs. This thread works too, from the first moment, while the
 * workers start (starting one costs a few hundred milliseconds, as it loads the TypeScript
 * sources); chunks are claimed through an atomic counter, so however the work falls between the
 * threads, and even if a worker fails to start, every run is simulated exactly once. Each run is
 * seeded by its own number, so the rows are identical to a single-threaded run.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { prepareEngine } from '../domain/simulation/engine.ts';
import type { RunRecords } from '../domain/simulation/run-record.ts';
import type { Progress } from '../domain/simulation/simulate.ts';
import { type RecordTask, taskSizes } from '../domain/simulation/tasks.ts';
import { type SharedJob, taskRunner, type WorkerReply, workOn } from './simulation-protocol.ts';
import { startTsWorker } from './start-worker.ts';

export interface PoolOptions {
  /** Threads in all, this one included; 1 runs everything here. Default: the cores available, at most 8. */
  threads?: number;
  /**
   * Whether this thread simulates too (default true). A web server passes false so its event loop
   * stays free; the threads are then all workers.
   */
  workHere?: boolean;
  onProgress?: Progress;
  /**
   * Stops the workers when aborted (a cancelled or lost background job); the pool then rejects
   * with `SimulationAborted` instead of finishing their chunks in this thread.
   */
  signal?: AbortSignal;
}

export class SimulationAborted extends Error {}

export function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

/**
 * A worker is TypeScript, so it starts from a one-line bootstrap that registers tsx's loader in the
 * new thread (a worker does not inherit loader hooks) and then imports the worker module.
 */
function startWorker(): Worker {
  return startTsWorker(new URL('./simulation-worker.ts', import.meta.url));
}

/** Simulates every task's runs across threads: per task (in order), one RunRecords per block size. */
export async function simulateInWorkers(
  tasks: readonly RecordTask[],
  o: PoolOptions = {},
): Promise<RunRecords[][]> {
  return (await runPool(tasks, o)).records;
}

export interface PoolOutcome {
  records: RunRecords[][];
  /** How the runs fell between this thread and the workers (for benchmarks and tests). */
  runsHere: number;
  runsInWorkers: number;
}

export async function runPool(tasks: readonly RecordTask[], o: PoolOptions = {}): Promise<PoolOutcome> {
  if (o.signal?.aborted) throw new SimulationAborted('the simulation was stopped before it started');
  const threads = Math.max(1, o.threads ?? defaultThreads());
  const layouts = tasks.map((t) => prepareEngine(t.scenario, { monthly: t.monthly ?? false }).layout);
  const job: SharedJob = {
    tasks: [],
    chunkTask: [],
    chunkFrom: [],
    chunkCount: [],
    control: new SharedArrayBuffer(4),
  };
  tasks.forEach((t, i) => {
    const stride = layouts[i]!.stride;
    const sizes = [...taskSizes(t)];
    job.tasks.push({
      scenario: t.scenario,
      seed: t.seed,
      monthly: t.monthly ?? false,
      sizes,
      stride,
      rows: sizes.map(() => new SharedArrayBuffer(t.runs * stride * 8)),
    });
    // Chunks small enough to share out evenly; sweeps do every size per run, so fewer runs a chunk.
    const size = Math.max(1, Math.ceil(t.runs / (threads * 16)));
    for (let from = 0; from < t.runs; from += size) {
      job.chunkTask.push(i);
      job.chunkFrom.push(from);
      job.chunkCount.push(Math.min(size, t.runs - from));
    }
  });
  const chunks = job.chunkTask.length;
  job.control = new SharedArrayBuffer(4 * (1 + chunks));
  const control = new Int32Array(job.control);
  const rows = job.tasks.map((t) => t.rows.map((b) => new Float64Array(b)));
  const runners = job.tasks.map((t) => taskRunner(t));
  const totalRuns = tasks.reduce((a, t) => a + t.runs, 0);
  const doneRuns = () => {
    let n = 0;
    for (let c = 0; c < chunks; c++) if (Atomics.load(control, 1 + c) === 1) n += job.chunkCount[c]!;
    return n;
  };
  const report = () => {
    const n = doneRuns();
    o.onProgress?.(
      totalRuns > 0 ? n / totalRuns : 1,
      `${n.toLocaleString('en-GB')} of ${totalRuns.toLocaleString('en-GB')} runs`,
    );
  };
  let runsHere = 0;
  const simulate = (task: number, from: number, count: number) => {
    runsHere += count;
    runners[task]!(from, count);
  };

  // Wait only for chunks the workers have claimed, not for a worker still starting up.
  let settle = () => {};
  const allDone = new Promise<void>((resolve) => {
    settle = () => {
      if (doneRuns() === totalRuns || workers.every((w) => w.idle)) resolve();
    };
  });
  const workHere = o.workHere ?? true;
  const count = workHere ? Math.min(threads - 1, chunks - 1) : Math.min(threads, chunks);
  const workers = Array.from({ length: Math.max(0, count) }, () =>
    watch(startWorker(), job, () => {
      report();
      settle();
    }),
  );
  const stop = () => {
    for (const w of workers) void w.worker.terminate();
  };
  o.signal?.addEventListener('abort', stop, { once: true });
  if (workHere || workers.length === 0) workOn(job, simulate, report);
  settle();
  await allDone;
  o.signal?.removeEventListener('abort', stop);
  for (const w of workers) void w.worker.terminate();
  if (o.signal?.aborted) throw new SimulationAborted('the simulation was stopped');
  // A worker that died mid-chunk leaves it unwritten: do it here.
  for (let c = 0; c < chunks; c++) {
    if (Atomics.load(control, 1 + c) === 1) continue;
    const task = job.chunkTask[c]!;
    const { stride } = job.tasks[task]!;
    for (const r of rows[task]!)
      r.fill(0, job.chunkFrom[c]! * stride, (job.chunkFrom[c]! + job.chunkCount[c]!) * stride);
    simulate(task, job.chunkFrom[c]!, job.chunkCount[c]!);
    Atomics.store(control, 1 + c, 1);
  }
  report();
  return {
    records: tasks.map((t, i) =>
      rows[i]!.map((r) => ({ layout: layouts[i]!, runs: t.runs, data: r.slice() })),
    ),
    runsHere,
    runsInWorkers: totalRuns - runsHere,
  };
}

/** A started worker; `idle` once it has no more work (it said so, failed or exited). */
function watch(worker: Worker, job: SharedJob, changed: () => void): { worker: Worker; idle: boolean } {
  const w = { worker, idle: false };
  const stop = () => {
    w.idle = true;
    changed();
  };
  worker.on('message', (m: WorkerReply) => {
    if (m.type === 'chunk') changed();
    else stop();
  });
  worker.on('error', stop);
  worker.on('exit', stop);
  worker.postMessage(job);
  return w;
}
