import type { FastifyInstance, FastifyReply } from 'fastify';
import { ORG_KINDS, ROLES } from '../../domain/shared/codes.ts';
import { navFor } from '../nav.ts';
import { csrfTokenFor } from './auth.ts';

export const SERVICE_NAME = 'Sufficiency';
const FLASH_COOKIE = 'sufficiency_flash';

export interface Flash {
  title: string;
  text?: string;
}

/** Queues a success banner for the next page (the post/redirect/get pattern). */
export function flash(reply: FastifyReply, f: Flash): void {
  reply.setCookie(FLASH_COOKIE, Buffer.from(JSON.stringify(f)).toString('base64url'), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: reply.server.config.secureCookies,
    maxAge: 60,
  });
}

export function registerRender(app: FastifyInstance): void {
  app.decorateReply('page', function page(this: FastifyReply, template: string, context = {}, status = 200) {
    const req = this.request;
    const path = req.url.split('?')[0] ?? '/';
    let flashMessage: Flash | undefined;
    const raw = req.cookies[FLASH_COOKIE];
    if (raw) {
      try {
        flashMessage = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
      } catch {
        flashMessage = undefined;
      }
      this.clearCookie(FLASH_COOKIE, { path: '/' });
    }
    const user = req.auth?.user;
    const html = app.views.render(template, {
      serviceName: SERVICE_NAME,
      cspNonce: req.cspNonce,
      csrfToken: csrfTokenFor(req, this),
      currentPath: path,
      user: user
        ? { ...user, roleLabel: ROLES[user.role], orgKindLabel: ORG_KINDS[user.orgKind] }
        : undefined,
      nav: user ? navFor(user.role, path) : [],
      flash: flashMessage,
      ...context,
    });
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });
}
