/**
 * A worker thread's side of the simulation pool: claims chunks of runs and simulates them with
 * the pure engine straight into the shared rows, then says it is idle. No state between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { type SharedJob, taskRunner, type WorkerReply, workOn } from './simulation-protocol.ts';

const port = parentPort;
if (!port) throw new Error('simulation-worker.ts must run as a worker thread');
const reply = (m: WorkerReply) => port.postMessage(m);

port.on('message', (job: SharedJob) => {
  try {
    const runners: ((from: number, count: number) => void)[] = [];
    workOn(
      job,
      (task, from, count) => {
        const run = runners[task] ?? taskRunner(job.tasks[task]!);
        runners[task] = run;
        run(from, count);
      },
      () => reply({ type: 'chunk' }),
    );
    reply({ type: 'idle' });
  } catch (e) {
    reply({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
