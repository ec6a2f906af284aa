import type { FastifyInstance } from 'fastify';
import { otpauthUri } from '../../../app/auth/totp.ts';
import {
  confirmEnrolment,
  demoCode,
  disableTwoFactor,
  enrolmentSecret,
  verifySecondFactor,
} from '../../../app/auth/two-factor.ts';
import { DEMO_EMAIL_DOMAIN } from '../../../db/seed/demo-region.ts';
import { requireAuth } from '../../http/auth.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { safeNext } from './session.ts';

const WRONG =
  'Enter the 6-digit code from your authenticator app; codes change every 30 seconds and work once';

export default function register(app: FastifyInstance): void {
  const hint = async (userId: string) =>
    app.config.seedDemo ? demoCode(app.db, userId, DEMO_EMAIL_DOMAIN) : undefined;

  app.get('/sign-in/two-factor', async (req, reply) => {
    if (!req.pendingSession) return reply.redirect('/sign-in', 303);
    const { next } = req.query as { next?: string };
    return reply.page('pages/two-factor/verify.njk', {
      title: 'Enter your code',
      next: safeNext(next),
      demoCode: await hint(req.pendingSession.user.userId),
    });
  });

  app.post('/sign-in/two-factor', async (req, reply) => {
    const pending = req.pendingSession;
    if (!pending) return reply.redirect('/sign-in', 303);
    const { next } = req.query as { next?: string };
    const code = String((req.body as { code?: string })?.code ?? '');
    if (!(await verifySecondFactor(app.db, pending, code))) {
      return reply.page(
        'pages/two-factor/verify.njk',
        {
          title: 'Enter your code',
          next: safeNext(next),
          errors: formErrors([{ field: 'code', message: WRONG }]),
          demoCode: await hint(pending.user.userId),
        },
        400,
      );
    }
    return reply.redirect(safeNext(next), 303);
  });

  app.get('/account/two-factor', { preHandler: requireAuth() }, async (req, reply) => {
    const { user, totpEnabled } = req.auth!;
    const secret = totpEnabled ? null : await enrolmentSecret(app.db, user.userId);
    return reply.page('pages/two-factor/account.njk', {
      title: 'Two-factor authentication',
      enabled: totpEnabled,
      required: app.config.requireTotpFor.includes(user.role),
      secret,
      secretGroups: secret?.match(/.{1,4}/g)?.join(' '),
      uri: secret ? otpauthUri(secret, user.email) : undefined,
      demoCode: await hint(user.userId),
    });
  });

  app.post('/account/two-factor/enable', { preHandler: requireAuth() }, async (req, reply) => {
    const code = String((req.body as { code?: string })?.code ?? '');
    if (!(await confirmEnrolment(app.db, req.auth!, code))) {
      const secret = await enrolmentSecret(app.db, req.auth!.user.userId);
      return reply.page(
        'pages/two-factor/account.njk',
        {
          title: 'Two-factor authentication',
          enabled: false,
          required: app.config.requireTotpFor.includes(req.auth!.user.role),
          secret,
          secretGroups: secret?.match(/.{1,4}/g)?.join(' '),
          uri: secret ? otpauthUri(secret, req.auth!.user.email) : undefined,
          errors: formErrors([{ field: 'code', message: WRONG }]),
          demoCode: await hint(req.auth!.user.userId),
        },
        400,
      );
    }
    flash(reply, {
      title: 'Two-factor authentication is on',
      text: 'You will be asked for a code each time you sign in.',
    });
    return reply.redirect('/', 303);
  });

  app.post('/account/two-factor/disable', { preHandler: requireAuth() }, async (req, reply) => {
    if (app.config.requireTotpFor.includes(req.auth!.user.role)) {
      return reply.page(
        'pages/error.njk',
        { title: 'You cannot turn this off', message: 'Your role must use two-factor authentication.' },
        403,
      );
    }
    const code = String((req.body as { code?: string })?.code ?? '');
    if (!(await disableTwoFactor(app.db, req.auth!, code))) {
      return reply.page(
        'pages/two-factor/account.njk',
        {
          title: 'Two-factor authentication',
          enabled: true,
          required: false,
          errors: formErrors([{ field: 'code', message: WRONG }]),
        },
        400,
      );
    }
    flash(reply, { title: 'Two-factor authentication is off' });
    return reply.redirect('/account', 303);
  });
}
