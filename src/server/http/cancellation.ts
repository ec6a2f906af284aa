/**
 * Uploads stop when their client goes away. A multipart request (an upload, and any import that
 * runs inside the request) runs under a signal that fires when its connection closes before the
 * answer was sent; its tenant transactions then stop at their next statement and roll back
 * (`runCancellable` in src/db/tenant.ts), so nobody's abandoned import is half done or done
 * unseen. Other requests are short and are left alone.
 */
import type { FastifyInstance } from 'fastify';
import { runCancellable } from '../../db/tenant.ts';

export function registerCancellation(app: FastifyInstance): void {
  app.addHook('preHandler', (req, reply, done) => {
    if (!req.isMultipart()) return done();
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    runCancellable(gone.signal, done);
  });
}
