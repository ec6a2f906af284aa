/**
 * The Ofsted import as a background job: read the uploaded file (progress as rows are checked),
 * then either record the refusal with every row and column problem (nothing written) or apply it
 * in the same transaction that marks the job succeeded, so a re-run never meets half an import.
 */

import { loadUpload } from '../../db/queries/uploads.ts';
import { withTenant } from '../../db/tenant.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { importOfstedFile } from '../../importers/ofsted/import-ofsted.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';
import { type JobHandler, JobInterrupted } from '../jobs/runner.ts';
import { applyOfstedImport, type ImportSummary } from './import-ofsted.ts';
import { directoryCache } from './snapshot.ts';

export const OFSTED_IMPORT_JOB = 'ofsted-import';
export const OFSTED_UPLOAD_PURPOSE = 'ofsted-provider-list';

export interface OfstedJobPayload {
  uploadId: string;
  fileName: string;
  absentMeansClosed: boolean;
}

export type OfstedJobResult =
  | { status: 'imported'; fileName: string; summary: ImportSummary }
  | { status: 'refused'; fileName: string; errors: FieldError[] };

export function ofstedImportHandler(ref: ReferenceData, today: () => LocalDate): JobHandler {
  return async (ctx) => {
    const p = ctx.job.payload as unknown as OfstedJobPayload;
    const upload = await withTenant(ctx.db, ctx.tenant, (trx) => loadUpload(trx, p.uploadId));
    if (!upload) throw new DomainError('not-found', 'The uploaded file is no longer there; upload it again');
    await ctx.progress(0.02, 'Reading the file');
    let reports = Promise.resolve();
    const parsed = await importOfstedFile(upload.content, {
      ref,
      onProgress: (fraction, note) => {
        reports = reports
          .then(() => ctx.progress(0.05 + 0.6 * fraction, `Checking rows: ${note}`))
          .catch(() => {});
      },
    });
    await reports;
    if (ctx.signal.aborted) throw new JobInterrupted('job interrupted');
    if (!parsed.ok) {
      return ctx.completeWith(
        async (): Promise<OfstedJobResult> => ({
          status: 'refused',
          fileName: p.fileName,
          errors: parsed.errors,
        }),
      );
    }
    await ctx.progress(0.7, `Writing ${parsed.records.length} providers to the directory`);
    const done = await ctx.completeWith(async (trx): Promise<OfstedJobResult> => {
      const summary = await applyOfstedImport(
        trx,
        { fileName: p.fileName, bytes: upload.content, kind: parsed.kind, records: parsed.records },
        {
          absentMeansClosed: p.absentMeansClosed,
          today: today(),
          orgId: ctx.tenant.orgId,
          userId: ctx.tenant.userId,
          jobId: ctx.job.id,
          ref,
          regionFallback: ctx.tenant.regionCode,
        },
      );
      return { status: 'imported', fileName: p.fileName, summary };
    });
    directoryCache(ctx.db).touch();
    return done;
  };
}
