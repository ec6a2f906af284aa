import { describe, expect, it } from 'vitest';
import { exampleScenario } from '../domain/simulation/fixtures.ts';
import { withBeds } from '../domain/simulation/scenario.ts';
import { simulateRecords } from '../domain/simulation/simulate.ts';
import { runPool, simulateInWorkers } from './simulation-pool.ts';

describe('the simulation pool', () => {
  const s = exampleScenario({
    breakClause: { earliestNoticeMonth: 6, noticeMonths: 3, occupancyBelow: 0.4, reviewMonths: 3 },
  });
  const tasks = [
    { scenario: s, runs: 300, seed: 4, monthly: true },
    { scenario: s, runs: 257, seed: 4, sizes: [0, 9] },
  ];
  const alone = (beds: number, runs: number, monthly = false) =>
    Array.from(simulateRecords(withBeds(s, beds), { runs, seed: 4, monthly }).data);

  it('gives exactly the rows of a single-threaded run, with worker threads', async () => {
    const progress: number[] = [];
    // workHere: false leaves every run to the workers, so their side is exercised for certain.
    const out = await runPool(tasks, { threads: 2, workHere: false, onProgress: (f) => progress.push(f) });
    expect(out.runsInWorkers).toBe(557);
    expect(out.runsHere).toBe(0);
    const data = (task: number, size: number) => Array.from(out.records[task]![size]!.data);
    expect(data(0, 0)).toEqual(alone(4, 300, true));
    expect(data(1, 0)).toEqual(alone(0, 257));
    expect(data(1, 1)).toEqual(alone(9, 257));
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
  });

  it('shares the work with this thread by default and still gives the same rows', async () => {
    const [, sweep] = await simulateInWorkers(tasks, { threads: 2 });
    expect(Array.from(sweep![1]!.data)).toEqual(alone(9, 257));
  });

  it('runs everything in this thread when told to use one', async () => {
    const out = await runPool(tasks.slice(0, 1), { threads: 1 });
    expect(out.runsHere).toBe(300);
    expect(Array.from(out.records[0]![0]!.data)).toEqual(alone(4, 300, true));
  });
});
