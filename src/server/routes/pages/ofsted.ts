/**
 * Ofsted import (hub analysts and LA commissioners): upload a provider list (CSV or XLSX), follow
 * the job's progress on /jobs/:jobId, then see what changed (new registrations, closures, rating
 * and places changes) or, for a bad file, every row and column problem (nothing written).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CHANGE_KINDS, type ChangeKind } from '../../../app/directory/import-ofsted.ts';
import {
  OFSTED_IMPORT_JOB,
  OFSTED_UPLOAD_PURPOSE,
  type OfstedJobPayload,
  type OfstedJobResult,
  ofstedImportHandler,
} from '../../../app/directory/ofsted-import-job.ts';
import { changesOfImport, importsOf } from '../../../db/queries/directory-ofsted.ts';
import { findJob } from '../../../db/queries/jobs.ts';
import { storeUpload } from '../../../db/queries/uploads.ts';
import { withTenant } from '../../../db/tenant.ts';
import { OFSTED_RATINGS, type OfstedRating } from '../../../domain/shared/codes.ts';
import { formatLongDate } from '../../../domain/shared/dates.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { referenceData } from '../../../reference/reference-data.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { readUpload } from '../../http/uploads.ts';
import { addNavItem } from '../../nav.ts';

export const IMPORTER_ROLES = ['hub-analyst', 'commissioner'] as const;
const importers = { preHandler: requireAuth({ roles: IMPORTER_ROLES }) };
const MAX_BYTES = 25 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const rating = (r: unknown) =>
  typeof r === 'string' ? (OFSTED_RATINGS[r as OfstedRating] ?? r) : 'no rating';
const day = (d: unknown) => (typeof d === 'string' && d ? formatLongDate(d) : 'date not given');

/** One sentence per change, for the result page. */
export function describeChange(kind: ChangeKind, d: Record<string, unknown>, laName: (c: string) => string) {
  switch (kind) {
    case 'registered':
    case 'reopened':
      return [
        d.laCode ? laName(String(d.laCode)) : null,
        typeof d.places === 'number' ? `${d.places} places` : null,
        d.rating ? rating(d.rating) : null,
      ]
        .filter(Boolean)
        .join(', ');
    case 'closed':
      return d.because === 'absent'
        ? 'Not in this complete list any more'
        : `Closed ${d.closedOn ? `on ${day(d.closedOn)}` : '(date not given)'}`;
    case 'status-changed':
      return `From ${d.from} to ${d.to}`;
    case 'rating-changed':
      return `From ${rating(d.from)} to ${rating(d.to)}${d.ratedOn ? ` (inspected ${day(d.ratedOn)})` : ''}`;
    case 'places-changed':
      return `From ${d.from ?? 'not given'} to ${d.to ?? 'not given'} places`;
    case 'details-changed': {
      const names: Record<string, string> = {
        name: 'name',
        laCode: 'local authority',
        postcodeDistrict: 'postcode district',
        registrationCategories: 'registration categories',
      };
      return `Changed: ${((d.fields as string[]) ?? []).map((f) => names[f] ?? f).join(', ')}`;
    }
  }
}

export default function register(app: FastifyInstance): void {
  const ref = referenceData();
  const laName = (code: string) => ref.las.get(code)?.name ?? code;
  addNavItem({ href: '/directory/ofsted', text: 'Ofsted import', roles: [...IMPORTER_ROLES], order: 25 });
  app.jobs.register(OFSTED_IMPORT_JOB, ofstedImportHandler(ref, app.config.today), {
    title: 'Import of an Ofsted provider list',
    resultPath: (job) => `/directory/ofsted/jobs/${job.id}`,
  });

  const showForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const rows = await withTenant(app.db, req.auth!.tenant, (trx) => importsOf(trx, req.auth!.user.orgId));
    const imports = rows.map((i) => ({
      ...i,
      changeLines: (Object.keys(CHANGE_KINDS) as ChangeKind[])
        .filter((k) => (i.counts[k] ?? 0) > 0)
        .map((k) => `${CHANGE_KINDS[k]}: ${i.counts[k]}`),
    }));
    return reply.page(
      'pages/ofsted/import.njk',
      { title: 'Import an Ofsted provider list', imports, ...extra },
      status,
    );
  };

  app.get('/directory/ofsted', importers, async (req, reply) => showForm(req, reply));

  app.post('/directory/ofsted', importers, async (req, reply) => {
    let file: Awaited<ReturnType<typeof readUpload>>;
    try {
      file = await readUpload(req, { maxBytes: MAX_BYTES, extensions: ['.csv', '.xlsx'] });
    } catch (err) {
      if (err instanceof DomainError && err.fieldErrors.length > 0) {
        return showForm(req, reply, { errors: formErrors(err.fieldErrors) }, 400);
      }
      throw err;
    }
    const absentMeansClosed = file.fields.absentMeansClosed === 'yes';
    const jobId = await withTenant(app.db, req.auth!.tenant, async (trx) => {
      const uploadId = await storeUpload(trx, req.auth!.tenant, {
        purpose: OFSTED_UPLOAD_PURPOSE,
        fileName: file.fileName,
        contentType: file.contentType,
        bytes: file.bytes,
      });
      const payload: OfstedJobPayload = { uploadId, fileName: file.fileName, absentMeansClosed };
      return app.jobs.enqueue(trx, req.auth!.tenant, OFSTED_IMPORT_JOB, { ...payload });
    });
    return reply.redirect(`/jobs/${jobId}`, 303);
  });

  app.get('/directory/ofsted/jobs/:jobId', importers, async (req, reply) => {
    const { jobId } = req.params as { jobId: string };
    const found = UUID.test(jobId)
      ? await withTenant(app.db, req.auth!.tenant, async (trx) => {
          const job = await findJob(trx, jobId);
          if (!job || job.kind !== OFSTED_IMPORT_JOB) return undefined;
          const result = job.result as OfstedJobResult | null;
          const changes =
            job.status === 'succeeded' && result?.status === 'imported'
              ? await changesOfImport(trx, result.summary.importId)
              : [];
          return { job, result, changes };
        })
      : undefined;
    if (!found) notFound('import');
    const { job, result, changes } = found;
    if (job.status !== 'succeeded' || !result) return reply.redirect(`/jobs/${job.id}`, 303);
    if (result.status === 'refused') {
      return reply.page('pages/ofsted/result.njk', {
        title: 'The file was not imported',
        refused: true,
        fileName: result.fileName,
        problems: result.errors,
      });
    }
    const groups = (Object.keys(CHANGE_KINDS) as ChangeKind[])
      .map((kind) => ({
        kind,
        label: CHANGE_KINDS[kind],
        count: result.summary.counts[kind] ?? 0,
        changes: changes
          .filter((c) => c.kind === kind)
          .map((c) => ({ ...c, text: describeChange(kind, c.detail, laName) })),
      }))
      .filter((g) => g.count > 0);
    return reply.page('pages/ofsted/result.njk', {
      title: 'Ofsted provider list imported',
      refused: false,
      fileName: result.fileName,
      summary: result.summary,
      groups,
      shown: changes.length,
      total: Object.values(result.summary.counts).reduce((a, b) => a + b, 0),
    });
  });
}
