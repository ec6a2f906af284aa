/**
 * Forecasting (issue 6). One LA: the shared synthetic LA (about 1,000 children) fitted and forecast
 * 12 months ahead with the default 500 simulation runs (target 200 ms). National: a generated
 * extract of 50 LAs and about 1.2 million episode rows (bench/generate/ssda903-national.ts, written
 * to .cache/ and reused) imported, fitted and forecast 12 months ahead (target 10 s and 500 MB),
 * and forecast five years ahead with 1,000 runs (target 60 s). The national figures are taken in a
 * child process, so its peak memory is the task's own, and use every core (the forecast command's
 * thread pool; figures do not depend on the number of threads).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forecastInThreads } from '../src/cli/commands/forecast.ts';
import { fitDemandModel, fitDemandModels } from '../src/domain/forecasting/fit-model.ts';
import { forecastDemand } from '../src/domain/forecasting/forecast.ts';
import { importSsda903 } from '../src/importers/ssda903/import-files.ts';
import { generateNational } from './generate/ssda903-national.ts';
import { type Measurement, time } from './lib.ts';

const HERE = fileURLToPath(import.meta.url);
const SAMPLE = process.env.SSDA903_SAMPLE_DIR ?? join(HERE, '../../../shared/data/ssda903/la-small');
const NATIONAL = join(HERE, '../../.cache/ssda903-national');
const NATIONAL_12_RUNS = 200;

interface ChildReport {
  seconds: Record<string, number>;
  /** CPU seconds of the whole process (all threads): on a shared machine, what the task itself used. */
  cpu: Record<string, number>;
  load: number;
  peakMb: number;
  children: number;
  episodes: number;
  threads: number;
}

/** Runs in the child process: one national task, reported as JSON on stdout. */
async function childTask(task: string): Promise<void> {
  const threads = Math.max(1, Math.min(8, os.availableParallelism()));
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const { dataset } = await importSsda903(NATIONAL);
  const t1 = performance.now();
  const c1 = cpu();
  const models = fitDemandModels(dataset);
  const t2 = performance.now();
  const c2 = cpu();
  const months = task === 'national-5y' ? 60 : 12;
  const simulations = task === 'national-5y' ? 1000 : NATIONAL_12_RUNS;
  await forecastInThreads(models, { horizonMonths: months, simulations, seed: 1 }, threads);
  const t3 = performance.now();
  const c3 = cpu();
  const report: ChildReport = {
    seconds: {
      import: (t1 - t0) / 1000,
      fit: (t2 - t1) / 1000,
      forecast: (t3 - t2) / 1000,
      total: (t3 - t0) / 1000,
    },
    cpu: { import: c1 - c0, fit: c2 - c1, forecast: c3 - c2, total: c3 - c0 },
    load: os.loadavg()[0]!,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    children: dataset.children.count,
    episodes: dataset.episodes.count,
    threads,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function runChild(task: string): ChildReport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', HERE], {
    env: { ...process.env, FORECAST_BENCH_TASK: task },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`${task} failed: ${r.stderr}`);
  return JSON.parse(line) as ChildReport;
}

export default async function bench(): Promise<Measurement[]> {
  const { dataset } = await importSsda903(SAMPLE);
  const children = fitDemandModel(dataset).population.birth.length;
  const oneLa = await time(
    () => forecastDemand(fitDemandModel(dataset), { horizonMonths: 12, simulations: 500, seed: 1 }),
    { runs: 15, warmup: 3 },
  );
  const fiveYears = await time(
    () => forecastDemand(fitDemandModel(dataset), { horizonMonths: 60, simulations: 1000, seed: 1 }),
    { runs: 3, warmup: 1 },
  );
  const generated = generateNational(NATIONAL);
  const n12 = runChild('national-12');
  const n60 = runChild('national-5y');
  const load = `load average ${n12.load.toFixed(1)} / ${n60.load.toFixed(1)} during the national runs`;
  const facts = `${n12.episodes.toLocaleString('en-GB')} episodes after merging ${generated.rows.toLocaleString('en-GB')} rows, ${n12.children.toLocaleString('en-GB')} children, ${n12.threads} threads`;
  return [
    {
      name: `one LA (${children} in care): fit + 12-month forecast, 500 runs, median`,
      value: oneLa.median,
      unit: 'ms',
      target: 200,
    },
    { name: 'one LA: fit + 12-month forecast, p95', value: oneLa.p95, unit: 'ms' },
    { name: 'one LA: fit + 5-year forecast, 1,000 runs, median', value: fiveYears.median, unit: 'ms' },
    {
      name: `national: import + fit + 12-month forecast (${NATIONAL_12_RUNS} runs)`,
      value: n12.seconds.total!,
      unit: 's',
      target: 10,
      note: facts,
    },
    {
      name: 'national 12 months: import / fit / forecast',
      value: n12.seconds.import!,
      unit: 's',
      note: `import ${n12.seconds.import!.toFixed(1)} s, fit ${n12.seconds.fit!.toFixed(1)} s, forecast ${n12.seconds.forecast!.toFixed(1)} s; ${load}`,
    },
    {
      name: 'national 12 months: CPU time, all threads',
      value: n12.cpu.total!,
      unit: 's',
      note: `import ${n12.cpu.import!.toFixed(1)}, fit ${n12.cpu.fit!.toFixed(1)}, forecast ${n12.cpu.forecast!.toFixed(1)}`,
    },
    { name: 'national 12 months: peak memory', value: n12.peakMb, unit: 'MB', target: 500 },
    {
      name: 'national: 5-year forecast, 1,000 runs (forecast only)',
      value: n60.seconds.forecast!,
      unit: 's',
      target: 60,
    },
    { name: 'national 5 years: import + fit + forecast', value: n60.seconds.total!, unit: 's' },
    { name: 'national 5 years: forecast CPU time, all threads', value: n60.cpu.forecast!, unit: 's' },
    { name: 'national 5 years: peak memory', value: n60.peakMb, unit: 'MB', target: 500 },
  ];
}

if (process.env.FORECAST_BENCH_TASK) await childTask(process.env.FORECAST_BENCH_TASK);
