/**
 * The `ssda903-import` job: reads a draft dataset's raw files, oldest year first, through the
 * streaming importer (progress by bytes read), merges the returns across years and checks every
 * row and every child's history. If any file is refused, the job records every problem (file, row,
 * column) and nothing is written: the draft keeps its files to be corrected. Otherwise the compact
 * dataset and its summary are stored, and the raw uploads deleted, in the transaction that
 * completes the job, so a re-run never finds half an import.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { completeImport, datasetFiles, findDataset } from '../../db/queries/forecasting.ts';
import { findOrganisation } from '../../db/queries/organisations.ts';
import { loadUpload } from '../../db/queries/uploads.ts';
import { withTenant } from '../../db/tenant.ts';
import { OPEN, type Ssda903Dataset, summariseDataset } from '../../domain/forecasting/dataset.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { DATASET_FORMAT, encodeDataset } from '../../importers/ssda903/dataset-codec.ts';
import type { ImportResult } from '../../importers/ssda903/importer.ts';
import { ForecastAborted, type ForecastWorkers, runInWorker } from '../../workers/forecast-pool.ts';
import { type JobContext, JobInterrupted } from '../jobs/runner.ts';

/** Problems kept in full in a job's result or a dataset's summary (the rest are counted). */
export const SHOWN_PROBLEMS = 500;

export interface ImportSummary {
  las: string[];
  years: number[];
  dataStart: string;
  dataEnd: string;
  children: number;
  episodes: number;
  /** Children in care at the end of the data (an open episode). */
  inCareAtEnd: number;
  /** Episode rows read from the files (before merging the years). */
  episodeRows: number;
  files: { name: string; kind: string; year: number; rows: number }[];
  warningCount: number;
  warnings: FieldError[];
  /** Warnings counted by what they are about. */
  warningKinds: { kind: string; count: number }[];
}

export type ImportJobResult =
  | { status: 'imported'; datasetId: string; summary: ImportSummary }
  | { status: 'refused'; datasetId: string; errorCount: number; errors: FieldError[] };

function warningKind(w: FieldError): string {
  if (/is not valid in/.test(w.message)) return `${w.field} codes used outside their collection years`;
  if (/taken as ended on 31 March/.test(w.message)) return 'Episodes missing from the next year’s return';
  return w.field;
}

export function summariseImport(r: ImportResult, episodeRows: number): ImportSummary {
  const d = r.dataset;
  const kinds = new Map<string, number>();
  for (const w of r.warnings) kinds.set(warningKind(w), (kinds.get(warningKind(w)) ?? 0) + 1);
  return {
    ...summariseDataset(d),
    inCareAtEnd: inCareAtEnd(d),
    episodeRows,
    files: r.files.map((f) => ({
      name: f.name,
      kind: f.kind ?? '',
      year: f.year ?? 0,
      rows: Math.max(0, f.rows - 1),
    })),
    warningCount: r.warningCount,
    warnings: r.warnings.slice(0, SHOWN_PROBLEMS),
    warningKinds: [...kinds].map(([kind, count]) => ({ kind, count })),
  };
}

/** Children whose latest episode is still open at the end of the data. */
export function inCareAtEnd(d: Ssda903Dataset): number {
  let n = 0;
  for (let c = 0; c < d.children.count; c++) {
    const last = d.children.firstEpisode[c + 1]! - 1;
    if (last >= d.children.firstEpisode[c]! && d.episodes.end[last] === OPEN) n++;
  }
  return n;
}

