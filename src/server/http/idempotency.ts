/**
 * `Idempotency-Key` on API POST, PUT and PATCH requests. The first request with a key is recorded
 * (pending) before its handler runs and its answer stored after; a repeat with the same key and
 * body replays that answer (header `idempotent-replayed: true`); the same key with a different
 * body is refused (422); a repeat while the first is still running gets 409. Server errors (5xx)
 * release the key so the client may retry. Keys belong to the caller's organisation.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotencyKey,
  releaseIdempotencyKey,
} from '../../db/queries/idempotency.ts';
import { runCancellable, withTenant } from '../../db/tenant.ts';
import { isApi } from './auth.ts';

const METHODS = new Set(['POST', 'PUT', 'PATCH']);

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

function bodyHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

export function registerIdempotency(app: FastifyInstance): void {
  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !METHODS.has(req.method) || !isApi(req) || !req.auth) return;
    if (key.length < 1 || key.length > 200) {
      return reply.code(400).send({
        error: {
          code: 'validation',
          message: 'Idempotency-Key must be 1 to 200 characters',
          fields: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }],
        },
      });
    }
    const tenant = req.auth.tenant;
    const hash = bodyHash(req.body);
    const path = req.url.split('?')[0] ?? req.url;
    const outcome = await withTenant(app.db, tenant, async (trx) => {
      const inserted = await claimIdempotencyKey(trx, {
        orgId: tenant.orgId,
        key,
        userId: tenant.userId,
        method: req.method,
        path,
        bodySha256: hash,
      });
      if (inserted) return { kind: 'fresh' as const };
      const prior = await findIdempotencyKey(trx, key);
      return { kind: 'seen' as const, prior };
    });
    if (outcome.kind === 'fresh') {
      req.idempotencyKey = key;
      return;
    }
    const { prior } = outcome;
    if (prior.body_sha256 !== hash || prior.method !== req.method || prior.path !== path) {
      return reply.code(422).send({
        error: {
          code: 'idempotency-key-reused',
          message: 'This Idempotency-Key was used for a different request; use a new key',
        },
      });
    }
    if (prior.state === 'pending') {
      return reply.code(409).send({
        error: {
          code: 'in-progress',
          message:
            'A request with this Idempotency-Key is still in progress (or was interrupted); check before retrying',
        },
      });
    }
    reply.header('idempotent-replayed', 'true');
    if (prior.content_type) reply.type(prior.content_type);
    return reply.code(prior.status_code ?? 200).send(prior.response_body ?? '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const key = req.idempotencyKey;
    if (!key || !req.auth) return payload;
    const tenant = req.auth.tenant;
    // Recorded even when the client has gone (a cancelled upload's 503 releases its key).
    await runCancellable(undefined, () =>
      withTenant(app.db, tenant, async (trx) => {
        if (reply.statusCode >= 500) {
          await releaseIdempotencyKey(trx, key);
          return;
        }
        await completeIdempotencyKey(trx, key, {
          statusCode: reply.statusCode,
          contentType: String(reply.getHeader('content-type') ?? 'application/json'),
          responseBody:
            typeof payload === 'string'
              ? payload
              : Buffer.isBuffer(payload)
                ? payload.toString('utf8')
                : JSON.stringify(payload ?? null),
        });
      }),
    );
    return payload;
  });
}
