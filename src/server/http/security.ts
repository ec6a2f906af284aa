/**
 * Security headers on every response. Scripts run only from our own origin or with the
 * per-request nonce (the GOV.UK template's one inline line); nothing may frame our pages.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.decorateRequest('cspNonce', '');
  app.addHook('onRequest', async (req) => {
    req.cspNonce = randomBytes(16).toString('base64');
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header(
      'content-security-policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${req.cspNonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (app.config.secureCookies)
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (
      !reply.hasHeader('cache-control') &&
      !req.url.startsWith('/assets/') &&
      !req.url.startsWith('/public/')
    ) {
      reply.header('cache-control', 'no-store');
    }
  });
}
