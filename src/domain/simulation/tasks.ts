/**
 * Every analysis is planned as a list of record tasks (a scenario, a number of runs, a seed) and
 * summarised from their rows afterwards. The split lets the expensive middle run anywhere: here,
 * in a worker pool, or in a web server's background job; the plan and the summary stay pure.
 */
import type { RunRecords } from './run-record.ts';
import type { Scenario } from './scenario.ts';
import { type Progress, simulateSizeRecords } from './simulate.ts';

export interface RecordTask {
  scenario: Scenario;
  runs: number;
  seed: number;
  /** Keep monthly occupancy (for the monitoring band). */
  monthly?: boolean;
  /** Block sizes to simulate on the same referrals (a sweep); the scenario's own size when absent. */
  sizes?: readonly number[];
}

/** The block sizes a task produces rows for, in order. */
export function taskSizes(t: RecordTask): readonly number[] {
  return t.sizes ?? [t.scenario.block.beds];
}

/** Runs the tasks one after another in this thread: for each task, one RunRecords per size. */
export function runTasks(tasks: readonly RecordTask[], onProgress?: Progress): RunRecords[][] {
  const total = tasks.reduce((a, t) => a + t.runs, 0);
  let before = 0;
  return tasks.map((t) => {
    const r = simulateSizeRecords(t.scenario, taskSizes(t), {
      runs: t.runs,
      seed: t.seed,
      monthly: t.monthly ?? false,
      onProgress: onProgress && ((f, m) => onProgress(total > 0 ? (before + f * t.runs) / total : 1, m)),
    });
    before += t.runs;
    return r;
  });
}

/**
 * Tasks with duplicates merged (the pooled block of a pooling comparison is the main simulation
 * again), and for each original task the index of the task that stands for it.
 */
export function dedupeTasks(tasks: readonly RecordTask[]): { tasks: RecordTask[]; index: number[] } {
  const keys = new Map<string, number>();
  const out: RecordTask[] = [];
  const index = tasks.map((t) => {
    const key = JSON.stringify([t.scenario, t.runs, t.seed, t.sizes ?? null]);
    const at = keys.get(key);
    if (at !== undefined) {
      if (t.monthly) out[at] = { ...out[at]!, monthly: true };
      return at;
    }
    keys.set(key, out.length);
    out.push(t);
    return out.length - 1;
  });
  return { tasks: out, index };
}

/**
 * A seed for LA `i`'s own stream when it runs alone, so that LAs alone are independent of each
 * other. The first LA keeps the scenario's seed: a single LA alone is then exactly the scenario.
 */
export function aloneSeed(seed: number, i: number): number {
  return seed + 7919 * i;
}
