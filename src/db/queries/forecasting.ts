/**
 * Forecasting in the database (migration 0008): an LA's SSDA903 datasets and their files, the
 * forecasts and backtests made from them, and the region's shared forecasts for its hub. Every
 * query runs under the caller's row-level security: another organisation's dataset, forecast or
 * backtest is simply not found.
 */
import { sql } from 'kysely';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { Executor } from '../tenant.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

// ------------------------------------------------------------------------------------ datasets

export interface DatasetFile {
  id: string;
  fileName: string;
  kind: 'header' | 'episodes' | 'uasc';
  year: number;
  byteSize: number;
  rows: number | null;
  uploadId: string | null;
}

export interface DatasetRow {
  id: string;
  orgId: string;
  name: string;
  status: 'draft' | 'imported';
  summary: Record<string, unknown> | null;
  createdAt: Date;
  createdByName: string;
  importedAt: Date | null;
  importedByName: string | null;
  jobId: string | null;
  jobStatus: JobStatus | null;
  jobResult: unknown;
}

const datasetColumns = (db: Executor) =>
  db
    .selectFrom('ssda903_dataset as d')
    .innerJoin('app_user as c', 'c.id', 'd.created_by')
    .leftJoin('app_user as i', 'i.id', 'd.imported_by')
    .leftJoin('job as j', 'j.id', 'd.job_id')
    .select([
      'd.id',
      'd.org_id as orgId',
      'd.name',
      'd.status',
      'd.summary',
      'd.created_at as createdAt',
      'c.display_name as createdByName',
      'd.imported_at as importedAt',
      'i.display_name as importedByName',
      'd.job_id as jobId',
      'j.status as jobStatus',
      'j.result as jobResult',
    ]);

export async function listDatasets(db: Executor, orgId: string): Promise<DatasetRow[]> {
  return (await datasetColumns(db)
    .where('d.org_id', '=', orgId)
    .orderBy('d.created_at', 'desc')
    .execute()) as DatasetRow[];
}

export async function findDataset(db: Executor, id: string): Promise<DatasetRow | undefined> {
  return (await datasetColumns(db).where('d.id', '=', id).executeTakeFirst()) as DatasetRow | undefined;
}

export async function datasetFiles(db: Executor, datasetId: string): Promise<DatasetFile[]> {
  return db
    .selectFrom('ssda903_file')
    .select([
      'id',
      'file_name as fileName',
      'kind',
      'year',
      'byte_size as byteSize',
      'rows',
      'upload_id as uploadId',
    ])
    .where('dataset_id', '=', datasetId)
    .orderBy('year')
    .orderBy('kind')
    .execute();
}

/** The stored dataset's bytes and summary, for a job; undefined unless imported and visible. */
export async function datasetData(
  db: Executor,
  id: string,
): Promise<{ id: string; name: string; data: Uint8Array; summary: Record<string, unknown> } | undefined> {
  const row = await db
    .selectFrom('ssda903_dataset')
    .select(['id', 'name', 'data', 'summary'])
    .where('id', '=', id)
    .where('status', '=', 'imported')
    .executeTakeFirst();
  return row?.data && row.summary
    ? { id: row.id, name: row.name, data: row.data, summary: row.summary }
    : undefined;
}

/** The LA's most recently imported dataset. */
export async function latestImportedDataset(db: Executor, orgId: string): Promise<DatasetRow | undefined> {
  return (await datasetColumns(db)
    .where('d.org_id', '=', orgId)
    .where('d.status', '=', 'imported')
    .orderBy('d.imported_at', 'desc')
    .limit(1)
    .executeTakeFirst()) as DatasetRow | undefined;
}

