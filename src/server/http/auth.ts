/**
 * Binds every request to its session (or none) and checks CSRF tokens on every state-changing
 * request. Pages get a redirect to sign in; the API gets 401. Role gates give 403 whatever the
 * record, so they reveal nothing about other organisations' data (records themselves 404).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newToken, SESSION_COOKIE, SessionCache } from '../../app/auth/sessions.ts';
import type { OrgKind, Role } from '../../domain/shared/codes.ts';

export const PRE_CSRF_COOKIE = 'sufficiency_csrf';
const STATIC_PREFIXES = [
  '/assets/',
  '/public/',
  '/stylesheets/',
  '/javascripts/',
  '/healthz',
  '/favicon.ico',
];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a user who must set up a second factor can still reach. */
const ENROLMENT_PATHS = ['/account/two-factor', '/sign-out', '/accessibility', '/privacy'];

export function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('pendingSession', null);
  const sessions = new SessionCache(app.config.session);
  app.addHook('onRequest', async (req, reply) => {
    if (STATIC_PREFIXES.some((p) => req.url.startsWith(p))) return;
    const live = (await sessions.resume(app.db, req.cookies[SESSION_COOKIE])) ?? null;
    if (live?.secondFactor === 'pending') {
      req.pendingSession = live;
      return;
    }
    req.auth = live;
    // Roles that must have a second factor set one up before anything else.
    if (live && !live.totpEnabled && app.config.requireTotpFor.includes(live.user.role)) {
      const path = req.url.split('?')[0] ?? '';
      if (!ENROLMENT_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) {
        if (isApi(req)) {
          return reply.code(403).send({
            error: {
              code: 'second-factor-required',
              message: 'Set up two-factor authentication at /account/two-factor first',
            },
          });
        }
        return reply.redirect('/account/two-factor', 303);
      }
    }
  });
  // CSRF: after body parsing, before handlers. Multipart forms check their own first field.
  app.addHook('preHandler', async (req, reply) => {
    if (SAFE_METHODS.has(req.method) || req.isMultipart()) return;
    const sent = csrfFrom(req);
    const session = req.auth ?? req.pendingSession;
    const expected = session ? session.csrfToken : req.cookies[PRE_CSRF_COOKIE];
    if (!expected || !sent || !sameToken(sent, expected)) {
      return rejectCsrf(req, reply);
    }
  });
}

export function csrfFrom(req: FastifyRequest): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : undefined;
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function rejectCsrf(req: FastifyRequest, reply: FastifyReply) {
  if (isApi(req)) {
    return reply.code(403).send({
      error: {
        code: 'csrf',
        message: 'Missing or wrong CSRF token: send the x-csrf-token header from GET /api/v1/me',
      },
    });
  }
  return reply.page(
    'pages/error.njk',
    {
      title: 'Your form has expired',
      message:
        'For your security, forms expire when you sign out or after some time. Go back, refresh the page and try again.',
    },
    403,
  );
}

/** The CSRF token a page's forms carry: the session's, or a pre-session cookie's (sign-in). */
export function csrfTokenFor(req: FastifyRequest, reply: FastifyReply): string {
  if (req.auth) return req.auth.csrfToken;
  if (req.pendingSession) return req.pendingSession.csrfToken;
  let token = req.cookies[PRE_CSRF_COOKIE];
  if (!token) {
    token = newToken();
    reply.setCookie(PRE_CSRF_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.server.config.secureCookies,
    });
  }
  return token;
}

export interface Access {
  roles?: readonly Role[];
  orgKinds?: readonly OrgKind[];
}

/** preHandler: must be signed in (and hold one of the roles / organisation kinds, if given). */
export function requireAuth(access: Access = {}) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.auth) {
      if (isApi(req))
        return reply.code(401).send({ error: { code: 'unauthenticated', message: 'Sign in first' } });
      const next = encodeURIComponent(req.url);
      return reply.redirect(`/sign-in?next=${next}`, 303);
    }
    const { role, orgKind } = req.auth.user;
    const roleOk = !access.roles || access.roles.includes(role);
    const kindOk = !access.orgKinds || access.orgKinds.includes(orgKind);
    if (!roleOk || !kindOk) {
      if (isApi(req)) {
        return reply.code(403).send({ error: { code: 'forbidden', message: 'Your role cannot use this' } });
      }
      return reply.page(
        'pages/error.njk',
        {
          title: 'You cannot use this page',
          message: 'Your role does not include this part of Sufficiency.',
        },
        403,
      );
    }
  };
}
