import type { FastifyInstance } from 'fastify';
import { endSession, SESSION_COOKIE } from '../../../app/auth/sessions.ts';
import { signIn } from '../../../app/auth/sign-in.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import type { FieldError } from '../../../domain/shared/errors.ts';
import { formErrors } from '../../http/forms.ts';

/** Only same-site paths may be a `next` target (no open redirects). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
}

export default function register(app: FastifyInstance): void {
  app.get('/sign-in', async (req, reply) => {
    if (req.auth) return reply.redirect('/', 303);
    const { next } = req.query as { next?: string };
    return reply.page('pages/sign-in.njk', {
      title: 'Sign in',
      next: safeNext(next),
      values: {},
      demo: app.config.seedDemo,
    });
  });

  app.post('/sign-in', async (req, reply) => {
    const body = (req.body ?? {}) as { email?: string; password?: string };
    const { next } = req.query as { next?: string };
    const email = String(body.email ?? '').slice(0, 320);
    const password = String(body.password ?? '').slice(0, 1024);
    const errors: FieldError[] = [];
    if (!email.trim()) errors.push({ field: 'email', message: 'Enter your email address' });
    if (!password) errors.push({ field: 'password', message: 'Enter your password' });
    const again = (errs: FieldError[], status: number) =>
      reply.page(
        'pages/sign-in.njk',
        {
          title: 'Sign in',
          next: safeNext(next),
          values: { email },
          errors: formErrors(errs),
          demo: app.config.seedDemo,
        },
        status,
      );
    if (errors.length) return again(errors, 400);

    const result = await signIn(app.db, { email, password, ip: req.ip }, app.config.session);
    if (!result.ok) {
      const message =
        result.reason === 'invalid'
          ? 'Enter a correct email address and password'
          : `Too many failed attempts. Try again in ${result.retryAfterMinutes} minute${result.retryAfterMinutes === 1 ? '' : 's'}`;
      return again([{ field: 'email', message }], result.reason === 'invalid' ? 401 : 429);
    }
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: app.config.secureCookies,
      maxAge: app.config.session.hours * 3600,
    });
    if (result.needsSecondFactor) {
      return reply.redirect(`/sign-in/two-factor?next=${encodeURIComponent(safeNext(next))}`, 303);
    }
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/sign-out', async (req, reply) => {
    if (req.auth) {
      await appendAudit(app.db, req.auth.tenant, [
        { action: 'sign-out', entityType: 'user', entityId: req.auth.user.userId },
      ]);
    }
    await endSession(app.db, req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });
}
