import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../../app/auth/sessions.ts';
import { revokeUserSessions } from '../../../db/queries/auth.ts';
import { requireAuth } from '../../http/auth.ts';
import { flash } from '../../http/render.ts';

export default function register(app: FastifyInstance): void {
  app.get('/account', { preHandler: requireAuth() }, async (_req, reply) =>
    reply.page('pages/account.njk', { title: 'Your account' }),
  );

  app.post('/account/sign-out-everywhere', { preHandler: requireAuth() }, async (req, reply) => {
    const n = await revokeUserSessions(app.db, req.auth!.user.userId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    flash(reply, { title: `Signed out of ${n} session${n === 1 ? '' : 's'}` });
    return reply.redirect('/sign-in', 303);
  });
}
