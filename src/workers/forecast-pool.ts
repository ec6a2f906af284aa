/**
 * The forecast's worker-thread pool, shared by the `sufficiency forecast` command and the web's
 * forecast and backtest jobs. The domain stays pure and single-threaded; this adapter shares the
 * simulation out. Each task (a model, a seed, the levers of a scenario) is cut by run number into
 * one part per thread, and parts are handed in order to whichever thread is free. A run's random
 * streams depend only on the seed and its number, so the figures do not depend on how many
 * threads ran them, or which.
 *
 * The command line works on this thread too (`workHere`, the default), since it has nothing else
 * to do; a web server passes `workHere: false` so its event loop stays free for pages, and an
 * `AbortSignal` (a cancelled job, a lost lease) stops the workers.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { BacktestOptions, BacktestResult } from '../domain/forecasting/backtest.ts';
import type { Combination } from '../domain/forecasting/combine.ts';
import type { Ssda903Dataset } from '../domain/forecasting/dataset.ts';
import { laSeed, RegionForecast } from '../domain/forecasting/forecast.ts';
import type { DemandModel } from '../domain/forecasting/model.ts';
import {
  concatRuns,
  type SimulationOptions,
  type SimulationRuns,
  simulate,
} from '../domain/forecasting/simulate.ts';
import { DomainError, type DomainErrorCode } from '../domain/shared/errors.ts';
import type { FromWorker, Task, TaskResult, ToWorker } from './forecast-protocol.ts';
import { startTsWorker } from './start-worker.ts';

export type Progress = (fraction: number, message: string) => void;

export interface SimulationTask {
  model: DemandModel;
  options: Omit<SimulationOptions, 'onProgress'>;
}

export interface PoolOptions {
  /** Threads in all (this one included when it works too); 1 with workHere runs everything here. */
  threads?: number;
  /** Whether this thread simulates too (default true); a web server passes false. */
  workHere?: boolean;
  /** Stops the workers; the pool then rejects with ForecastAborted. */
  signal?: AbortSignal;
  onProgress?: Progress;
  /**
   * Started workers to borrow and give back (a server keeps them between jobs: starting one costs
   * a few hundred milliseconds, more than a small LA's whole forecast). Default: start and stop.
   */
  workers?: ForecastWorkers;
}

export class ForecastAborted extends Error {}

type Listener = Parameters<Worker['off']>[1];

/** Every core, at most 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

/** Threads worth using: every core (at most 8) once a run is big enough to repay starting them. */
export function autoThreads(models: readonly DemandModel[], simulations: number, months: number): number {
  const children = models.reduce((a, m) => a + m.population.birth.length, 0);
  const work = children * simulations * months;
  return work > 5e8 ? defaultThreads() : 1;
}

/**
 * A worker is TypeScript, so it starts from a one-line bootstrap that registers tsx's loader in the
 * new thread (a worker does not inherit loader hooks) and then imports the worker module, which
 * loads only the simulation (not this module's callers, with their exporters and databases).
 */
function startWorker(): Worker {
  return startTsWorker(new URL('./forecast-worker.ts', import.meta.url));
}

/**
 * Worker threads kept between jobs. Borrowed workers are handed back when a run finishes cleanly
 * (and stopped when it fails or is aborted, so no half-done message can reach the next run); an
 * idle worker does not keep the process alive and is stopped after `idleMs`.
 */
export class ForecastWorkers {
  private readonly idle: Worker[] = [];
  private readonly timers = new Map<Worker, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly idleMs = 120_000) {}

  acquire(n: number): Worker[] {
    const out: Worker[] = [];
    while (out.length < n && this.idle.length > 0) {
      const w = this.idle.pop()!;
      clearTimeout(this.timers.get(w));
      this.timers.delete(w);
      w.ref();
      out.push(w);
    }
    while (out.length < n) {
      const w = startWorker();
      w.on('exit', () => this.forget(w));
      out.push(w);
    }
    return out;
  }

  release(workers: readonly Worker[]): void {
    for (const w of workers) {
      if (this.closed) {
        void w.terminate();
        continue;
      }
      w.unref();
      this.idle.push(w);
      const timer = setTimeout(() => {
        this.forget(w);
        void w.terminate();
      }, this.idleMs);
      timer.unref();
      this.timers.set(w, timer);
    }
  }

  private forget(w: Worker): void {
    clearTimeout(this.timers.get(w));
    this.timers.delete(w);
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** Idle workers now (for tests and benchmarks). */
  get idleCount(): number {
    return this.idle.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = this.idle.splice(0);
    for (const w of all) clearTimeout(this.timers.get(w));
    this.timers.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }
}

