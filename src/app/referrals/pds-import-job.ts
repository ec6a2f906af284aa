/**
 * The Placements Data Standard import as a background job (like the Ofsted import): the request
 * only stores the upload and queues the job; the job reads the file (progress as rows are
 * checked), then either records the refusal with every row and column problem (nothing written)
 * or writes the referrals and drafts in the same transaction that marks the job succeeded, so a
 * re-run never meets half an import.
 *
 * The raw upload holds child-level answers: it is deleted in that same transaction once the file
 * is imported (its rows are now referrals and drafts, and the audit keeps the counts). A refused
 * file's upload is kept with its job, as the Ofsted import keeps its uploads: the refusal's row
 * numbers refer to it.
 */

import type { Kysely } from 'kysely';
import { findJob, type JobRow } from '../../db/queries/jobs.ts';
import { deleteUpload, loadUpload, storeUpload } from '../../db/queries/uploads.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { importPlacementsStandard } from '../../importers/placements-standard/index.ts';
import { type JobHandler, JobInterrupted, type JobRunner } from '../jobs/runner.ts';
import { applyPdsRecords, type PdsImportSummary } from './placements-standard.ts';

export const PDS_IMPORT_JOB = 'referrals-pds-import';
export const PDS_UPLOAD_PURPOSE = 'placements-data-standard';
/** What the page and the API accept (checked as the file arrives, before it is stored). */
export const PDS_MAX_BYTES = 5 * 1024 * 1024;
export const PDS_EXTENSIONS = ['.csv', '.xlsx'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PdsJobPayload {
  uploadId: string;
  fileName: string;
}

export type PdsJobResult =
  | { status: 'imported'; fileName: string; rows: number; summary: PdsImportSummary }
  | { status: 'refused'; fileName: string; errors: FieldError[] };

/**
 * Stores an uploaded file and queues its import in one transaction (never a job without its file,
 * nor a file without its job); returns the job's id.
 */
export async function startPdsImport(
  db: Kysely<DB>,
  jobs: Pick<JobRunner, 'enqueue'>,
  tenant: Tenant,
  file: { fileName: string; contentType: string; bytes: Buffer },
): Promise<string> {
  return withTenant(db, tenant, async (trx) => {
    const uploadId = await storeUpload(trx, tenant, {
      purpose: PDS_UPLOAD_PURPOSE,
      fileName: file.fileName,
      contentType: file.contentType,
      bytes: file.bytes,
    });
    const payload: PdsJobPayload = { uploadId, fileName: file.fileName };
    return jobs.enqueue(trx, tenant, PDS_IMPORT_JOB, { ...payload });
  });
}

/**
 * The caller's own import job with its result once it has succeeded; undefined for an id that is
 * not one (another organisation's job, a job of another kind, or no job), so all answer alike.
 */
export async function findPdsImport(
  db: Kysely<DB>,
  tenant: Tenant,
  jobId: string,
): Promise<{ job: JobRow; result: PdsJobResult | null } | undefined> {
  if (!UUID.test(jobId)) return undefined;
  const job = await withTenant(db, tenant, (trx) => findJob(trx, jobId));
  if (!job || job.kind !== PDS_IMPORT_JOB) return undefined;
  return { job, result: job.status === 'succeeded' ? (job.result as PdsJobResult | null) : null };
}

export function pdsImportHandler(today: () => LocalDate): JobHandler {
  return async (ctx) => {
    const p = ctx.job.payload as unknown as PdsJobPayload;
    const upload = await withTenant(ctx.db, ctx.tenant, (trx) => loadUpload(trx, p.uploadId));
    if (!upload) throw new DomainError('not-found', 'The uploaded file is no longer there; upload it again');
    await ctx.progress(0.02, 'Reading the file');
    // Progress reports go out one after another, never awaited by the work itself: while the
    // writing transaction runs, the embedded database's only connection is that transaction's,
    // so a report waits for it (on PostgreSQL it goes out at once on another connection).
    let reports = Promise.resolve();
    const report = (fraction: number, message: string) => {
      reports = reports.then(() => ctx.progress(fraction, message)).catch(() => {});
    };
    const parsed = await importPlacementsStandard(upload.content, {
      today: today(),
      onProgress: (fraction, note) => report(0.05 + 0.45 * fraction, `Checking rows: ${note}`),
    });
    await reports;
    if (ctx.signal.aborted) throw new JobInterrupted('job interrupted');
    if (!parsed.ok) {
      return ctx.completeWith(
        async (): Promise<PdsJobResult> => ({
          status: 'refused',
          fileName: p.fileName,
          errors: parsed.errors,
        }),
      );
    }
    await ctx.progress(0.5, `Writing ${parsed.records.length} rows`);
    const done = await ctx.completeWith(async (trx): Promise<PdsJobResult> => {
      const applied = await applyPdsRecords(trx, ctx.tenant, parsed, (fraction, message) => {
        // A cancel or a lost lease stops the writing; the transaction then rolls back.
        if (ctx.signal.aborted) throw new JobInterrupted('job interrupted');
        report(0.5 + 0.49 * fraction, `Writing: ${message}`);
      });
      if (!applied.ok) return { status: 'refused', fileName: p.fileName, errors: applied.errors };
      await deleteUpload(trx, p.uploadId);
      return {
        status: 'imported',
        fileName: p.fileName,
        rows: parsed.records.length,
        summary: applied.summary,
      };
    });
    await reports;
    return done;
  };
}
