/**
 * An LA's SSDA903 returns on the platform: a draft dataset collects the header, episodes and UASC
 * files of each collection year (kept as raw uploads until imported), then one import job reads
 * them all, checks every row and, only if every file is clean, stores the merged dataset and
 * deletes the raw files (ssda903-import-job.ts). Nothing of a refused import is kept but the
 * draft's files, so a bad file can be replaced and the import tried again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { appendAudit } from '../../db/queries/audit.ts';
import {
  completeImport,
  datasetFiles,
  deleteDataset,
  findDataset,
  insertDataset,
  putDatasetFile,
  removeDatasetFile,
  setDatasetJob,
} from '../../db/queries/forecasting.ts';
import { storeUpload } from '../../db/queries/uploads.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { guessKind, type TableKind } from '../../importers/ssda903/columns.ts';
import { DATASET_FORMAT, encodeDataset } from '../../importers/ssda903/dataset-codec.ts';
import { discoverFiles, kindFromName } from '../../importers/ssda903/discover.ts';
import type { ImportResult } from '../../importers/ssda903/importer.ts';
import type { SourceFile } from '../../importers/ssda903/raw-store.ts';
import type { JobRunner } from '../jobs/runner.ts';
import { summariseImport } from './ssda903-import-job.ts';

export const SSDA903_IMPORT_JOB = 'ssda903-import';
export const SSDA903_UPLOAD_PURPOSE = 'ssda903-return';
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_FILES_AT_ONCE = 20;

export interface IncomingFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** A collection year: from the form, else a year (1990-2199) in the file name. */
export function yearOf(fileName: string, given: string | undefined): number | undefined {
  const g = given?.trim();
  if (g) return /^\d{4}$/.test(g) ? Number(g) : Number.NaN;
  const m = /(?:^|[^\d])((?:19|20|21)\d{2})(?:[^\d]|$)/.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

/** The table a file holds: from its name (header, episodes, uasc), else from its columns. */
export function kindOf(fileName: string, bytes: Buffer): TableKind | undefined {
  const named = kindFromName(fileName.toLowerCase().endsWith('.csv') ? fileName : `${fileName}.csv`);
  if (named && named !== 'other') return named;
  const firstLine =
    bytes
      .subarray(0, 4096)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0] ?? '';
  return guessKind(firstLine.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

export async function createDataset(trx: Tx, tenant: Tenant, name: string): Promise<string> {
  const n = name.trim();
  if (!n || n.length > 200)
    throw new DomainError('validation', 'Give the dataset a name', [
      {
        field: 'name',
        message: n ? 'The name must be 200 characters or fewer' : 'Enter a name for the dataset',
      },
    ]);
  const id = await insertDataset(trx, { orgId: tenant.orgId, name: n, userId: tenant.userId });
  await appendAudit(trx, tenant, [
    { action: 'create', entityType: 'ssda903-dataset', entityId: id, detail: { name: n } },
  ]);
  return id;
}

/** The dataset as a draft that can take files: not imported, and no import waiting or running. */
async function draftFor(trx: Tx, datasetId: string) {
  const d = await findDataset(trx, datasetId);
  if (!d) throw new DomainError('not-found', 'No such dataset');
  if (d.status !== 'draft')
    throw new DomainError(
      'conflict',
      'This dataset has been imported; start a new one to import other returns',
    );
  if (d.jobStatus === 'queued' || d.jobStatus === 'running')
    throw new DomainError('conflict', 'The import of this dataset is under way; wait for it to finish');
  return d;
}

/**
 * Adds files to a draft, each as a raw upload: the year from `year` (or the file name), the table
 * from the name (or its columns). A file for a year and table the draft already has replaces it.
 * Refused whole, with the field named, when a file's year or table cannot be told.
 */
export async function addDatasetFiles(
  trx: Tx,
  tenant: Tenant,
  datasetId: string,
  files: readonly IncomingFile[],
  year: string | undefined,
): Promise<{ added: { fileName: string; kind: TableKind; year: number; replaced: boolean }[] }> {
  await draftFor(trx, datasetId);
  const errors: FieldError[] = [];
  if (files.length === 0) errors.push({ field: 'files', message: 'Choose one or more CSV files' });
  const planned = files.map((f) => {
    const y = yearOf(f.fileName, year);
    const kind = kindOf(f.fileName, f.bytes);
    if (y === undefined)
      errors.push({
        field: 'year',
        message: `Enter the collection year of ${f.fileName} (the year holding 31 March: 2024 for April 2023 to March 2024)`,
      });
    else if (!Number.isInteger(y) || y < 1990 || y > 2200)
      errors.push({ field: 'year', message: 'Enter the collection year as four digits, like 2024' });
    if (!kind)
      errors.push({
        field: 'files',
        message: `${f.fileName} is not a header, episodes or UASC file: name it so, or check its first row holds the column names`,
      });
    return { file: f, year: y ?? 0, kind: kind ?? 'episodes' };
  });
  const seen = new Set<string>();
  for (const p of planned) {
    const key = `${p.year}:${p.kind}`;
    if (seen.has(key))
      errors.push({
        field: 'files',
        message: `Two ${p.kind} files for ${p.year}: add one file per table and year`,
      });
    seen.add(key);
  }
  throwIfInvalid(errors, 'The files were not added');
  const added = [];
  for (const p of planned) {
    const uploadId = await storeUpload(trx, tenant, {
      purpose: SSDA903_UPLOAD_PURPOSE,
      fileName: p.file.fileName,
      contentType: p.file.contentType,
      bytes: p.file.bytes,
    });
    const { replaced } = await putDatasetFile(trx, {
      datasetId,
      orgId: tenant.orgId,
      uploadId,
      fileName: p.file.fileName,
      kind: p.kind,
      year: p.year,
      byteSize: p.file.bytes.length,
      sha256: createHash('sha256').update(p.file.bytes).digest('hex'),
    });
    added.push({ fileName: p.file.fileName, kind: p.kind, year: p.year, replaced });
  }
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'ssda903-dataset',
      entityId: datasetId,
      detail: { added: added.map((a) => `${a.year} ${a.kind} (${a.fileName})`) },
    },
  ]);
  return { added };
}

