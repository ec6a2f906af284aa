/**
 * Forecasting in the database and on the web (issue 6): the synthetic LA's SSDA903 returns
 * uploaded year by year and imported through the job store exactly what the engine reads; a
 * forecast through the job equals the engine's for the same seed; bad files are refused with
 * file, row and column named and nothing written; backtests; sharing with the hub; the region's
 * sum for the market position statement.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { latestRegionalForecast } from '../../src/db/queries/forecasting.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { backtest } from '../../src/domain/forecasting/backtest.ts';
import { fitDemandModel } from '../../src/domain/forecasting/fit-model.ts';
import { forecastDemand } from '../../src/domain/forecasting/forecast.ts';
import { compareScenarios } from '../../src/domain/forecasting/scenarios.ts';
import { decodeDataset } from '../../src/importers/ssda903/dataset-codec.ts';
import { importSsda903 } from '../../src/importers/ssda903/import-files.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ssda903');
const SAMPLE = join(FIXTURES, 'la-small');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const json = <T>(x: unknown) => JSON.parse(JSON.stringify(x)) as T;

interface Part {
  name: string;
  value?: string;
  fileName?: string;
  bytes?: Buffer;
}

function multipart(parts: Part[]) {
  const boundary = `----sufficiency${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if (p.fileName !== undefined) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        p.bytes ?? Buffer.alloc(0),
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`,
        ),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The files of one collection year of a folder of returns. */
function yearFiles(dir: string, year: string): Part[] {
  return readdirSync(join(dir, year))
    .sort()
    .map((f) => ({ name: 'files', fileName: f, bytes: readFileSync(join(dir, year, f)) }));
}

async function addFiles(s: Session, datasetId: string, parts: Part[]) {
  const { payload, contentType } = multipart([{ name: '_csrf', value: s.csrf }, ...parts]);
  return t().app.inject({
    method: 'POST',
    url: `/forecasting/datasets/${datasetId}/files`,
    headers: { cookie: s.cookie, 'content-type': contentType },
    payload,
  });
}

async function runJobs(): Promise<void> {
  while (await t().app.jobs.runOnce()) {
    // every queued job
  }
}

async function newDataset(s: Session, name: string): Promise<string> {
  const res = await s.post('/forecasting/datasets', { name });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  return res.headers.location!.split('/').pop()!;
}

/** Uploads every year of a folder (one request per year, the year given in the form) and imports it. */
async function importFolder(s: Session, dir: string, name: string) {
  const id = await newDataset(s, name);
  for (const year of readdirSync(dir).sort()) {
    const res = await addFiles(s, id, [{ name: 'year', value: year }, ...yearFiles(dir, year)]);
    expect(res.statusCode, text(res.body).slice(0, 500)).toBe(303);
  }
  const started = await s.post(`/forecasting/datasets/${id}/import`, {});
  expect(started.statusCode, text(started.body).slice(0, 500)).toBe(303);
  const jobId = started.headers.location!.split('/').pop()!;
  await runJobs();
  const job = (await s.api('GET', `/api/v1/jobs/${jobId}`)).json() as { status: string; resultPath: string };
  expect(job.status).toBe('succeeded');
  expect(job.resultPath).toBe(`/forecasting/datasets/${id}`);
  return { id, jobId, page: await s.get(`/forecasting/datasets/${id}`) };
}

