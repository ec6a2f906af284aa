/**
 * Issue 6 through the database, as the web runs it, for one LA (the synthetic la-small returns:
 * six collection years, about 1,000 children in care): the returns added to a draft as raw uploads
 * and imported by the job (read, checked, merged, stored compact, uploads deleted), then a
 * 12-month, 500-run forecast by the job (the dataset read back and decoded, the model fitted, the
 * runs simulated in worker threads with `workHere: false`, spend worked out and stored with the
 * job's completion), on an in-memory PGlite database with the demo region. The engine alone
 * (import from disk, fit, forecast in one thread) is timed beside it, at the same moment, and the
 * server's event loop is watched while the jobs run. Then the results page of a 5-year forecast
 * with a scenario, rendered through the app.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BACKTEST_JOB, backtestJob } from '../src/app/forecasting/backtests.ts';
import {
  addFolderFiles,
  createDataset,
  SSDA903_IMPORT_JOB,
  startImport,
} from '../src/app/forecasting/datasets.ts';
import { FORECAST_JOB, forecastJob, startForecast } from '../src/app/forecasting/forecasts.ts';
import { defaultSettings, prefillCosts } from '../src/app/forecasting/settings.ts';
import { ssda903ImportJob } from '../src/app/forecasting/ssda903-import-job.ts';
import { JobRunner } from '../src/app/jobs/runner.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { jobTenant } from '../src/db/queries/jobs.ts';
import { seedDemo } from '../src/db/seed/seed-demo.ts';
import { withTenant } from '../src/db/tenant.ts';
import { fitDemandModel } from '../src/domain/forecasting/fit-model.ts';
import { forecastDemand } from '../src/domain/forecasting/forecast.ts';
import { importSsda903 } from '../src/importers/ssda903/import-files.ts';
import { buildApp } from '../src/server/app.ts';
import { ForecastWorkers } from '../src/workers/forecast-pool.ts';
import { signIn, testConfig } from '../test/helpers/app.ts';
import { type Measurement, peakRssMb, time } from './lib.ts';

const SAMPLE = fileURLToPath(new URL('../test/fixtures/ssda903/la-small', import.meta.url));

export default async function bench(): Promise<Measurement[]> {
  const database = await openDatabase({ memory: true });
  let workers: ForecastWorkers | undefined;
  try {
    await migrateToLatest(database.db);
    await seedDemo(database.db);
    const user = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'commissioner.ealing@demo.example')
      .executeTakeFirstOrThrow();
    const tenant = (await jobTenant(database.db, user.id))!;
    const runner = new JobRunner(database.db);
    workers = new ForecastWorkers();
    runner.register(SSDA903_IMPORT_JOB, ssda903ImportJob({ workers }));
    runner.register(FORECAST_JOB, forecastJob({ threads: 2, workers }));
    runner.register(BACKTEST_JOB, backtestJob({ workers }));
    const settings = { ...defaultSettings(prefillCosts([])), horizonMonths: 12, simulations: 500, seed: 1 };

    let importLag = 0;
    let forecastLag = 0;
    let lagSum = 0;
    let lagCount = 0;
    let importMs = 0;
    let forecastMs = 0;
    let uploadMs = 0;
    // A 10 ms ticker: how late each tick fires is how long a page request would have waited.
    const watch = async (job: () => Promise<boolean>) => {
      let worst = 0;
      let expected = performance.now() + 10;
      const tick = setInterval(() => {
        const late = performance.now() - expected;
        worst = Math.max(worst, late);
        lagSum += Math.max(0, late);
        lagCount++;
        expected = performance.now() + 10;
      }, 10);
      try {
        if (!(await job())) throw new Error('no job to run');
      } finally {
        clearInterval(tick);
      }
      return worst;
    };
    const roundTrip = async () => {
      const t0 = performance.now();
      const datasetId = await withTenant(database.db, tenant, async (trx) => {
        const id = await createDataset(trx, tenant, 'Benchmark returns');
        await addFolderFiles(trx, tenant, id, SAMPLE);
        await startImport(trx, runner, tenant, id);
        return id;
      });
      const t1 = performance.now();
      importLag = Math.max(importLag, await watch(() => runner.runOnce()));
      const t2 = performance.now();
      await withTenant(database.db, tenant, (trx) =>
        startForecast(trx, runner, tenant, { datasetId, settings }),
      );
      forecastLag = Math.max(forecastLag, await watch(() => runner.runOnce()));
      const t3 = performance.now();
      uploadMs = t1 - t0;
      importMs = t2 - t1;
      forecastMs = t3 - t2;
      return t3 - t0;
    };
    // The first round trip starts the worker threads; later ones find them waiting.
    const cold = await roundTrip();
    const coldForecastMs = forecastMs;
    const trip = await time(roundTrip, { runs: 5, warmup: 0 });

    const engine = await time(
      async () => {
        const { dataset } = await importSsda903(SAMPLE);
        forecastDemand(fitDemandModel(dataset), { horizonMonths: 12, simulations: 500, seed: 1 });
      },
      { runs: 5, warmup: 1 },
    );

    // The results page of a 5-year forecast with a scenario (8 fan charts with their tables).
    const latest = await database.db
      .selectFrom('ssda903_dataset')
      .select('id')
      .where('status', '=', 'imported')
      .orderBy('imported_at', 'desc')
      .executeTakeFirstOrThrow();
    const t5 = performance.now();
    const { forecastId } = await withTenant(database.db, tenant, (trx) =>
      startForecast(trx, runner, tenant, {
        datasetId: latest.id,
        settings: {
          ...settings,
          horizonMonths: 60,
          simulations: 1000,
          scenarios: [
            { name: 'Enough foster carers', residentialForLackOfFoster: 0.3, stepDownPerYear: 0.1 },
          ],
        },
      }),
    );
    await runner.runOnce();
    const fiveYearMs = performance.now() - t5;
    const app = await buildApp({ db: database.db, config: testConfig(), jobs: runner });
    await app.ready();
    const s = await signIn(app, 'commissioner.ealing');
    let bytes = 0;
    const page = await time(
      async () => {
        const res = await s.get(`/forecasting/forecasts/${forecastId}`);
        if (res.statusCode !== 200) throw new Error(`results page answered ${res.statusCode}`);
        bytes = res.body.length;
      },
      { runs: 10, warmup: 2 },
    );
    await app.close();

    return [
      {
        name: 'one LA through the jobs: add 18 files, import, fit and 12-month forecast (500 runs), median',
        value: trip.median,
        unit: 'ms',
        note: `la-small, 6 years; last run: upload ${Math.round(uploadMs)} ms, import job ${Math.round(importMs)} ms, forecast job ${Math.round(forecastMs)} ms (2 worker threads, kept between jobs); PGlite in memory; p95 ${Math.round(trip.p95)} ms`,
      },
      {
        name: 'the first round trip, starting the worker threads',
        value: cold,
        unit: 'ms',
        note: `forecast job ${Math.round(coldForecastMs)} ms`,
      },
      {
        name: 'the engine alone, same work (import from disk, fit, forecast in one thread), median',
        value: engine.median,
        unit: 'ms',
      },
      {
        name: 'worst event-loop delay while the import and forecast jobs ran',
        value: Math.max(importLag, forecastLag),
        unit: 'ms',
        note: `in the import job ${Math.round(importLag)} ms, in the forecast job ${Math.round(forecastLag)} ms; mean lateness of a 10 ms tick ${Math.round(lagSum / Math.max(1, lagCount))} ms; PGlite runs its queries on this thread, and the machine's load delays every thread`,
      },
      {
        name: '5-year forecast, 1,000 runs, with a scenario, through the job',
        value: fiveYearMs,
        unit: 'ms',
      },
      {
        name: 'its results page (8 fan charts with tables, spend, the scenario), median',
        value: page.median,
        unit: 'ms',
        note: `${Math.round(bytes / 1024)} KB of HTML; p95 ${Math.round(page.p95)} ms`,
      },
      { name: 'peak memory (resident)', value: peakRssMb(), unit: 'MB' },
    ];
  } finally {
    await workers?.close();
    await database.close();
  }
}
