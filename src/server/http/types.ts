import type { Kysely } from 'kysely';
import type nunjucks from 'nunjucks';
import type { LiveSession } from '../../app/auth/sessions.ts';
import type { JobRunner } from '../../app/jobs/runner.ts';
import type { DB } from '../../db/schema.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    config: Config;
    views: nunjucks.Environment;
    jobs: JobRunner;
    /** Every route registered (for the access-matrix tests). */
    routeList: Array<{ method: string; url: string }>;
  }
  interface FastifyRequest {
    /** The signed-in session, or null. Set for every non-static request. */
    auth: LiveSession | null;
    /** A session that has passed the password but not yet the second factor. */
    pendingSession: LiveSession | null;
    cspNonce: string;
  }
  interface FastifyReply {
    /** Renders a page template with the shared layout context. */
    page(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}
