import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitDemandModels } from '../../domain/forecasting/fit-model.ts';
import { forecastRegion } from '../../domain/forecasting/forecast.ts';
import { syntheticRegion } from '../../domain/forecasting/test-data.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { runBacktest } from './backtest.ts';
import { forecastInThreads, runForecast } from './forecast.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/ssda903');
const SAMPLE =
  process.env.SSDA903_SAMPLE_DIR ?? join(import.meta.dirname, '../../../../shared/data/ssda903/la-small');

describe('forecast command', () => {
  it('gives the same figures on two threads as on one', async () => {
    const models = fitDemandModels(
      syntheticRegion(7, [
        { name: 'A', entriesPerMonth: 6 },
        { name: 'B', entriesPerMonth: 3 },
      ]),
    );
    const o = { horizonMonths: 6, simulations: 30, seed: 9 };
    const one = forecastRegion(models, o);
    const two = await forecastInThreads(models, o, 2);
    expect(two.region).toEqual(one.region);
    expect(two.las).toEqual(one.las);
  });

  it('refuses a bad file, naming the row and column, and writes nothing', async () => {
    await expect(runForecast({ ssda903: join(FIXTURES, 'bad-code') })).rejects.toThrow(DomainError);
    await expect(runForecast({ ssda903: join(FIXTURES, 'bad-code') })).rejects.toThrow(/row 3 PLACE/);
  });

  it('refuses bad options with the option named', async () => {
    await expect(runForecast({ ssda903: SAMPLE, horizonMonths: '0' })).rejects.toMatchObject({
      fieldErrors: [expect.objectContaining({ field: 'horizon-months' })],
    });
    await expect(runForecast({ ssda903: SAMPLE, format: 'pdf' })).rejects.toThrow(/json, csv or xlsx/);
  });

  it.skipIf(!existsSync(SAMPLE))('writes JSON, CSV and xlsx for the synthetic LA', async () => {
    const base = { ssda903: SAMPLE, horizonMonths: '6', simulations: '20' };
    const json = JSON.parse((await runForecast(base)) as string);
    expect(json.format).toBe('sufficiency-forecast/1');
    expect(json.forecast.months).toHaveLength(6);
    expect(json.forecast.byCategory.map((c: { key: string }) => c.key)).toContain('residential');
    expect(json.spend.byYear[0].total.mean).toBeGreaterThan(0);
    expect(json.fanCharts).toHaveLength(8);
    const csv = (await runForecast({ ...base, format: 'csv' })) as string;
    expect(csv.split('\r\n')[0]).toContain('Month end,Series,Observed,Expected');
    const xlsx = (await runForecast({ ...base, format: 'xlsx' })) as Buffer;
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  });

  it.skipIf(!existsSync(SAMPLE))('backtests one cut-off and reports naive beside the forecast', async () => {
    const json = JSON.parse(
      (await runBacktest({
        ssda903: SAMPLE,
        cutoff: '31/03/2022',
        horizonMonths: '3',
        simulations: '20',
      })) as string,
    );
    expect(json.settings.cutoffs).toEqual(['2022-03-31']);
    expect(json.overall.points).toBe(json.points.length);
    expect(json.overall.naiveMape).toBeGreaterThan(0);
    await expect(runBacktest({ ssda903: SAMPLE, cutoff: '2024-01-31' })).rejects.toThrow(
      /before the 12 months/,
    );
  });
});
