/**
 * Forecasting (docs/forecasting.md "Pages, API and CLI"): the overview, and an LA's SSDA903
 * returns. A commissioner starts a dataset, adds the header, episodes and UASC files of each
 * collection year (several at once, or one at a time; a file for a year and table already there
 * replaces it), then imports them as a job with a progress bar. A refused import lists every
 * problem by file, row and column and writes nothing; the draft keeps its files to correct. A
 * hub analyst sees the forecasts its region's LAs share and their sum, never the returns.
 *
 * The forecast pages are in forecasts.ts, backtests in forecasting-backtests.ts; the three job
 * kinds are registered here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BACKTEST_JOB, backtestJob } from '../../../app/forecasting/backtests.ts';
import {
  addDatasetFiles,
  addFolderFiles,
  createDataset,
  type IncomingFile,
  MAX_FILE_BYTES,
  MAX_FILES_AT_ONCE,
  removeDataset,
  removeFile,
  SSDA903_IMPORT_JOB,
  startImport,
} from '../../../app/forecasting/datasets.ts';
import { FORECAST_JOB, forecastJob } from '../../../app/forecasting/forecasts.ts';
import {
  type ImportJobResult,
  type ImportSummary,
  ssda903ImportJob,
} from '../../../app/forecasting/ssda903-import-job.ts';
import {
  datasetFiles,
  findDataset,
  latestRegionalForecast,
  listBacktests,
  listDatasets,
  listForecasts,
  listSharedForecasts,
} from '../../../db/queries/forecasting.ts';
import { withTenant } from '../../../db/tenant.ts';
import { PLACEMENT_CATEGORIES } from '../../../domain/forecasting/categories.ts';
import { collectionYearLabel } from '../../../domain/forecasting/ssda903-codes.ts';
import { formatLongDate } from '../../../domain/shared/dates.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { ForecastWorkers } from '../../../workers/forecast-pool.ts';
import { barChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { readUploads } from '../../http/uploads.ts';
import { addNavItem } from '../../nav.ts';

/** Who sees forecasting: LA commissioners (their own returns and forecasts), hub analysts (shared ones). */
export const FORECAST_ROLES = ['commissioner', 'hub-analyst'] as const;
/** Who keeps returns, forecasts and backtests: LA commissioners. */
export const FORECASTER_ROLES = ['commissioner'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const readers = { preHandler: requireAuth({ roles: FORECAST_ROLES }) };
const keepers = { preHandler: requireAuth({ roles: FORECASTER_ROLES, orgKinds: ['local-authority'] }) };

export const KIND_LABELS = { header: 'Header', episodes: 'Episodes', uasc: 'UASC' } as const;

/**
 * Reads a multipart form of SSDA903 CSV files (several per request). The CSRF token comes first
 * (the form's first field, or the x-csrf-token header for the API), before a byte of any file is
 * read; each file is refused past the size limit (413). Empty file inputs are skipped.
 */
export async function readSsda903Upload(
  req: FastifyRequest,
): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  const { fields, files } = await readUploads(req, {
    maxBytes: MAX_FILE_BYTES,
    maxFiles: MAX_FILES_AT_ONCE,
    extensions: ['.csv', '.txt'],
    field: 'files',
  });
  return {
    fields,
    files: files.map(({ fileName, contentType, bytes }) => ({ fileName, contentType, bytes })),
  };
}

const idOk = (id: string) => UUID.test(id);

/**
 * The synthetic returns (one LA of about 1,000 children in care, 2018-19 to 2023-24) the demo
 * region can load in one click, so its forecast pages are useful without an upload.
 */
export function demoReturnsDir(): string | undefined {
  const dir =
    process.env.SSDA903_DEMO_DIR ??
    join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'ssda903', 'la-small');
  return existsSync(dir) ? dir : undefined;
}