async function counts() {
  const db = t().database.db;
  const n = async (table: 'ssda903_dataset' | 'ssda903_file' | 'forecast' | 'backtest' | 'upload') =>
    Number((await db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const imported = Number(
    (
      await db
        .selectFrom('ssda903_dataset')
        .select(sql<string>`count(*)`.as('n'))
        .where('status', '=', 'imported')
        .executeTakeFirstOrThrow()
    ).n,
  );
  return {
    datasets: await n('ssda903_dataset'),
    imported,
    files: await n('ssda903_file'),
    forecasts: await n('forecast'),
    backtests: await n('backtest'),
    uploads: await n('upload'),
  };
}

async function storedDataset(id: string) {
  const row = await t()
    .database.db.selectFrom('ssda903_dataset')
    .select(['data', 'status', 'summary'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}

let sampleId = '';

describe('importing SSDA903 returns through the job', () => {
  it('shows an empty state before any returns are added', async () => {
    const s = await signIn(t().app, 'commissioner.hounslow');
    const page = await s.get('/forecasting');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="no-datasets"');
    expect(text(page.body)).toContain('No forecasts yet');
    const form = await s.get('/forecasting/forecasts/new');
    expect(form.body).toContain('id="no-datasets"');
  });

  it('loads the synthetic returns in the demo with one click, through the same import job', async () => {
    const s = await signIn(t().app, 'commissioner.hounslow');
    expect((await s.get('/forecasting')).body).toContain('action="/forecasting/demo-returns"');
    const res = await s.post('/forecasting/demo-returns', {});
    expect(res.statusCode).toBe(303);
    await runJobs();
    const list = (await s.api('GET', '/api/v1/forecasting/datasets')).json() as {
      datasets: Array<{ status: string; years: number[]; children: number }>;
    };
    expect(list.datasets).toHaveLength(1);
    expect(list.datasets[0]).toMatchObject({
      status: 'imported',
      years: [2019, 2020, 2021, 2022, 2023, 2024],
    });
    expect(list.datasets[0]!.children).toBe((await importSsda903(SAMPLE)).dataset.children.count);
    expect((await s.get('/forecasting')).body).not.toContain('action="/forecasting/demo-returns"');
  });

  it('stores exactly what the engine reads from the folder, and deletes the raw files', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const before = await counts();
    const { id, page } = await importFolder(s, SAMPLE, 'Synthetic returns 2019 to 2024');
    sampleId = id;
    const engine = await importSsda903(SAMPLE);
    const row = await storedDataset(id);
    expect(row.status).toBe('imported');
    const stored = decodeDataset(row.data!);
    expect(stored.children.count).toBe(engine.dataset.children.count);
    expect(stored.episodes.count).toBe(engine.dataset.episodes.count);
    expect(stored.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    // The same dataset, the LA named as the organisation rather than after the folder.
    expect(stored.las).toEqual(['Ealing']);
    expect(stored).toEqual({ ...engine.dataset, las: ['Ealing'] });
    // The result page lists what was imported, with the warnings about K3 before 2023-24.
    const body = text(page.body);
    expect(body).toContain(`${engine.dataset.children.count.toLocaleString('en-GB')} children`);
    expect(body).toContain('6 collection years');
    expect(body).toContain('PLACE codes used outside their collection years');
    expect(page.body).toContain('id="warnings-table"');
    // The raw uploads are gone; the file list keeps what was read.
    const after = await counts();
    expect(after.uploads).toBe(before.uploads);
    expect(after.files - before.files).toBe(18);
    const files = await t()
      .database.db.selectFrom('ssda903_file')
      .select(['upload_id', 'rows'])
      .where('dataset_id', '=', id)
      .execute();
    expect(files.every((f) => f.upload_id === null && (f.rows ?? 0) > 0)).toBe(true);
    // Import and reads are audited.
    const audit = await t()
      .database.db.selectFrom('audit_event')
      .select(['action'])
      .where('entity_type', '=', 'ssda903-dataset')
      .where('entity_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('create');
  });

  it('takes several years in one upload when the file names carry the year', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const id = await newDataset(s, 'Two good years');
    const parts = ['2022', '2023'].flatMap((y) =>
      yearFiles(join(FIXTURES, 'good'), y).map((p) => ({ ...p, fileName: `${y}_${p.fileName}` })),
    );
    const res = await addFiles(s, id, parts);
    expect(res.statusCode, text(res.body).slice(0, 400)).toBe(303);
    // The same year and table again replaces the earlier file.
    const again = await addFiles(s, id, [
      { name: 'year', value: '2023' },
      ...yearFiles(join(FIXTURES, 'good'), '2023'),
    ]);
    expect(again.statusCode).toBe(303);
    const page = await s.get(`/forecasting/datasets/${id}`);
    expect((page.body.match(/name="fileId"/g) ?? []).length).toBe(4);
    await s.post(`/forecasting/datasets/${id}/import`, {});
    await runJobs();
    const row = await storedDataset(id);
    expect(row.status).toBe('imported');
    expect(decodeDataset(row.data!)).toEqual({
      ...(await importSsda903(join(FIXTURES, 'good'))).dataset,
      las: ['Ealing'],
    });
  });

  it('refuses a file whose year cannot be told, naming the field, and keeps nothing', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const id = await newDataset(s, 'No year');
    const before = await counts();
    const res = await addFiles(s, id, yearFiles(join(FIXTURES, 'good'), '2023'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#year"');
    expect(await counts()).toEqual(before);
    const notCsv = await addFiles(s, id, [
      { name: 'year', value: '2023' },
      { name: 'files', fileName: 'returns.xlsx', bytes: Buffer.from('PK') },
    ]);
    expect(notCsv.statusCode).toBe(400);
    expect(text(notCsv.body)).toContain('The file must be .csv or .txt (got &quot;returns.xlsx&quot;)');
    const noFiles = await s.post(`/forecasting/datasets/${id}/import`, {});
    expect(noFiles.statusCode).toBe(400);
    expect(text(noFiles.body)).toContain('Add at least one header file');
  });

  for (const [dir, expected] of [
    ['missing-column', { record: '2023/episodes.csv', row: 1, field: 'PLACE' }],
    ['bad-code', { record: '2023/episodes.csv', row: 3, field: 'PLACE' }],
    ['overlap', { record: '2023/episodes.csv', row: 3, field: 'DECOM' }],
    ['out-of-order', { record: '2023/episodes.csv', row: 2, field: 'DEC' }],
  ] as const) {
    it(`refuses ${dir} with file, row and column named, and writes nothing`, async () => {
      const s = await signIn(t().app, 'commissioner.ealing');
      const id = await newDataset(s, `Bad: ${dir}`);
      const added = await addFiles(s, id, [
        { name: 'year', value: '2023' },
        ...yearFiles(join(FIXTURES, dir), '2023'),
      ]);
      expect(added.statusCode).toBe(303);
      const before = await counts();
      await s.post(`/forecasting/datasets/${id}/import`, {});
      await runJobs();
      expect(await counts()).toEqual(before);
      const row = await storedDataset(id);
      expect(row.status).toBe('draft');
      expect(row.data).toBeNull();
      const page = await s.get(`/forecasting/datasets/${id}`);
      expect(page.body).toContain('id="refused"');
      const cells = text(page.body.slice(page.body.indexOf('id="problems"')));
      expect(cells).toContain(`${expected.record} ${expected.row} ${expected.field}`);
      const api = (await s.api('GET', `/api/v1/forecasting/datasets/${id}`)).json() as {
        status: string;
        lastImport: { status: string; errors: Array<Record<string, unknown>> };
      };
      expect(api.status).toBe('draft');
      expect(api.lastImport.status).toBe('refused');
      expect(api.lastImport.errors).toContainEqual(expect.objectContaining(expected));
    });
  }
});

describe('forecasts through the job', () => {
  it('equals the engine’s forecast for the same seed, with spend and a scenario', async () => {
    expect(sampleId).not.toBe('');
    const s = await signIn(t().app, 'commissioner.ealing');
    const form = await s.get(`/forecasting/forecasts/new?datasetId=${sampleId}`);
    expect(form.statusCode).toBe(200);
    const values = (name: string) =>
      new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.body)?.[1] ?? '';
    const res = await s.post('/forecasting/forecasts', {
      datasetId: sampleId,
      horizonMonths: '12',
      simulations: '100',
      seed: '7',
      ...Object.fromEntries(
        [
          'in-house-fostering',
          'agency-fostering',
          'kinship',
          'residential',
          'supported',
          'secure',
          'other',
        ].map((k) => [`cost-${k}`, values(`cost-${k}`)]),
      ),
      annualUplift: '4',
      scenarioName: 'Fewer entries',
      entryChange: '-20',
    });
    expect(res.statusCode, text(res.body).slice(0, 800)).toBe(303);
    await runJobs();
    const row = await t()
      .database.db.selectFrom('forecast')
      .select(['id', 'result', 'settings'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const { dataset } = await importSsda903(SAMPLE, { la: 'Ealing' });
    dataset.las = ['Ealing'];
    const model = fitDemandModel(dataset);
    const engine = forecastDemand(model, { horizonMonths: 12, simulations: 100, seed: 7 });
    const result = row.result as Record<string, unknown>;
    expect(result.forecast).toEqual(json({ ...engine.forecast, la: 'Ealing' }));
    const settings = row.settings as { costs: never };
    const comparison = compareScenarios(model, [{ name: 'Fewer entries', entryChange: -0.2 }], {
      horizonMonths: 12,
      simulations: 100,
      seed: 7,
      costs: settings.costs,
      highCost: (result.highCost as never) ?? [],
    });
    expect(result.spend).toEqual(json(comparison.baseline.spend));
    expect(result.scenarios).toEqual(json(comparison.scenarios));

    const page = await s.get(`/forecasting/forecasts/${row.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="fan-total"');
    expect(page.body).toContain('id="fan-total-table"');
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('id="scenario-0-table"');
    expect(page.body).toContain('id="spend-table"');
    const expected = Math.round(engine.forecast.total.mean[11]!).toLocaleString('en-GB');
    expect(text(page.body)).toContain(expected);

    const xlsx = await s.get(`/forecasting/forecasts/${row.id}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/attachment; filename="forecast-Ealing-.*\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Children by category', 'Spend by year', 'Scenario children']),
    );
  });

  it('learns unit costs from the LA’s own placements on the platform where it has enough', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const form = await s.get('/forecasting/forecasts/new');
    const residential = /name="cost-residential"[^>]*value="([^"]*)"/.exec(form.body)?.[1];
    expect(text(form.body)).toMatch(/mean weekly cost of your \d+ placements of this kind/);
    expect(Number(residential)).toBeGreaterThan(4000);
    expect(Number(residential)).not.toBe(6000);
  });

  it('refuses bad settings with the field named and starts nothing', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const before = await counts();
    const res = await s.post('/forecasting/forecasts', {
      datasetId: sampleId,
      horizonMonths: '7',
      simulations: '5',
      seed: '1',
      'cost-residential': 'lots',
      annualUplift: '4',
      entryChange: '900',
    });
    expect(res.statusCode).toBe(400);
    for (const href of ['#horizonMonths', '#simulations', '#cost-residential', '#entryChange'])
      expect(res.body).toContain(`href="${href}"`);
    expect(await counts()).toEqual(before);
  });
});

describe('the forecasting API', () => {
  it('lists datasets, starts a forecast once per Idempotency-Key, and returns it with its export', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const listRes = await s.api('GET', '/api/v1/forecasting/datasets');
    const list = listRes.json() as {
      datasets: Array<{ id: string; status: string; children: number | null }>;
    };
    expect(list.datasets.find((d) => d.id === sampleId)).toMatchObject({ status: 'imported' });
    const body = { datasetId: sampleId, horizonMonths: 6, simulations: 100, seed: 3 };
    const post = (key: string) =>
      t().app.inject({
        method: 'POST',
        url: '/api/v1/forecasts',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'idempotency-key': key },
        payload: body,
      });
    const first = await post('forecast-once');
    expect(first.statusCode, first.body).toBe(202);
    const again = await post('forecast-once');
    expect(again.statusCode).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const { forecastId } = first.json() as { forecastId: string };
    expect(
      Number(
        (
          await t()
            .database.db.selectFrom('forecast')
            .select(sql<string>`count(*)`.as('n'))
            .where('settings', '@>', sql<never>`${JSON.stringify({ horizonMonths: 6, seed: 3 })}::jsonb`)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(1);
    await runJobs();
    const got = (await s.api('GET', `/api/v1/forecasts/${forecastId}`)).json() as {
      status: string;
      result: { forecast: { months: string[] } };
    };
    expect(got.status).toBe('succeeded');
    expect(got.result.forecast.months).toHaveLength(6);
    const xlsx = await s.get(`/api/v1/forecasts/${forecastId}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses bad bodies with the field named', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const bad = await s.api('POST', '/api/v1/forecasts', { datasetId: sampleId, horizonMonths: 500 });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { fields: Array<{ field: string }> } }).error.fields).toContainEqual(
      expect.objectContaining({ field: 'horizonMonths' }),
    );
    const lever = await s.api('POST', '/api/v1/forecasts', {
      datasetId: sampleId,
      scenarios: [{ name: 'x', stepDownPerYear: 2 }],
    });
    expect(lever.statusCode).toBe(400);
    expect(JSON.stringify(lever.json())).toContain('scenarios.0.stepDownPerYear');
    const backtestBad = await s.api('POST', '/api/v1/backtests', {
      datasetId: sampleId,
      cutoffs: ['2030-03-31'],
    });
    expect(backtestBad.statusCode).toBe(400);
    expect(JSON.stringify(backtestBad.json())).toContain('cutoffs');
  });

  it('uploads returns and starts the import in one request', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const parts = ['2022', '2023'].flatMap((y) =>
      yearFiles(join(FIXTURES, 'good'), y).map((p) => ({
        ...p,
        fileName: `${p.fileName!.replace('.csv', '')}-${y}.csv`,
      })),
    );
    const { payload, contentType } = multipart([{ name: 'name', value: 'From the API' }, ...parts]);
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/v1/forecasting/datasets',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType },
      payload,
    });
    expect(res.statusCode, res.body).toBe(202);
    const { datasetId } = res.json() as { datasetId: string; jobId: string };
    await runJobs();
    const got = (await s.api('GET', `/api/v1/forecasting/datasets/${datasetId}`)).json() as {
      status: string;
      summary: { children: number; years: number[] };
    };
    expect(got.status).toBe('imported');
    expect(got.summary.years).toEqual([2022, 2023]);
  });
});

describe('backtests through the job', () => {
  it('equal the engine’s backtest and show MAPE against naive and coverage', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const form = await s.get(`/forecasting/backtests/new?datasetId=${sampleId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="2022-03-31"');
    const res = await s.post('/forecasting/backtests', {
      datasetId: sampleId,
      horizonMonths: '6',
      cutoffs: ['2022-03-31', '2023-03-31'],
      simulations: '100',
      seed: '1',
    });
    expect(res.statusCode, text(res.body).slice(0, 500)).toBe(303);
    await runJobs();
    const row = await t()
      .database.db.selectFrom('backtest')
      .select(['id', 'result'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const { dataset } = await importSsda903(SAMPLE);
    const engine = backtest(dataset, {
      cutoffs: ['2022-03-31', '2023-03-31'],
      horizonMonths: 6,
      simulations: 100,
      seed: 1,
      minCount: 20,
    });
    expect(row.result).toEqual(json(engine));
    const page = await s.get(`/forecasting/backtests/${row.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="by-category"');
    expect(page.body).toContain('id="backtest-chart-title"');
    expect(text(page.body)).toContain(`${(engine.overall.mape * 100).toFixed(1)}%`);
    const bad = await s.post('/forecasting/backtests', { datasetId: sampleId, horizonMonths: '12' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#cutoffs"');
  });
});

describe('tenancy and sharing', () => {
  it('keeps returns, forecasts and backtests from everyone outside the LA until a forecast is shared', async () => {
    const ealing = await signIn(t().app, 'commissioner.ealing');
    const brent = await signIn(t().app, 'commissioner.brent');
    const hub = await signIn(t().app, 'analyst.hub');
    const officer = await signIn(t().app, 'officer.ealing');
    const f = await t()
      .database.db.selectFrom('forecast')
      .select(['id'])
      .where('result', 'is not', null)
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    const b = await t().database.db.selectFrom('backtest').select('id').executeTakeFirstOrThrow();
    const missing = await brent.get('/forecasting/datasets/00000000-0000-4000-8000-000000000000');
    for (const url of [`/forecasting/datasets/${sampleId}`, `/forecasting/backtests/${b.id}`]) {
      const res = await brent.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body.replace(/nonce="[^"]*"/g, '')).toBe(missing.body.replace(/nonce="[^"]*"/g, ''));
    }
    expect((await brent.get(`/forecasting/forecasts/${f.id}`)).statusCode).toBe(404);
    expect((await brent.api('GET', `/api/v1/forecasts/${f.id}`)).statusCode).toBe(404);
    expect((await officer.get('/forecasting')).statusCode).toBe(403);
    // The hub sees nothing until Ealing shares the forecast, then its figures only.
    expect((await hub.get(`/forecasting/forecasts/${f.id}`)).statusCode).toBe(404);
    expect((await hub.get(`/forecasting/datasets/${sampleId}`)).statusCode).toBe(403);
    expect(text((await hub.get('/forecasting')).body)).toContain(
      'No local authority in your region has shared a forecast yet',
    );
    const share = await ealing.post(`/forecasting/forecasts/${f.id}/share`, { share: 'yes' });
    expect(share.statusCode).toBe(303);
    const seen = await hub.get(`/forecasting/forecasts/${f.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('id="fan-total"');
    expect(seen.body).not.toContain('action="/forecasting/forecasts/');
    expect((await hub.get(`/forecasting/forecasts/${f.id}/export.xlsx`)).statusCode).toBe(200);
    expect((await brent.get(`/forecasting/forecasts/${f.id}`)).statusCode).toBe(404);
    const region = await hub.get('/forecasting');
    expect(region.body).toContain('id="shared-list"');
    expect(text(region.body)).toContain('Ealing');
    // The hub's regional sum, as the market position statement reads it.
    const hubTenant = (await jobTenant(t().database.db, await userId('analyst.hub')))!;
    const sum = await withTenant(t().database.db, hubTenant, (trx) =>
      latestRegionalForecast(trx, hubTenant.regionCode),
    );
    expect(sum?.las.map((l) => l.laName)).toEqual(['Ealing']);
    expect(sum?.points.some((p) => p.category === 'residential' && p.expected > 0)).toBe(true);
    // Brent's commissioner gets nothing from it.
    const brentTenant = (await jobTenant(t().database.db, await userId('commissioner.brent')))!;
    expect(
      await withTenant(t().database.db, brentTenant, (trx) =>
        latestRegionalForecast(trx, brentTenant.regionCode),
      ),
    ).toBeUndefined();
    // Stop sharing: gone again.
    await ealing.post(`/forecasting/forecasts/${f.id}/share`, { share: 'no' });
    expect((await hub.get(`/forecasting/forecasts/${f.id}`)).statusCode).toBe(404);
  });

  it('deletes returns with their forecasts and backtests', async () => {
    const s = await signIn(t().app, 'commissioner.ealing');
    const id = await newDataset(s, 'To delete');
    await addFiles(s, id, [{ name: 'year', value: '2023' }, ...yearFiles(join(FIXTURES, 'good'), '2023')]);
    const before = await counts();
    const res = await s.post(`/forecasting/datasets/${id}/delete`, {});
    expect(res.statusCode).toBe(303);
    const after = await counts();
    expect(after.datasets).toBe(before.datasets - 1);
    expect(after.uploads).toBe(before.uploads - 2);
  });
});

async function userId(local: string): Promise<string> {
  return (
    await t()
      .database.db.selectFrom('app_user')
      .select('id')
      .where('email', '=', `${local}@demo.example`)
      .executeTakeFirstOrThrow()
  ).id;
}
