/**
 * What the simulation pool shares with its worker threads. The rows live in SharedArrayBuffers
 * that every thread writes into directly, and the work is handed out by an atomic counter over a
 * list of chunks (a task and a range of its runs): whichever thread is free takes the next chunk,
 * so a worker that is slow to start simply takes fewer.
 */
import { prepareEngine, simulateRunSizes } from '../domain/simulation/engine.ts';
import { type Scenario, withBeds } from '../domain/simulation/scenario.ts';

export interface SharedTask {
  scenario: Scenario;
  seed: number;
  monthly: boolean;
  /** Block sizes simulated on the same referrals; one buffer of rows each. */
  sizes: number[];
  stride: number;
  /** Where the task's rows go, one buffer per size: runs × stride float64s. */
  rows: SharedArrayBuffer[];
}

export interface SharedJob {
  tasks: SharedTask[];
  /** Chunk c covers runs [chunkFrom[c], chunkFrom[c] + chunkCount[c]) of task chunkTask[c]. */
  chunkTask: number[];
  chunkFrom: number[];
  chunkCount: number[];
  /** Int32 slots: [0] the next chunk to claim; [1 + c] 1 once chunk c is written. */
  control: SharedArrayBuffer;
}

export type WorkerReply = { type: 'chunk' } | { type: 'idle' } | { type: 'error'; message: string };

/** Claims chunks until none are left, simulating each into the shared rows. Used by every thread. */
export function workOn(
  job: SharedJob,
  simulate: (task: number, from: number, count: number) => void,
  afterChunk?: () => void,
): void {
  const control = new Int32Array(job.control);
  const n = job.chunkTask.length;
  for (;;) {
    const c = Atomics.add(control, 0, 1);
    if (c >= n) return;
    simulate(job.chunkTask[c]!, job.chunkFrom[c]!, job.chunkCount[c]!);
    Atomics.store(control, 1 + c, 1);
    afterChunk?.();
  }
}

/** Prepares a task's engines (one per size) once per thread, and simulates runs into its rows. */
export function taskRunner(task: SharedTask): (from: number, count: number) => void {
  const engines = task.sizes.map((beds) =>
    prepareEngine(withBeds(task.scenario, beds), { monthly: task.monthly }),
  );
  const rows = task.rows.map((b) => new Float64Array(b));
  return (from, count) => {
    for (let r = from; r < from + count; r++) simulateRunSizes(engines, task.seed, r, rows, r * task.stride);
  };
}