export async function insertDataset(
  db: Executor,
  d: { orgId: string; name: string; userId: string },
): Promise<string> {
  const row = await db
    .insertInto('ssda903_dataset')
    .values({ org_id: d.orgId, name: d.name, created_by: d.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a file to a draft; a file already there for the same year and table is replaced. */
export async function putDatasetFile(
  db: Executor,
  f: {
    datasetId: string;
    orgId: string;
    /** The raw file, kept until the import; null when the files were read elsewhere (the CLI). */
    uploadId: string | null;
    fileName: string;
    kind: DatasetFile['kind'];
    year: number;
    byteSize: number;
    sha256: string;
  },
): Promise<{ id: string; replaced: boolean }> {
  const old = await db
    .deleteFrom('ssda903_file')
    .where('dataset_id', '=', f.datasetId)
    .where('year', '=', f.year)
    .where('kind', '=', f.kind)
    .returning('upload_id')
    .executeTakeFirst();
  if (old?.upload_id) await db.deleteFrom('upload').where('id', '=', old.upload_id).execute();
  const row = await db
    .insertInto('ssda903_file')
    .values({
      dataset_id: f.datasetId,
      org_id: f.orgId,
      upload_id: f.uploadId,
      file_name: f.fileName,
      kind: f.kind,
      year: f.year,
      byte_size: f.byteSize,
      sha256: f.sha256,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, replaced: old !== undefined };
}

/** Removes a draft's file and its raw upload; false when there is no such file in the dataset. */
export async function removeDatasetFile(db: Executor, datasetId: string, fileId: string): Promise<boolean> {
  const old = await db
    .deleteFrom('ssda903_file')
    .where('dataset_id', '=', datasetId)
    .where('id', '=', fileId)
    .returning('upload_id')
    .executeTakeFirst();
  if (old?.upload_id) await db.deleteFrom('upload').where('id', '=', old.upload_id).execute();
  return old !== undefined;
}

export async function setDatasetJob(db: Executor, id: string, jobId: string): Promise<void> {
  await db.updateTable('ssda903_dataset').set({ job_id: jobId }).where('id', '=', id).execute();
}

/**
 * Stores an import: the compact dataset and its summary, each file's rows, and deletes the raw
 * uploads (the dataset holds everything the forecaster reads). False if it is no longer a draft.
 */
export async function completeImport(
  db: Executor,
  id: string,
  i: {
    data: Buffer;
    format: string;
    summary: Record<string, unknown>;
    userId: string;
    rows: { fileId: string; rows: number }[];
  },
): Promise<boolean> {
  const done = await db
    .updateTable('ssda903_dataset')
    .set({
      status: 'imported',
      data: i.data,
      data_format: i.format,
      summary: JSON.stringify(i.summary),
      imported_by: i.userId,
      imported_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) return false;
  for (const r of i.rows) {
    await db.updateTable('ssda903_file').set({ rows: r.rows }).where('id', '=', r.fileId).execute();
  }
  const uploads = await db
    .selectFrom('ssda903_file')
    .select('upload_id')
    .where('dataset_id', '=', id)
    .where('upload_id', 'is not', null)
    .execute();
  await db.updateTable('ssda903_file').set({ upload_id: null }).where('dataset_id', '=', id).execute();
  const ids = uploads.map((u) => u.upload_id).filter((u): u is string => u !== null);
  if (ids.length) await db.deleteFrom('upload').where('id', 'in', ids).execute();
  return true;
}

/** Deletes a dataset, its files' raw uploads, and (by cascade) its forecasts and backtests. */
export async function deleteDataset(db: Executor, id: string): Promise<boolean> {
  const files = await db
    .selectFrom('ssda903_file')
    .select('upload_id')
    .where('dataset_id', '=', id)
    .where('upload_id', 'is not', null)
    .execute();
  const r = await db.deleteFrom('ssda903_dataset').where('id', '=', id).executeTakeFirst();
  const ids = files.map((f) => f.upload_id).filter((u): u is string => u !== null);
  if (ids.length) await db.deleteFrom('upload').where('id', 'in', ids).execute();
  return Number(r.numDeletedRows) === 1;
}

// ------------------------------------------------------------------------------------ forecasts

export interface ForecastRow {
  id: string;
  orgId: string;
  laName: string;
  regionCode: string;
  datasetId: string;
  datasetName: string;
  jobId: string;
  jobStatus: JobStatus;
  jobError: string | null;
  name: string;
  settings: Record<string, unknown>;
  createdAt: Date;
  createdByName: string;
  finishedAt: Date | null;
  sharedAt: Date | null;
}

// A hub reads a shared forecast but neither the LA's job nor its people (both are the LA's own), so
// those are left joins: a shared forecast is finished, hence succeeded.
const withJobStatus = <T extends { finishedAt: Date | null }>(
  r: T & { jobStatus: JobStatus | null; jobError: string | null },
) =>
  ({ ...r, jobStatus: r.jobStatus ?? (r.finishedAt ? 'succeeded' : 'queued') }) as T & {
    jobStatus: JobStatus;
    jobError: string | null;
  };

const forecastWithJob = (db: Executor) =>
  db
    .selectFrom('forecast as f')
    .innerJoin('organisation as o', 'o.id', 'f.org_id')
    .leftJoin('app_user as u', 'u.id', 'f.created_by')
    .leftJoin('job as j', 'j.id', 'f.job_id')
    .leftJoin('ssda903_dataset as d', 'd.id', 'f.dataset_id')
    .select([
      'f.id',
      'f.org_id as orgId',
      'o.name as laName',
      'f.region_code as regionCode',
      'f.dataset_id as datasetId',
      sql<string>`coalesce(d.name, '')`.as('datasetName'),
      'f.job_id as jobId',
      'j.status as jobStatus',
      'j.error as jobError',
      'f.name',
      'f.settings',
      'f.created_at as createdAt',
      sql<string>`coalesce(u.display_name, '')`.as('createdByName'),
      'f.finished_at as finishedAt',
      'f.shared_at as sharedAt',
    ]);

/** The LA's forecasts, newest first. */
export async function listForecasts(db: Executor, orgId: string): Promise<ForecastRow[]> {
  const rows = await forecastWithJob(db)
    .where('f.org_id', '=', orgId)
    .orderBy('f.created_at', 'desc')
    .execute();
  return rows.map((r) => withJobStatus(r as ForecastRow & { jobStatus: JobStatus | null }));
}

/** Forecasts the region's LAs share with their hub (readable by its analysts), newest first. */
export async function listSharedForecasts(db: Executor, regionCode: string): Promise<ForecastRow[]> {
  const rows = await forecastWithJob(db)
    .where('f.region_code', '=', regionCode)
    .where('f.shared_at', 'is not', null)
    .where('f.finished_at', 'is not', null)
    .orderBy('f.shared_at', 'desc')
    .execute();
  return rows.map((r) => withJobStatus(r as ForecastRow & { jobStatus: JobStatus | null }));
}

export async function findForecast(db: Executor, id: string): Promise<ForecastRow | undefined> {
  const r = await forecastWithJob(db).where('f.id', '=', id).executeTakeFirst();
  return r ? withJobStatus(r as ForecastRow & { jobStatus: JobStatus | null }) : undefined;
}

export async function forecastResult(db: Executor, id: string): Promise<Record<string, unknown> | undefined> {
  const r = await db.selectFrom('forecast').select('result').where('id', '=', id).executeTakeFirst();
  return r?.result ?? undefined;
}

export async function insertForecast(
  db: Executor,
  f: {
    id: string;
    orgId: string;
    datasetId: string;
    jobId: string;
    name: string;
    settings: Record<string, unknown>;
    userId: string;
  },
): Promise<void> {
  await db
    .insertInto('forecast')
    .values({
      id: f.id,
      org_id: f.orgId,
      dataset_id: f.datasetId,
      job_id: f.jobId,
      name: f.name,
      settings: JSON.stringify(f.settings),
      created_by: f.userId,
    })
    .execute();
}

export async function saveForecastResult(
  db: Executor,
  id: string,
  result: Record<string, unknown>,
): Promise<boolean> {
  const r = await db
    .updateTable('forecast')
    .set({ result: JSON.stringify(result), finished_at: sql`now()` })
    .where('id', '=', id)
    .where('result', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setForecastShared(
  db: Executor,
  id: string,
  share: { userId: string } | null,
): Promise<boolean> {
  const r = await db
    .updateTable('forecast')
    .set(share ? { shared_at: sql`now()`, shared_by: share.userId } : { shared_at: null, shared_by: null })
    .where('id', '=', id)
    .where('result', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ------------------------------------------------------------------------------------ backtests

export interface BacktestRow {
  id: string;
  orgId: string;
  datasetId: string;
  datasetName: string;
  jobId: string;
  jobStatus: JobStatus;
  jobError: string | null;
  settings: Record<string, unknown>;
  result: Record<string, unknown> | null;
  createdAt: Date;
  createdByName: string;
  finishedAt: Date | null;
}

const backtestColumns = (db: Executor) =>
  db
    .selectFrom('backtest as b')
    .innerJoin('job as j', 'j.id', 'b.job_id')
    .innerJoin('app_user as u', 'u.id', 'b.created_by')
    .innerJoin('ssda903_dataset as d', 'd.id', 'b.dataset_id')
    .select([
      'b.id',
      'b.org_id as orgId',
      'b.dataset_id as datasetId',
      'd.name as datasetName',
      'b.job_id as jobId',
      'j.status as jobStatus',
      'j.error as jobError',
      'b.settings',
      'b.created_at as createdAt',
      'u.display_name as createdByName',
      'b.finished_at as finishedAt',
    ]);

export async function listBacktests(db: Executor, orgId: string): Promise<Omit<BacktestRow, 'result'>[]> {
  return backtestColumns(db).where('b.org_id', '=', orgId).orderBy('b.created_at', 'desc').execute();
}

export async function findBacktest(db: Executor, id: string): Promise<BacktestRow | undefined> {
  return backtestColumns(db).select('b.result').where('b.id', '=', id).executeTakeFirst();
}

export async function insertBacktest(
  db: Executor,
  b: {
    id: string;
    orgId: string;
    datasetId: string;
    jobId: string;
    settings: Record<string, unknown>;
    userId: string;
  },
): Promise<void> {
  await db
    .insertInto('backtest')
    .values({
      id: b.id,
      org_id: b.orgId,
      dataset_id: b.datasetId,
      job_id: b.jobId,
      settings: JSON.stringify(b.settings),
      created_by: b.userId,
    })
    .execute();
}

export async function saveBacktestResult(
  db: Executor,
  id: string,
  result: Record<string, unknown>,
): Promise<boolean> {
  const r = await db
    .updateTable('backtest')
    .set({ result: JSON.stringify(result), finished_at: sql`now()` })
    .where('id', '=', id)
    .where('result', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ------------------------------------------------------------------------------------ unit costs

export interface LearnedCost {
  placementType: 'residential' | 'foster' | 'supported-accommodation';
  placements: number;
  meanWeeklyPence: number;
}

/**
 * The LA's own placements on the platform that started in [from, to), by the kind of home, with
 * their mean weekly cost: what the forecast's unit costs can be learned from. Counts and means
 * only (no placement is read out).
 */
export async function placementCostsByType(
  db: Executor,
  orgId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<LearnedCost[]> {
  const rows = await db
    .selectFrom('placement as p')
    .innerJoin('home as h', 'h.id', 'p.home_id')
    .select([
      'h.placement_type as placementType',
      sql<string>`count(*)`.as('n'),
      sql<string>`round(avg(p.total_weekly_pence))`.as('mean'),
    ])
    .where('p.org_id', '=', orgId)
    .where('p.start_date', '>=', from)
    .where('p.start_date', '<', to)
    .where('p.total_weekly_pence', '>', 0)
    .groupBy('h.placement_type')
    .execute();
  return rows.map((r) => ({
    placementType: r.placementType,
    placements: Number(r.n),
    meanWeeklyPence: Number(r.mean),
  }));
}

// ------------------------------------------------------------------------------------ the region

export interface RegionalForecastPoint {
  /** A placement category key (docs/forecasting.md §3), or 'total'. */
  category: string;
  label: string;
  /** Financial year, e.g. '2026-27' (sorts in time order). */
  period: string;
  /** LAs whose forecasts reach into the period (the figures sum those). */
  las: number;
  /** Expected children in care: the mean of the period's month-end counts, summed over the LAs. */
  expected: number;
  /** Sums of the LAs' 80% bounds: wider than the region's own interval (LAs' chances offset). */
  low: number;
  high: number;
  /** Expected new placements starting in the period (entries and moves into the category). */
  newPlacements: number;
}

export interface RegionalForecast {
  regionCode: string;
  las: {
    orgId: string;
    laName: string;
    forecastId: string;
    name: string;
    origin: LocalDate;
    horizonMonths: number;
    sharedAt: Date;
  }[];
  points: RegionalForecastPoint[];
}

interface StoredSeries {
  key: string;
  label: string;
  mean: number[];
  p10: number[];
  p90: number[];
}

/** '2026-27' for a month end from April 2026 to March 2027. */
function financialYearOf(day: string): string {
  const y = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * The region's demand as its LAs' latest shared forecasts add up, by placement category and in
 * total, per financial year: for the hub's market position statement and planning. Reads under
 * the caller's row-level security, so a hub analyst gets every LA's latest shared forecast of its
 * region and nobody else gets another LA's; undefined when none is visible.
 */
export async function latestRegionalForecast(
  db: Executor,
  regionCode: string,
): Promise<RegionalForecast | undefined> {
  const rows = await db
    .selectFrom('forecast as f')
    .innerJoin('organisation as o', 'o.id', 'f.org_id')
    .distinctOn('f.org_id')
    .select([
      'f.id',
      'f.org_id as orgId',
      'o.name as laName',
      'f.name',
      'f.shared_at as sharedAt',
      sql<{
        origin: LocalDate;
        months: LocalDate[];
        byCategory: StoredSeries[];
        total: StoredSeries;
        startsByCategory: StoredSeries[];
      }>`f.result->'forecast'`.as('forecast'),
    ])
    .where('f.region_code', '=', regionCode)
    .where('f.shared_at', 'is not', null)
    .where('f.result', 'is not', null)
    .orderBy('f.org_id')
    .orderBy('f.shared_at', 'desc')
    .execute();
  if (rows.length === 0) return undefined;
  const acc = new Map<string, RegionalForecastPoint>();
  for (const r of rows) {
    const f = r.forecast;
    const periods = f.months.map(financialYearOf);
    const series = [...f.byCategory, { ...f.total, key: 'total', label: 'All children in care' }];
    for (const s of series) {
      const starts = s.key === 'total' ? undefined : f.startsByCategory.find((c) => c.key === s.key);
      for (const period of new Set(periods)) {
        const idx = periods.flatMap((p, h) => (p === period ? [h] : []));
        const avg = (v: number[]) => idx.reduce((a, h) => a + v[h]!, 0) / idx.length;
        const newPlacements = starts
          ? idx.reduce((a, h) => a + starts.mean[h]!, 0)
          : f.startsByCategory.reduce((a, c) => a + idx.reduce((b, h) => b + c.mean[h]!, 0), 0);
        const key = `${s.key}|${period}`;
        const p = acc.get(key) ?? {
          category: s.key,
          label: s.label,
          period,
          las: 0,
          expected: 0,
          low: 0,
          high: 0,
          newPlacements: 0,
        };
        p.las++;
        p.expected += avg(s.mean);
        p.low += avg(s.p10);
        p.high += avg(s.p90);
        p.newPlacements += newPlacements;
        acc.set(key, p);
      }
    }
  }
  const order = [...rows[0]!.forecast.byCategory.map((c) => c.key), 'total'];
  const points = [...acc.values()].sort(
    (a, b) => a.period.localeCompare(b.period) || order.indexOf(a.category) - order.indexOf(b.category),
  );
  return {
    regionCode,
    las: rows.map((r) => ({
      orgId: r.orgId,
      laName: r.laName,
      forecastId: r.id,
      name: r.name,
      origin: r.forecast.origin,
      horizonMonths: r.forecast.months.length,
      sharedAt: r.sharedAt!,
    })),
    points,
  };
}

/** A local authority by its DfE code or exact name. */
export async function findLocalAuthority(
  db: Executor,
  laCodeOrName: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'local-authority')
    .where((eb) => eb.or([eb('la_code', '=', laCodeOrName), eb('name', '=', laCodeOrName)]))
    .executeTakeFirst();
}

/**
 * An enabled commissioner of an LA, the first by email (or the one with `email`, given in lower
 * case): who an SSDA903 import from the command line is recorded as.
 */
export async function findLaCommissioner(
  db: Executor,
  orgId: string,
  email?: string,
): Promise<{ id: string } | undefined> {
  let q = db
    .selectFrom('app_user')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'commissioner')
    .where('disabled_at', 'is', null);
  if (email) q = q.where('email', '=', email);
  return q.orderBy('email').executeTakeFirst();
}
