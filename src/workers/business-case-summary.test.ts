import { describe, expect, it } from 'vitest';
import {
  type BusinessCaseRequest,
  businessCaseTasks,
  runBusinessCase,
} from '../domain/simulation/business-case.ts';
import { exampleScenario } from '../domain/simulation/fixtures.ts';
import { runTasks } from '../domain/simulation/tasks.ts';
import { startSummaryWorker, summariseInWorker } from './business-case-summary.ts';

describe('summarising a business case in a worker thread', () => {
  const req: BusinessCaseRequest = {
    scenario: exampleScenario(),
    runs: 120,
    seed: 9,
    sweep: { sizes: [0, 2, 4] },
    pooling: true,
    appraisal: { costs: {} },
  };

  it('gives exactly the summary of this thread', async () => {
    const records = runTasks(businessCaseTasks(req));
    expect(await summariseInWorker(req, records)).toEqual(runBusinessCase(req));
  });

  it('stops when asked, and then refuses to summarise', async () => {
    const w = startSummaryWorker();
    w.stop();
    await expect(w.summarise(req, runTasks(businessCaseTasks(req)))).rejects.toThrow(/stopped/);
  });
});
