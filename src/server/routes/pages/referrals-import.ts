/**
 * Referrals and agreed placements in the Placements Data Standard's spreadsheet layout: upload a
 * file (CSV or XLSX), which is stored and imported by a job (progress on /jobs/:jobId; all or
 * nothing); its result page shows what was recorded or, for a refused file, every problem with its
 * row and column. And download the LA's referrals and placements as XLSX or CSV for the region.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  findPdsImport,
  PDS_EXTENSIONS,
  PDS_IMPORT_JOB,
  PDS_MAX_BYTES,
  pdsImportHandler,
  startPdsImport,
} from '../../../app/referrals/pds-import-job.ts';
import { exportPdsRecords } from '../../../app/referrals/placements-standard.ts';
import { withTenant } from '../../../db/tenant.ts';
import { DomainError, type FieldError } from '../../../domain/shared/errors.ts';
import { placementsStandardCsv, placementsStandardXlsx } from '../../../exports/placements-standard.ts';
import { safeFileName } from '../../../exports/spreadsheet.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import type { FormErrors } from '../../http/forms.ts';
import { readUpload } from '../../http/uploads.ts';

const officers = { preHandler: requireAuth({ roles: ['placement-officer'], orgKinds: ['local-authority'] }) };
const readers = {
  preHandler: requireAuth({ roles: ['placement-officer', 'commissioner'], orgKinds: ['local-authority'] }),
};

/** One problem as a person reads it: its row (or its child) and column, then what is wrong. */
export function problemText(e: FieldError): string {
  return e.row !== undefined
    ? `Row ${e.row}, ${e.field}: ${e.message}`
    : e.record
      ? `${e.record}, ${e.field}: ${e.message}`
      : e.message;
}

/** Row and column problems as a GOV.UK error summary, each linking to the file input. */
function importErrors(errors: readonly FieldError[]): FormErrors {
  return {
    summary: errors.map((e) => ({ text: problemText(e), href: '#file' })),
    byField: {
      file: { text: 'The file was not imported: fix the problems listed above and upload it again' },
    },
  };
}

export default function register(app: FastifyInstance): void {
  app.jobs.register(PDS_IMPORT_JOB, pdsImportHandler(app.config.today), {
    title: 'Import of referrals (Placements Data Standard)',
    resultPath: (job) => `/referrals/import/${job.id}`,
  });

  const showForm = (reply: FastifyReply, extra: { errors?: FormErrors } = {}, status = 200) =>
    reply.page(
      'pages/referrals/import.njk',
      { title: 'Import or export referrals (Placements Data Standard)', ...extra },
      status,
    );

  app.get('/referrals/import', officers, async (_req, reply) => showForm(reply));

  app.post('/referrals/import', officers, async (req, reply) => {
    let file: Awaited<ReturnType<typeof readUpload>>;
    try {
      // The extension, the size, and an XLSX's archive (zip bombs and the like) are checked as
      // the file arrives, before anything is stored; the rows are checked by the job.
      file = await readUpload(req, { maxBytes: PDS_MAX_BYTES, extensions: PDS_EXTENSIONS });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation' && err.fieldErrors.length > 0) {
        return showForm(reply, { errors: importErrors(err.fieldErrors) }, 400);
      }
      throw err;
    }
    const jobId = await startPdsImport(app.db, app.jobs, req.auth!.tenant, file);
    return reply.redirect(`/jobs/${jobId}`, 303);
  });

  app.get('/referrals/import/:jobId', officers, async (req, reply) => {
    const { jobId } = req.params as { jobId: string };
    const found = await findPdsImport(app.db, req.auth!.tenant, jobId);
    if (!found) notFound('import');
    const { job, result } = found;
    if (!result) return reply.redirect(`/jobs/${job.id}`, 303);
    if (result.status === 'refused') {
      return reply.page('pages/referrals/import-result.njk', {
        title: 'The file was not imported',
        refused: true,
        fileName: result.fileName,
        problems: result.errors.length,
        errors: importErrors(result.errors),
      });
    }
    return reply.page('pages/referrals/import-result.njk', {
      title: 'Referrals imported',
      refused: false,
      fileName: result.fileName,
      rows: result.rows,
      summary: result.summary,
      warnings: result.summary.warnings.map(problemText),
    });
  });

  app.get('/referrals/export', readers, async (req, reply) => {
    const q = req.query as { format?: string; officers?: string };
    const tenant = req.auth!.tenant;
    const records = await withTenant(app.db, tenant, (trx) =>
      exportPdsRecords(trx, tenant, { today: app.config.today(), officerNames: q.officers === 'yes' }),
    );
    const options = {};
    const name = safeFileName(
      `${req.auth!.user.orgName}-referrals-placements-data-standard-${app.config.today()}`,
    );
    if (q.format === 'csv') {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(placementsStandardCsv(records, options));
    }
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(await placementsStandardXlsx(records, options));
  });
}
