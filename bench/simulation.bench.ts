/**
 * The block-sizing simulator (issue 7): 10,000 simulated contract-years for every block size from
 * 0 to 20 beds (2,000 runs of the West London example's 60-month term per size, 210,000
 * contract-years in all), priced and summarised into the sizing sweep, in under 2 s on 2 cores.
 * Wall time includes starting the worker thread, which happens afresh on every run. Also reports
 * the same on one thread, and how far the simulator is from Erlang B in the loss-system check.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { erlangOccupancy } from '../src/domain/simulation/erlang.ts';
import { withBeds } from '../src/domain/simulation/scenario.ts';
import { simulate } from '../src/domain/simulation/simulate.ts';
import { summariseSweep, sweepTask } from '../src/domain/simulation/sizing.ts';
import { readScenarioFile } from '../src/importers/scenario/parse-scenario-file.ts';
import { runPool } from '../src/workers/simulation-pool.ts';
import { type Measurement, time } from './lib.ts';

const file = fileURLToPath(
  new URL('../docs/examples/simulation/west-london-soft-block.json', import.meta.url),
);

export default async function bench(): Promise<Measurement[]> {
  const { scenario } = readScenarioFile(readFileSync(file, 'utf8'));
  const years = scenario.termMonths / 12;
  const runs = Math.ceil(10_000 / years);
  const sweep = { sizes: Array.from({ length: 21 }, (_, i) => i), runs, seed: 1 };
  let split = '';
  const once = (threads: number) => async () => {
    const out = await runPool([sweepTask(scenario, sweep)], { threads });
    summariseSweep(scenario, sweep, out.records[0]!);
    split = `${out.runsHere} runs here, ${out.runsInWorkers} in the worker`;
  };
  const two = await time(once(2), { runs: 5, warmup: 1 });
  const twoSplit = split;
  const one = await time(once(1), { runs: 3, warmup: 1 });
  const facts = `${runs} runs × ${years}-year term × 21 sizes = ${(runs * years * 21).toLocaleString('en-GB')} contract-years`;

  return [
    {
      name: '10,000 contract-years for each block size 0..20, 2 threads incl. worker start-up, median',
      value: two.median,
      unit: 'ms',
      target: 2000,
      note: `${facts}; ${twoSplit}`,
    },
    { name: 'the same, 2 threads, p95', value: two.p95, unit: 'ms' },
    { name: 'the same on 1 thread, median', value: one.median, unit: 'ms' },
    {
      name: 'Erlang check: worst gap between simulated and Erlang B occupancy',
      value: erlangGapPoints(scenario),
      unit: '%',
      target: 1,
      note: 'percentage points; instant matching, every referral a match, no hold, steady state',
    },
  ];
}

/** The loss-system check at bench scale: 2,000 runs of 20 years for several sizes and loads. */
function erlangGapPoints(base: ReturnType<typeof readScenarioFile>['scenario']): number {
  let worst = 0;
  for (const [beds, load] of [
    [2, 1.5],
    [6, 4.5],
    [12, 10],
    [20, 18],
  ] as const) {
    const mean = 300;
    const s = withBeds(
      {
        ...base,
        termMonths: 240,
        las: [{ code: 'A', name: 'A', referralsPerYear: (load / mean) * 365.25, sharePpm: 1_000_000 }],
        stayLength: { kind: 'lognormal', meanDays: mean, sdDays: 250 },
        matching: { probability: 1, days: 0 },
        block: { ...base.block, holdDays: 0, voidRule: { kind: 'pay-in-full' }, startsAs: 'steady-state' },
      },
      beds,
    );
    const occ = simulate(s, { runs: 2000, seed: 5, monthly: false }).occupancy!.mean;
    worst = Math.max(worst, Math.abs(occ - erlangOccupancy(beds, load)!) * 100);
  }
  return worst;
}
