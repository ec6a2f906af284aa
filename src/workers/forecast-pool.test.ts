import { describe, expect, it } from 'vitest';
import { backtest } from '../domain/forecasting/backtest.ts';
import { fitDemandModel, fitDemandModels } from '../domain/forecasting/fit-model.ts';
import { forecastRegion } from '../domain/forecasting/forecast.ts';
import {
  compareScenarioRuns,
  compareScenarios,
  leversToAdjustments,
  type ScenarioLevers,
} from '../domain/forecasting/scenarios.ts';
import { syntheticRegion } from '../domain/forecasting/test-data.ts';
import { backtestInWorker, ForecastWorkers, forecastInThreads, simulateInThreads } from './forecast-pool.ts';

describe('the forecast pool', () => {
  const region = syntheticRegion(7, [
    { name: 'A', entriesPerMonth: 6 },
    { name: 'B', entriesPerMonth: 3 },
  ]);

  it('gives the region and its LAs exactly as one thread does, with every run in workers', async () => {
    const models = fitDemandModels(region);
    const o = { horizonMonths: 6, simulations: 30, seed: 9 };
    const progress: number[] = [];
    const threads = await forecastInThreads(models, o, 2, (f) => progress.push(f), { workHere: false });
    const one = forecastRegion(models, o);
    expect(threads.region).toEqual(one.region);
    expect(threads.las).toEqual(one.las);
    expect(progress.at(-1)).toBe(1);
  });

  it('simulates scenarios on threads with the same figures as compareScenarios', async () => {
    const model = fitDemandModel(region, { la: 'A' });
    const levers: ScenarioLevers[] = [
      { name: 'Fewer entries', entryChange: -0.2 },
      { name: 'Step-down', stepDownPerYear: 0.2, residentialForLackOfFoster: 0.3 },
    ];
    const o = { horizonMonths: 6, simulations: 24, seed: 3 };
    const tasks = [undefined, ...levers.map(leversToAdjustments)].map((adjust) => ({
      model,
      options: { ...o, ...(adjust ? { adjust } : {}) },
    }));
    const [baseline, ...scenarios] = await simulateInThreads(tasks, { threads: 3, workHere: false });
    const pooled = compareScenarioRuns(model, levers, { baseline: baseline!, scenarios }, o);
    expect(pooled).toEqual(compareScenarios(model, levers, o));
  });

  it('runs a backtest in a worker with the result of the engine', async () => {
    const options = { cutoffs: ['2022-03-31'], horizonMonths: 3, simulations: 20, seed: 2, minCount: 1 };
    const messages: string[] = [];
    const result = await backtestInWorker(region, options, { onProgress: (_f, m) => messages.push(m) });
    expect(result).toEqual(backtest(region, options));
    expect(messages.length).toBeGreaterThan(0);
  });

  it('passes the engine’s refusals back with their fields', async () => {
    await expect(
      backtestInWorker(region, { cutoffs: ['2099-03-31'], horizonMonths: 12, simulations: 10 }),
    ).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: [expect.objectContaining({ field: 'cutoff' })],
    });
  });

  it('stops when aborted', async () => {
    const model = fitDemandModel(region, { la: 'A' });
    const stop = new AbortController();
    stop.abort();
    await expect(
      simulateInThreads([{ model, options: { horizonMonths: 6, simulations: 20, seed: 1 } }], {
        signal: stop.signal,
      }),
    ).rejects.toThrow(/stopped/);
  });
});

describe('forecast workers kept between runs', () => {
  it('lends the same threads to the next run, with the same figures, and stops them when closed', async () => {
    const region = syntheticRegion(5, [{ name: 'A', entriesPerMonth: 4 }]);
    const model = fitDemandModel(region);
    const workers = new ForecastWorkers();
    const task = [{ model, options: { horizonMonths: 6, simulations: 40, seed: 2 } }];
    const one = await simulateInThreads(task, { threads: 2, workHere: false, workers });
    expect(workers.idleCount).toBe(2);
    const two = await simulateInThreads(task, { threads: 2, workHere: false, workers });
    expect(workers.idleCount).toBe(2);
    expect(two).toEqual(one);
    const bt = { cutoffs: ['2022-03-31'], horizonMonths: 3, simulations: 20, seed: 2, minCount: 1 };
    expect(await backtestInWorker(region, bt, { workers })).toEqual(backtest(region, bt));
    expect(workers.idleCount).toBe(2);
    // A failed run does not hand its threads back.
    await expect(
      backtestInWorker(region, { ...bt, cutoffs: ['2099-03-31'] }, { workers }),
    ).rejects.toMatchObject({ code: 'validation' });
    expect(workers.idleCount).toBe(1);
    await workers.close();
    expect(workers.idleCount).toBe(0);
  });
});