function workerError(m: Extract<FromWorker, { type: 'error' }>): Error {
  return m.code
    ? new DomainError(m.code as DomainErrorCode, m.message, m.fieldErrors ?? [])
    : new Error(m.message);
}

/**
 * Simulates every task, its runs cut into parts shared across threads, and hands each task's runs
 * to `onTask` in task order as soon as it and every task before it are done (so a caller adding
 * 50 LAs into a region holds only a few LAs' runs at once).
 */
export async function runSimulationTasks(
  tasks: readonly SimulationTask[],
  o: PoolOptions,
  onTask: (index: number, runs: SimulationRuns) => void,
): Promise<void> {
  if (o.signal?.aborted) throw new ForecastAborted('the forecast was stopped before it started');
  const workHere = o.workHere ?? true;
  const threads = Math.max(1, o.threads ?? 1);
  const parts = tasks.map((t) => Math.max(1, Math.min(threads, t.options.simulations)));
  const queue: { task: number; part: number; options: SimulationTask['options'] }[] = [];
  tasks.forEach((t, task) => {
    let offset = t.options.runOffset ?? 0;
    const S = t.options.simulations;
    for (let part = 0; part < parts[task]!; part++) {
      const size = Math.floor(((part + 1) * S) / parts[task]!) - Math.floor((part * S) / parts[task]!);
      queue.push({ task, part, options: { ...t.options, simulations: size, runOffset: offset } });
      offset += size;
    }
  });
  const results: SimulationRuns[][] = tasks.map(() => []);
  const remaining = [...parts];
  let flushed = 0;
  let partsDone = 0;
  const flush = () => {
    while (flushed < tasks.length && remaining[flushed] === 0) {
      const runs = concatRuns(results[flushed]!);
      results[flushed] = [];
      onTask(flushed, runs);
      flushed++;
    }
  };
  const done = (q: (typeof queue)[number], runs: SimulationRuns) => {
    results[q.task]![q.part] = runs;
    remaining[q.task]!--;
    partsDone++;
    o.onProgress?.(partsDone / queue.length, `${partsDone} of ${queue.length} parts simulated`);
  };

  const count = workHere ? Math.min(threads - 1, queue.length - 1) : Math.min(threads, queue.length);
  const workers = o.workers
    ? o.workers.acquire(Math.max(0, count))
    : Array.from({ length: Math.max(0, count) }, startWorker);
  let next = 0;
  let failure: Error | undefined;
  let outstanding = 0;
  let settle: (() => void) | undefined;
  let closing = false;
  const wake = () => {
    const s = settle;
    settle = undefined;
    s?.();
  };
  const listeners: { w: Worker; event: string; fn: Listener }[] = [];
  const listen = (w: Worker, event: 'message' | 'error' | 'exit', fn: Listener) => {
    w.on(event, fn);
    listeners.push({ w, event, fn });
  };
  const dispatch = (w: Worker) => {
    if (next >= queue.length || failure || o.signal?.aborted) return;
    const id = next++;
    const q = queue[id]!;
    outstanding++;
    const onMessage = (m: FromWorker) => {
      if (m.id !== id) return;
      w.off('message', onMessage);
      outstanding--;
      if (m.type === 'runs') {
        done(q, m.runs);
        dispatch(w);
      } else if (m.type === 'error') {
        failure = workerError(m);
      }
      wake();
    };
    w.on('message', onMessage);
    w.postMessage({
      type: 'simulate',
      id,
      model: tasks[q.task]!.model,
      options: q.options,
    } satisfies ToWorker);
  };
  const stop = () => {
    closing = true;
    for (const w of workers) void w.terminate();
    wake();
  };
  o.signal?.addEventListener('abort', stop, { once: true });
  for (const w of workers) {
    listen(w, 'error', ((e: Error) => {
      failure = e;
      wake();
    }) as Listener);
    listen(w, 'exit', () => {
      if (!closing) failure ??= new Error('a forecast thread stopped unexpectedly');
      wake();
    });
    dispatch(w);
  }
  let clean = false;
  try {
    if (workHere || workers.length === 0) {
      while (next < queue.length && !failure && !o.signal?.aborted) {
        const q = queue[next++]!;
        done(q, simulate(tasks[q.task]!.model, q.options));
        flush();
        await new Promise((r) => setImmediate(r)); // let finished workers report and take more
      }
    }
    while (outstanding > 0 && !failure && !o.signal?.aborted) {
      await new Promise<void>((r) => {
        settle = r;
      });
      flush();
    }
    if (o.signal?.aborted) throw new ForecastAborted('the forecast was stopped');
    if (failure) throw failure;
    flush();
    clean = true;
  } finally {
    closing = true;
    o.signal?.removeEventListener('abort', stop);
    for (const l of listeners) l.w.off(l.event, l.fn);
    if (o.workers && clean) o.workers.release(workers);
    else await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Simulates every task; one SimulationRuns per task, in task order. */
export async function simulateInThreads(
  tasks: readonly SimulationTask[],
  o: PoolOptions = {},
): Promise<SimulationRuns[]> {
  const out: SimulationRuns[] = [];
  await runSimulationTasks(tasks, o, (i, runs) => {
    out[i] = runs;
  });
  return out;
}

/**
 * Simulates every LA (runs shared across `threads` threads) and builds the regional forecast, an
 * LA at a time as its runs come back. Gives the same figures as forecastRegion on one thread.
 */
export async function forecastInThreads(
  models: readonly DemandModel[],
  o: { horizonMonths: number; simulations: number; seed: number; combination?: Combination },
  threads: number,
  onProgress?: Progress,
  pool: Omit<PoolOptions, 'threads' | 'onProgress'> = {},
): Promise<ReturnType<RegionForecast['result']>> {
  const acc = new RegionForecast(o);
  const tasks = models.map((model, la) => ({
    model,
    options: {
      horizonMonths: o.horizonMonths,
      simulations: o.simulations,
      seed: laSeed(o.seed, la, models.length),
    },
  }));
  await runSimulationTasks(tasks, { ...pool, threads }, (la, runs) => {
    acc.add(models[la]!, runs);
    onProgress?.((la + 1) / models.length, `${models[la]!.la || 'LA'} simulated`);
  });
  return acc.result();
}

/**
 * Runs one task (reading 903 files, fitting, the stored figures, a backtest) in a worker thread,
 * so a web server's event loop stays free, reporting its progress. The result is exactly what the
 * same pure function gives on this thread.
 */
export async function runInWorker<T extends Task>(
  task: T,
  o: Pick<PoolOptions, 'signal' | 'onProgress' | 'workers'> = {},
): Promise<TaskResult[T['type']]> {
  if (o.signal?.aborted) throw new ForecastAborted(`the ${task.type} was stopped before it started`);
  const [w] = o.workers ? o.workers.acquire(1) : [startWorker()];
  const worker = w!;
  let clean = false;
  const handlers: { event: string; fn: Listener }[] = [];
  let stop = () => {};
  try {
    const result = await new Promise<TaskResult[T['type']]>((resolve, reject) => {
      stop = () => reject(new ForecastAborted(`the ${task.type} was stopped`));
      o.signal?.addEventListener('abort', stop, { once: true });
      const on = (event: 'message' | 'error' | 'exit', fn: Listener) => {
        worker.on(event, fn);
        handlers.push({ event, fn });
      };
      on('message', ((m: FromWorker) => {
        if (m.type === 'progress') o.onProgress?.(m.fraction, m.message);
        else if (m.type === 'done') resolve(m.result as TaskResult[T['type']]);
        else if (m.type === 'error') reject(workerError(m));
      }) as Listener);
      on('error', reject as Listener);
      on('exit', ((code: number) =>
        reject(new Error(`the forecast thread stopped (exit code ${code})`))) as Listener);
      worker.postMessage({ type: 'task', id: 0, task } satisfies ToWorker);
    });
    clean = true;
    return result;
  } finally {
    o.signal?.removeEventListener('abort', stop);
    for (const h of handlers) worker.off(h.event, h.fn);
    if (o.workers && clean) o.workers.release([worker]);
    else await worker.terminate();
  }
}

/** A whole backtest in a worker thread: exactly `backtest(dataset, options)`. */
export function backtestInWorker(
  dataset: Ssda903Dataset,
  options: Omit<BacktestOptions, 'onProgress'>,
  o: Pick<PoolOptions, 'signal' | 'onProgress' | 'workers'> = {},
): Promise<BacktestResult> {
  return runInWorker({ type: 'backtest', dataset, options }, o);
}
