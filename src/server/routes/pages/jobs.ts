import type { FastifyInstance } from 'fastify';
import { cancelJob, findJob } from '../../../db/queries/jobs.ts';
import { withTenant } from '../../../db/tenant.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { flash } from '../../http/render.ts';
import { presentJob } from '../../presenters/job.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function register(app: FastifyInstance): void {
  app.get('/jobs/:jobId', { preHandler: requireAuth() }, async (req, reply) => {
    const { jobId: id } = req.params as { jobId: string };
    const job = UUID.test(id)
      ? await withTenant(app.db, req.auth!.tenant, (trx) => findJob(trx, id))
      : undefined;
    if (!job) notFound('job');
    const view = presentJob(job, app.jobs.describe(job.kind));
    return reply.page('pages/job.njk', { title: view.title, job: view });
  });

  app.post('/jobs/:jobId/cancel', { preHandler: requireAuth() }, async (req, reply) => {
    const { jobId: id } = req.params as { jobId: string };
    const ok = UUID.test(id) && (await withTenant(app.db, req.auth!.tenant, (trx) => cancelJob(trx, id)));
    if (!ok) notFound('job');
    flash(reply, { title: 'Cancelled' });
    return reply.redirect(`/jobs/${id}`, 303);
  });
}
