/**
 * The issue 7 figure as the web runs it: 10,000 simulated contract-years for every block size
 * 0..20 (the West London example's 60-month term, 2,000 runs, a sweep of 21 sizes) through the
 * whole round trip of a business case's run: the request fixed and queued in a tenant transaction,
 * the job claimed, the runs simulated in worker threads (`workHere: false`, two threads), summarised
 * and stored with the job's completion, on an in-memory PGlite database with the demo region. The
 * engine alone (bench/simulation.bench.ts) is timed here too, on the same machine and moment, for
 * comparison, and the server's event loop is watched while the job runs: its worst delay is what a
 * page request would have waited.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { JobRunner } from '../src/app/jobs/runner.ts';
import { simulationJob } from '../src/app/simulation/run-job.ts';
import { createScenario } from '../src/app/simulation/save-scenario.ts';
import { SIMULATION_JOB, startRun } from '../src/app/simulation/start-run.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { jobTenant } from '../src/db/queries/jobs.ts';
import { seedDemo } from '../src/db/seed/seed-demo.ts';
import { withTenant } from '../src/db/tenant.ts';
import { summariseSweep, sweepTask } from '../src/domain/simulation/sizing.ts';
import { readScenarioFile } from '../src/importers/scenario/parse-scenario-file.ts';
import { runPool } from '../src/workers/simulation-pool.ts';
import { type Measurement, time } from './lib.ts';

const file = fileURLToPath(
  new URL('../docs/examples/simulation/west-london-soft-block.json', import.meta.url),
);

export default async function bench(): Promise<Measurement[]> {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const { scenario } = readScenarioFile(JSON.stringify(json));
  const years = scenario.termMonths / 12;
  const runs = Math.ceil(10_000 / years);
  const scenarioJson = {
    ...json,
    simulation: { runs, seed: 1, pooling: false, sweep: { minBeds: 0, maxBeds: 20 } },
  };

  const database = await openDatabase({ memory: true });
  try {
    await migrateToLatest(database.db);
    await seedDemo(database.db);
    const user = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'analyst.hub@demo.example')
      .executeTakeFirstOrThrow();
    const tenant = (await jobTenant(database.db, user.id))!;
    const runner = new JobRunner(database.db);
    runner.register(SIMULATION_JOB, simulationJob({ threads: 2 }));
    const scenarioId = await withTenant(database.db, tenant, (trx) =>
      createScenario(trx, tenant, { file: scenarioJson }),
    );

    const lag = monitorEventLoopDelay({ resolution: 10 });
    let jobMs = 0;
    const roundTrip = async () => {
      const t0 = performance.now();
      const { runId } = await withTenant(database.db, tenant, (trx) =>
        startRun(trx, runner, tenant, scenarioId),
      );
      const t1 = performance.now();
      lag.enable();
      if (!(await runner.runOnce())) throw new Error('no job to run');
      lag.disable();
      jobMs = performance.now() - t1;
      const stored = await withTenant(database.db, tenant, (trx) =>
        trx.selectFrom('simulation_run').select('result').where('id', '=', runId).executeTakeFirstOrThrow(),
      );
      if (!stored.result) throw new Error('the run stored no result');
      return performance.now() - t0;
    };
    const trip = await time(roundTrip, { runs: 5, warmup: 1 });

    const sweep = { sizes: Array.from({ length: 21 }, (_, i) => i), runs, seed: 1 };
    const engine = await time(
      async () => {
        const out = await runPool([sweepTask(scenario, sweep)], { threads: 2 });
        summariseSweep(scenario, sweep, out.records[0]!);
      },
      { runs: 5, warmup: 1 },
    );
    const facts = `${runs} runs × ${years}-year term × 21 sizes, plus the 6-bed block's own runs with monthly occupancy`;
    return [
      {
        name: 'business-case run for every block size 0..20 through the job (queue, workers, summarise, store), median',
        value: trip.median,
        unit: 'ms',
        target: 2000,
        note: `${facts}; 2 worker threads, PGlite; p95 ${Math.round(trip.p95)} ms; last job ${Math.round(jobMs)} ms`,
      },
      {
        name: 'the engine alone on 2 threads (sweep only, this thread working too), median',
        value: engine.median,
        unit: 'ms',
      },
      {
        name: 'worst event-loop delay while the job ran (what a page request would wait)',
        value: lag.max / 1e6,
        unit: 'ms',
        note: `mean ${Math.round(lag.mean / 1e6)} ms`,
      },
    ];
  } finally {
    await database.close();
  }
}