export async function removeFile(trx: Tx, tenant: Tenant, datasetId: string, fileId: string): Promise<void> {
  await draftFor(trx, datasetId);
  if (!(await removeDatasetFile(trx, datasetId, fileId)))
    throw new DomainError('validation', 'That file is not in this dataset', [
      { field: 'fileId', message: 'That file is not in this dataset' },
    ]);
  await appendAudit(trx, tenant, [
    { action: 'update', entityType: 'ssda903-dataset', entityId: datasetId, detail: { removedFile: fileId } },
  ]);
}

/** Starts the import job of a draft that has at least a header and an episodes file. */
export async function startImport(
  trx: Tx,
  jobs: JobRunner,
  tenant: Tenant,
  datasetId: string,
  o: { strictCodes?: boolean } = {},
): Promise<string> {
  await draftFor(trx, datasetId);
  const files = await datasetFiles(trx, datasetId);
  const errors: FieldError[] = [];
  if (!files.some((f) => f.kind === 'header'))
    errors.push({ field: 'files', message: 'Add at least one header file (CHILD, SEX, DOB)' });
  if (!files.some((f) => f.kind === 'episodes'))
    errors.push({ field: 'files', message: 'Add at least one episodes file (CHILD, DECOM, RNE, LS, …)' });
  throwIfInvalid(errors, 'The returns cannot be imported yet');
  const jobId = await jobs.enqueue(trx, tenant, SSDA903_IMPORT_JOB, {
    datasetId,
    strictCodes: o.strictCodes ?? false,
  });
  await setDatasetJob(trx, datasetId, jobId);
  return jobId;
}

/** Deletes a dataset (a draft, or imported), its raw files, forecasts and backtests. */
export async function removeDataset(trx: Tx, tenant: Tenant, datasetId: string): Promise<string> {
  const d = await findDataset(trx, datasetId);
  if (!d) throw new DomainError('not-found', 'No such dataset');
  if (d.jobStatus === 'queued' || d.jobStatus === 'running')
    throw new DomainError('conflict', 'The import of this dataset is under way; wait for it to finish');
  await deleteDataset(trx, datasetId);
  await appendAudit(trx, tenant, [
    { action: 'delete', entityType: 'ssda903-dataset', entityId: datasetId, detail: { name: d.name } },
  ]);
  return d.name;
}

/**
 * Adds every header, episodes and UASC file of a folder of returns (<YEAR>/header.csv, …) to a
 * draft, as if uploaded a year at a time: the demo's "load the synthetic returns" button.
 */
export async function addFolderFiles(
  trx: Tx,
  tenant: Tenant,
  datasetId: string,
  dir: string,
): Promise<number> {
  const files = discoverFiles(dir).filter((f) => f.year !== undefined);
  const years = [...new Set(files.map((f) => f.year!))].sort();
  for (const year of years) {
    await addDatasetFiles(
      trx,
      tenant,
      datasetId,
      files
        .filter((f) => f.year === year)
        .map((f) => ({ fileName: basename(f.path), contentType: 'text/csv', bytes: readFileSync(f.path) })),
      String(year),
    );
  }
  return files.length;
}

/**
 * Stores returns read and checked elsewhere (the command line reads them from disk, streaming):
 * a dataset imported in one step, with its files listed (no raw copies are kept).
 */
export async function storeImportedDataset(
  trx: Tx,
  tenant: Tenant,
  input: { name: string; result: ImportResult; files: readonly SourceFile[] },
): Promise<{ datasetId: string; summary: ReturnType<typeof summariseImport> }> {
  const r = input.result;
  const datasetId = await createDataset(trx, tenant, input.name);
  const latest = r.dataset.years.at(-1) ?? 2000;
  const rows = [];
  for (const [i, f] of input.files.entries()) {
    const bytes = readFileSync(f.path);
    const { id } = await putDatasetFile(trx, {
      datasetId,
      orgId: tenant.orgId,
      uploadId: null,
      fileName: f.name,
      kind: r.files[i]?.kind ?? f.kind ?? 'episodes',
      // A combined file (with a YEAR column) is listed under the latest year it holds.
      year: f.year ?? latest,
      byteSize: statSync(f.path).size,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    rows.push({ fileId: id, rows: Math.max(0, (r.files[i]?.rows ?? 1) - 1) });
  }
  const episodeRows = r.files.filter((f) => f.kind === 'episodes').reduce((a, f) => a + f.rows - 1, 0);
  const summary = summariseImport(r, episodeRows);
  const ok = await completeImport(trx, datasetId, {
    data: encodeDataset(r.dataset),
    format: DATASET_FORMAT,
    summary: summary as unknown as Record<string, unknown>,
    userId: tenant.userId,
    rows,
  });
  if (!ok) throw new DomainError('conflict', 'The dataset could not be stored');
  await appendAudit(trx, tenant, [
    {
      action: 'create',
      entityType: 'ssda903-dataset',
      entityId: datasetId,
      detail: { imported: true, via: 'command line', children: summary.children, episodes: summary.episodes },
    },
  ]);
  return { datasetId, summary };
}
