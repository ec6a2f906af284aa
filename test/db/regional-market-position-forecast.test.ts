/**
 * The market position statement with a stored forecast: when an LA of the region has shared its
 * demand forecast with the hub (the forecasting capability), "What we expect to need" adds up the
 * shared forecasts by placement category instead of projecting from placements, and says whose.
 */

import { describe, expect, it } from 'vitest';
import { addMonths, endOfMonth } from '../../src/domain/shared/dates.ts';
import { signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();

/** Month ends from April 2027 to March 2029: two whole financial years. */
const MONTHS = Array.from({ length: 24 }, (_, i) => endOfMonth(addMonths('2027-04-01', i)));
const series = (key: string, label: string, first: number, second: number) => {
  const mean = MONTHS.map((_, i) => (i < 12 ? first : second));
  return { key, label, mean, p10: mean.map((m) => m - 3), p90: mean.map((m) => m + 3) };
};

describe('market position statement from shared forecasts', () => {
  it('adds up the forecasts the region’s LAs shared, by placement category, and names them', async () => {
    const db = t().database.db;
    const ealing = await db
      .selectFrom('organisation')
      .select('id')
      .where('la_code', '=', '307')
      .executeTakeFirstOrThrow();
    const user = await db
      .selectFrom('app_user')
      .select('id')
      .where('org_id', '=', ealing.id)
      .executeTakeFirstOrThrow();
    const dataset = await db
      .insertInto('ssda903_dataset')
      .values({ org_id: ealing.id, name: 'Ealing returns', created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const job = await db
      .insertInto('job')
      .values({ org_id: ealing.id, created_by: user.id, kind: 'forecast', payload: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const residential = series('residential', 'Residential children’s home', 20, 22);
    const fostering = series('agency-fostering', 'Agency fostering (IFA)', 40, 38);
    await db
      .insertInto('forecast')
      .values({
        org_id: ealing.id,
        dataset_id: dataset.id,
        job_id: job.id,
        name: 'Ealing 2027',
        settings: '{}',
        result: JSON.stringify({
          forecast: {
            origin: '2027-03-31',
            months: MONTHS,
            byCategory: [fostering, residential],
            total: series('total', 'All children in care', 60, 60),
            startsByCategory: [series('agency-fostering', 'x', 2, 2), series('residential', 'x', 1, 1)],
          },
        }),
        finished_at: new Date(),
        shared_at: new Date(),
        created_by: user.id,
      })
      .execute();

    const hub = await signIn(t().app, 'analyst.hub');
    const res = await hub.post('/regional/market-position', {});
    expect(res.statusCode).toBe(303);
    const id = res.headers.location!.split('/').at(-1)!;
    const stored = await db
      .selectFrom('market_position_statement')
      .select('forecast_source')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.forecast_source).toBe('stored');
    const api = await hub.api('GET', `/api/v1/regional/market-position/${id}`);
    const demand = (
      api.json() as {
        document: {
          sections: {
            id: string;
            statements: { text: string }[];
            tables: { id: string; rows: Record<string, unknown>[] }[];
          }[];
        };
      }
    ).document.sections.find((s) => s.id === 'demand')!;
    const texts = demand.statements.map((s) => s.text);
    expect(texts[0]).toContain(
      'the latest demand forecasts that 1 of the region’s local authorities (Ealing) have shared',
    );
    // Residential: 20 in 2027-28, 22 in 2028-29 (a rise of 10%), 80% range 19 to 25, 12 new placements a year.
    expect(texts).toContain(
      'Residential children’s home: we expect the number of children to rise by 10% between 2027-28 and 2028-29, to about 22 (80% range 19 to 25), with about 12 new placements starting in 2028-29.',
    );
    expect(texts).toContain(
      'Agency fostering (IFA): we expect the number of children to fall by 5% between 2027-28 and 2028-29, to about 38 (80% range 35 to 41), with about 24 new placements starting in 2028-29.',
    );
    expect(texts.join(' ')).not.toContain('simple projection');
    const table = demand.tables.find((x) => x.id === 'forecast')!;
    expect(table.rows.find((r) => r.category === 'Residential children’s home')).toMatchObject({
      '2027-28': 20,
      '2028-29': 22,
      low: 19,
      high: 25,
      change: 0.1,
    });
    const page = await hub.get(`/regional/market-position/${id}`);
    expect(page.body).toContain('id="table-forecast-starts"');
  });
});