export default function register(app: FastifyInstance): void {
  addNavItem({ href: '/forecasting', text: 'Forecasts', roles: [...FORECAST_ROLES], order: 60 });
  // Forecast workers are kept between jobs: starting one costs more than a small LA's forecast.
  const workers = new ForecastWorkers();
  app.addHook('onClose', () => workers.close());
  app.jobs.register(SSDA903_IMPORT_JOB, ssda903ImportJob({ workers }), {
    title: 'Import of SSDA903 returns',
    resultPath: (job) => `/forecasting/datasets/${String(job.payload.datasetId)}`,
  });
  app.jobs.register(FORECAST_JOB, forecastJob({ workers }), {
    title: 'Forecast of children in care and placement spend',
    resultPath: (job) => `/forecasting/forecasts/${String(job.payload.forecastId)}`,
  });
  app.jobs.register(BACKTEST_JOB, backtestJob({ workers }), {
    title: 'Backtest of the forecast',
    resultPath: (job) => `/forecasting/backtests/${String(job.payload.backtestId)}`,
  });

  app.get('/forecasting', readers, async (req, reply) => {
    const tenant = req.auth!.tenant;
    if (req.auth!.user.orgKind === 'hub') return regionPage(req, reply);
    const data = await withTenant(app.db, tenant, async (trx) => ({
      datasets: await listDatasets(trx, tenant.orgId),
      forecasts: await listForecasts(trx, tenant.orgId),
      backtests: await listBacktests(trx, tenant.orgId),
    }));
    return reply.page('pages/forecasting/index.njk', {
      title: 'Forecasts',
      datasets: data.datasets.map(datasetListItem),
      forecasts: data.forecasts,
      backtests: data.backtests,
      hasImported: data.datasets.some((d) => d.status === 'imported'),
      demo: app.config.seedDemo && demoReturnsDir() !== undefined,
    });
  });

  // Demo only: the synthetic returns, added and imported exactly as an upload would be.
  app.post('/forecasting/demo-returns', keepers, async (req, reply) => {
    const dir = demoReturnsDir();
    if (!app.config.seedDemo || !dir) notFound('page');
    const tenant = req.auth!.tenant;
    const jobId = await withTenant(app.db, tenant, async (trx) => {
      const id = await createDataset(trx, tenant, 'Synthetic SSDA903 returns, 2018-19 to 2023-24 (demo)');
      await addFolderFiles(trx, tenant, id, dir);
      return startImport(trx, app.jobs, tenant, id);
    });
    return reply.redirect(`/jobs/${jobId}`, 303);
  });

  const regionPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const tenant = req.auth!.tenant;
    const { shared, region } = await withTenant(app.db, tenant, async (trx) => ({
      shared: await listSharedForecasts(trx, tenant.regionCode),
      region: await latestRegionalForecast(trx, tenant.regionCode),
    }));
    const periods = region
      ? [...new Set(region.points.map((p) => p.period))].map((period) => ({
          period,
          las: region.points.find((p) => p.period === period)!.las,
        }))
      : [];
    const firstFull = periods[0]?.period;
    const chart =
      region && firstFull
        ? barChart(
            {
              id: 'region-chart',
              title: `Children in care expected in ${firstFull}, by placement category`,
              description: `The mean month-end count in ${firstFull}, summed over the ${region.las.length} shared forecasts; the table below gives every year with 80% ranges.`,
            },
            region.points
              .filter((p) => p.period === firstFull && p.category !== 'total')
              .map((p) => ({ label: p.label, value: Math.round(p.expected) })),
          )
        : undefined;
    return reply.page('pages/forecasting/region.njk', {
      title: 'Forecasts shared by the region’s local authorities',
      shared,
      region,
      periods,
      chart,
      categoryLabels: { ...PLACEMENT_CATEGORIES, total: 'All children in care' },
    });
  };

  app.get('/forecasting/datasets/new', keepers, async (_req, reply) =>
    reply.page('pages/forecasting/dataset-new.njk', {
      title: 'Add your SSDA903 returns',
      values: { name: `SSDA903 returns added ${formatLongDate(app.config.today())}` },
    }),
  );

  app.post('/forecasting/datasets', keepers, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string>;
    try {
      const id = await withTenant(app.db, req.auth!.tenant, (trx) =>
        createDataset(trx, req.auth!.tenant, String(body.name ?? '')),
      );
      return reply.redirect(`/forecasting/datasets/${id}`, 303);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation')
        return reply.page(
          'pages/forecasting/dataset-new.njk',
          { title: 'Add your SSDA903 returns', values: body, errors: formErrors(e.fieldErrors) },
          400,
        );
      throw e;
    }
  });

  const datasetPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const { datasetId } = req.params as { datasetId: string };
    const found = idOk(datasetId)
      ? await withTenant(app.db, req.auth!.tenant, async (trx) => {
          const d = await findDataset(trx, datasetId);
          return d && { d, files: await datasetFiles(trx, datasetId) };
        })
      : undefined;
    if (!found) notFound('dataset');
    const { d, files } = found;
    const job = d.jobResult as ImportJobResult | null;
    const importing = d.jobStatus === 'queued' || d.jobStatus === 'running';
    const summary = d.status === 'imported' ? (d.summary as unknown as ImportSummary) : undefined;
    const years = [...new Set(files.map((f) => f.year))].sort();
    return reply.page(
      'pages/forecasting/dataset.njk',
      {
        title: d.name,
        dataset: d,
        files: files.map((f) => ({
          ...f,
          kindLabel: KIND_LABELS[f.kind],
          yearLabel: collectionYearLabel(f.year),
        })),
        years: years.map((y) => ({
          year: y,
          label: collectionYearLabel(y),
          kinds: files.filter((f) => f.year === y).map((f) => KIND_LABELS[f.kind]),
        })),
        importing,
        refused:
          d.status === 'draft' && d.jobStatus === 'succeeded' && job?.status === 'refused' ? job : undefined,
        failed: d.status === 'draft' && d.jobStatus === 'failed',
        summary,
        summaryView: summary && describeSummary(summary),
        ...extra,
      },
      status,
    );
  };

  app.get('/forecasting/datasets/:datasetId', keepers, async (req, reply) => datasetPage(req, reply));

  app.post('/forecasting/datasets/:datasetId/files', keepers, async (req, reply) => {
    const { datasetId } = req.params as { datasetId: string };
    if (!idOk(datasetId)) notFound('dataset');
    // An unknown or another LA's dataset is not found before a byte of the files is kept.
    const exists = await withTenant(app.db, req.auth!.tenant, (trx) => findDataset(trx, datasetId));
    if (!exists) notFound('dataset');
    try {
      const upload = await readSsda903Upload(req);
      const { added } = await withTenant(app.db, req.auth!.tenant, (trx) =>
        addDatasetFiles(trx, req.auth!.tenant, datasetId, upload.files, upload.fields.year),
      );
      flash(reply, {
        title: `${added.length} file${added.length === 1 ? '' : 's'} added`,
        text: added
          .map(
            (a) =>
              `${collectionYearLabel(a.year)} ${KIND_LABELS[a.kind].toLowerCase()}${a.replaced ? ' (replacing the earlier file)' : ''}`,
          )
          .join('; '),
      });
      return reply.redirect(`/forecasting/datasets/${datasetId}`, 303);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation')
        return datasetPage(req, reply, { errors: formErrors(e.fieldErrors) }, 400);
      throw e;
    }
  });

  app.post('/forecasting/datasets/:datasetId/remove-file', keepers, async (req, reply) => {
    const { datasetId } = req.params as { datasetId: string };
    if (!idOk(datasetId)) notFound('dataset');
    const fileId = String((req.body as Record<string, unknown> | undefined)?.fileId ?? '');
    const exists = await withTenant(app.db, req.auth!.tenant, (trx) => findDataset(trx, datasetId));
    if (!exists) notFound('dataset');
    if (!idOk(fileId))
      return datasetPage(
        req,
        reply,
        { errors: formErrors([{ field: 'fileId', message: 'Choose a file to remove' }]) },
        400,
      );
    await withTenant(app.db, req.auth!.tenant, (trx) => removeFile(trx, req.auth!.tenant, datasetId, fileId));
    flash(reply, { title: 'File removed' });
    return reply.redirect(`/forecasting/datasets/${datasetId}`, 303);
  });

  app.post('/forecasting/datasets/:datasetId/import', keepers, async (req, reply) => {
    const { datasetId } = req.params as { datasetId: string };
    if (!idOk(datasetId)) notFound('dataset');
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const jobId = await withTenant(app.db, req.auth!.tenant, async (trx) => {
        if (!(await findDataset(trx, datasetId))) notFound('dataset');
        return startImport(trx, app.jobs, req.auth!.tenant, datasetId, {
          strictCodes: body.strictCodes === 'yes',
        });
      });
      return reply.redirect(`/jobs/${jobId}`, 303);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation')
        return datasetPage(req, reply, { errors: formErrors(e.fieldErrors) }, 400);
      throw e;
    }
  });

  app.post('/forecasting/datasets/:datasetId/delete', keepers, async (req, reply) => {
    const { datasetId } = req.params as { datasetId: string };
    if (!idOk(datasetId)) notFound('dataset');
    const name = await withTenant(app.db, req.auth!.tenant, async (trx) => {
      if (!(await findDataset(trx, datasetId))) notFound('dataset');
      return removeDataset(trx, req.auth!.tenant, datasetId);
    });
    flash(reply, { title: `Deleted ${name}`, text: 'Its returns, forecasts and backtests are gone.' });
    return reply.redirect('/forecasting', 303);
  });
}

export function datasetListItem(d: Awaited<ReturnType<typeof listDatasets>>[number]) {
  const s = d.summary as unknown as ImportSummary | null;
  const refused =
    d.jobStatus === 'succeeded' && (d.jobResult as ImportJobResult | null)?.status === 'refused';
  return {
    ...d,
    state:
      d.status === 'imported'
        ? 'Imported'
        : d.jobStatus === 'queued' || d.jobStatus === 'running'
          ? 'Importing'
          : refused
            ? 'Refused: correct the files'
            : 'Draft: add files',
    colour: d.status === 'imported' ? 'green' : refused ? 'red' : 'grey',
    years: s ? `${collectionYearLabel(s.years[0]!)} to ${collectionYearLabel(s.years.at(-1)!)}` : '',
  };
}

export function describeSummary(s: ImportSummary) {
  return {
    period: `${formatLongDate(s.dataStart)} to ${formatLongDate(s.dataEnd)}`,
    years: s.years.map(collectionYearLabel),
  };
}