export function ssda903ImportJob(opts: { workers?: ForecastWorkers } = {}) {
  return async (ctx: JobContext): Promise<ImportJobResult> => {
    const datasetId = String(ctx.job.payload.datasetId ?? '');
    const strict = ctx.job.payload.strictCodes === true;
    const loaded = await withTenant(ctx.db, ctx.tenant, async (trx) => {
      const d = await findDataset(trx, datasetId);
      if (!d) return undefined;
      const la = (await findOrganisation(trx, d.orgId))?.name ?? '';
      const files = await datasetFiles(trx, datasetId);
      const contents = [];
      for (const f of files) {
        const u = f.uploadId ? await loadUpload(trx, f.uploadId) : undefined;
        if (!u) return { dataset: d, missing: f.fileName };
        contents.push({ file: f, text: Buffer.from(u.content).toString('utf8') });
      }
      return { dataset: d, contents, la };
    });
    if (!loaded) throw new DomainError('not-found', 'The dataset no longer exists');
    if (loaded.dataset.status === 'imported') {
      return { status: 'imported', datasetId, summary: loaded.dataset.summary as unknown as ImportSummary };
    }
    if ('missing' in loaded)
      throw new DomainError('not-found', `The file ${loaded.missing} is no longer there; add it again`);
    // Oldest returns first, as the importer's "latest return wins" expects them in any order, but
    // messages read best in year order.
    const contents = [...loaded.contents].sort(
      (a, b) => a.file.year - b.file.year || a.file.kind.localeCompare(b.file.kind),
    );
    // Reading, checking and merging are CPU work: a worker thread does them, so pages stay quick.
    let reported = Promise.resolve();
    let last = 0;
    let result: ImportResult;
    try {
      result = await runInWorker(
        {
          type: 'import',
          files: contents.map(({ file, text }) => ({
            file: { name: `${file.year}/${file.fileName}`, kind: file.kind, year: file.year, la: loaded.la },
            text,
          })),
          options: { codeYears: strict ? 'error' : 'warn' },
        },
        {
          signal: ctx.signal,
          workers: opts.workers,
          onProgress: (fraction, message) => {
            const now = Date.now();
            if (now - last < 200) return;
            last = now;
            reported = reported
              .then(() => ctx.progress(0.05 + 0.85 * fraction, message.replace(/^reading/, 'Reading')))
              .catch(() => {});
          },
        },
      );
      await reported;
    } catch (e) {
      if (e instanceof ForecastAborted) throw new JobInterrupted('import stopped');
      if (!(e instanceof DomainError) || e.code !== 'validation') throw e;
      const errors = [...e.fieldErrors];
      const count = Number(/have (\d+) problem/.exec(e.message)?.[1] ?? errors.length);
      return ctx.completeWith(async (trx): Promise<ImportJobResult> => {
        await appendAudit(trx, ctx.tenant, [
          {
            action: 'read',
            entityType: 'ssda903-dataset',
            entityId: datasetId,
            detail: { import: 'refused', problems: count },
          },
        ]);
        return { status: 'refused', datasetId, errorCount: count, errors: errors.slice(0, SHOWN_PROBLEMS) };
      });
    }
    if (ctx.signal.aborted) throw new JobInterrupted('import stopped');
    if (result.dataset.las.length > 1) {
      // An LA column naming several LAs: this is one LA's dataset.
      const las = result.dataset.las;
      return ctx.completeWith(
        async (): Promise<ImportJobResult> => ({
          status: 'refused',
          datasetId,
          errorCount: 1,
          errors: [
            {
              field: 'LA',
              message: `The files hold the returns of ${las.length} LAs (${las.join(', ')}): add only your own`,
            },
          ],
        }),
      );
    }
    const episodeRows = result.files.filter((f) => f.kind === 'episodes').reduce((a, f) => a + f.rows - 1, 0);
    const summary = summariseImport(result, episodeRows);
    const data = encodeDataset(result.dataset);
    await ctx.progress(
      0.95,
      `Storing ${summary.episodes.toLocaleString('en-GB')} episodes of ${summary.children.toLocaleString('en-GB')} children`,
    );
    return ctx.completeWith(async (trx): Promise<ImportJobResult> => {
      const rows = contents.map((c, i) => ({
        fileId: c.file.id,
        rows: Math.max(0, result.files[i]!.rows - 1),
      }));
      const ok = await completeImport(trx, datasetId, {
        data,
        format: DATASET_FORMAT,
        summary: summary as unknown as Record<string, unknown>,
        userId: ctx.tenant.userId,
        rows,
      });
      if (!ok) throw new DomainError('conflict', 'The dataset was imported or removed meanwhile');
      await appendAudit(trx, ctx.tenant, [
        {
          action: 'create',
          entityType: 'ssda903-dataset',
          entityId: datasetId,
          detail: {
            imported: true,
            children: summary.children,
            episodes: summary.episodes,
            years: summary.years,
          },
        },
      ]);
      return { status: 'imported', datasetId, summary };
    });
  };
}
