/** /healthz, /api/docs, and the API's identity and job endpoints. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase } from '../../../db/queries/auth.ts';
import { findJob } from '../../../db/queries/jobs.ts';
import { withTenant } from '../../../db/tenant.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { presentJob } from '../../presenters/job.ts';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z
      .array(z.object({ field: z.string(), message: z.string(), row: z.number().optional() }))
      .optional(),
  }),
});

export const JobBody = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.number(),
  message: z.string(),
  error: z.string().nullable(),
  attempts: z.number(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  resultPath: z.string().nullable(),
});

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    await pingDatabase(app.db);
    return reply.send({ status: 'ok' });
  });

  api.get('/api/docs', { schema: { hide: true } }, async (req, reply) => {
    const doc = app.swagger();
    if ((req.headers.accept ?? '').includes('text/html')) {
      const paths = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
        Object.entries(ops as Record<string, { summary?: string; tags?: string[] }>).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? '',
          tag: op.tags?.[0] ?? 'General',
        })),
      );
      return reply.page('pages/api-docs.njk', { title: 'API', paths });
    }
    return reply.send(doc);
  });

  api.get(
    '/api/v1/me',
    {
      preHandler: requireAuth(),
      schema: {
        summary: 'Who you are signed in as, and the CSRF token to send with changes',
        tags: ['Account'],
        response: {
          200: z.object({
            user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() }),
            organisation: z.object({
              id: z.string(),
              name: z.string(),
              kind: z.string(),
              laCode: z.string().nullable(),
            }),
            csrfToken: z.string(),
          }),
          401: ErrorBody,
        },
      },
    },
    async (req) => {
      const { user, csrfToken } = req.auth!;
      return {
        user: { id: user.userId, email: user.email, name: user.displayName, role: user.role },
        organisation: { id: user.orgId, name: user.orgName, kind: user.orgKind, laCode: user.laCode },
        csrfToken,
      };
    },
  );

  api.get(
    '/api/v1/jobs/:jobId',
    {
      preHandler: requireAuth(),
      schema: {
        summary: 'A background job’s status and progress',
        tags: ['Jobs'],
        params: z.object({ jobId: z.uuid() }),
        response: { 200: JobBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const job = await withTenant(app.db, req.auth!.tenant, (trx) => findJob(trx, req.params.jobId));
      if (!job) notFound('job');
      return presentJob(job, app.jobs.describe(job.kind));
    },
  );
}
