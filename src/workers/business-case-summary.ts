/**
 * Summarising a business case (pricing every run, sorting every distribution, the sizing frontier,
 * the appraisal) takes a few hundred milliseconds of CPU for a large sweep. A web server does it
 * in a worker thread, so its event loop stays free for page requests; the rows move to the worker
 * without copying (their buffers are transferred). The result is exactly `summariseBusinessCase`'s.
 */
import type { Worker } from 'node:worker_threads';
import type { BusinessCaseRequest, BusinessCaseResult } from '../domain/simulation/business-case.ts';
import type { RunRecords } from '../domain/simulation/run-record.ts';
import { startTsWorker } from './start-worker.ts';

export type SummaryReply = { type: 'done'; result: BusinessCaseResult } | { type: 'error'; message: string };

function startWorker(): Worker {
  return startTsWorker(new URL('./business-case-summary-worker.ts', import.meta.url));
}

export interface SummaryWorker {
  /** Summarises in the worker (once). The records' buffers are handed over: do not use them afterwards. */
  summarise(
    req: BusinessCaseRequest,
    records: readonly (readonly RunRecords[])[],
  ): Promise<BusinessCaseResult>;
  /** Stops the worker (when the job stops before summarising). */
  stop(): void;
}

/**
 * Starts a summary worker now, so it loads while the runs are simulated; `summarise` later does
 * `summariseBusinessCase(req, records)` there.
 */
export function startSummaryWorker(signal?: AbortSignal): SummaryWorker {
  const worker = startWorker();
  let settled = false;
  let settle: (f: () => void) => void = () => {};
  const outcome = new Promise<BusinessCaseResult>((resolve, reject) => {
    settle = (f) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      f();
    };
    worker.once('message', (m: SummaryReply) =>
      settle(() => (m.type === 'done' ? resolve(m.result) : reject(new Error(m.message)))),
    );
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the summary worker stopped (exit code ${code})`))),
    );
  });
  outcome.catch(() => {}); // observed by summarise(); a stopped worker's rejection is expected
  const abort = () => settle(() => {});
  signal?.addEventListener('abort', abort, { once: true });
  return {
    summarise(req, records) {
      if (settled) return Promise.reject(new Error('the summary worker has stopped'));
      const buffers = records.flatMap((task) => task.map((r) => r.data.buffer as ArrayBuffer));
      worker.postMessage({ req, records }, [...new Set(buffers)]);
      return outcome;
    },
    stop: abort,
  };
}

/** `summariseBusinessCase(req, records)` in a worker thread (started now). */
export function summariseInWorker(
  req: BusinessCaseRequest,
  records: readonly (readonly RunRecords[])[],
): Promise<BusinessCaseResult> {
  return startSummaryWorker().summarise(req, records);
}
