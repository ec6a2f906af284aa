/**
 * The one place domain error codes become HTTP statuses, for pages and for the API alike.
 * API errors have one shape: { error: { code, message, fields?: [{ field, message, row? }] } }.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Cancelled } from '../../db/tenant.ts';
import { DomainError, type DomainErrorCode, type FieldError } from '../../domain/shared/errors.ts';
import { isApi, rejectCsrf } from './auth.ts';
import { CsrfError, FileTooLargeError } from './uploads.ts';

export const STATUS: Record<DomainErrorCode, number> = {
  validation: 400,
  'not-found': 404,
  conflict: 409,
  'bed-unavailable': 409,
  forbidden: 403,
  unprocessable: 422,
};

export function notFound(what = 'page'): never {
  throw new DomainError('not-found', `No such ${what}`);
}

function sendApiError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  fields?: readonly FieldError[],
) {
  return reply.code(status).send({ error: { code, message, ...(fields?.length ? { fields } : {}) } });
}

/** PostgreSQL errors users can cause: said plainly, never revealing another organisation's rows. */
function databaseError(err: unknown): { status: number; code: string; message: string } | undefined {
  const code = (err as { code?: unknown })?.code;
  if (code === '23P01')
    return { status: 409, code: 'bed-unavailable', message: 'That bed is not free for those dates' };
  if (code === '23505') return { status: 409, code: 'conflict', message: 'That record already exists' };
  if (code === '23503')
    return { status: 400, code: 'validation', message: 'That refers to a record that does not exist' };
  if (code === '42501') return { status: 404, code: 'not-found', message: 'No such record' };
  if (code === '40001' || code === '40P01')
    return {
      status: 409,
      code: 'conflict',
      message: 'Someone else changed this at the same moment; try again',
    };
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof CsrfError) return rejectCsrf(req, reply);
    if (err instanceof Cancelled) {
      // The client went away: its transaction rolled back; 503 so an Idempotency-Key is released.
      req.log.info('client disconnected: the request stopped and nothing was committed');
      return reply.code(503).send({ error: { code: 'cancelled', message: err.message } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        field:
          [v.instancePath.replace(/^\//, '').replace(/\//g, '.')].filter(Boolean).join('.') ||
          err.validationContext ||
          'body',
        message: v.message ?? 'is not valid',
      }));
      const message = `The request has errors: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`;
      if (isApi(req)) return sendApiError(reply, 400, 'validation', message, fields);
      return reply.page('pages/error.njk', { title: 'There is a problem', message }, 400);
    }
    if (err instanceof DomainError) {
      const status = STATUS[err.code];
      if (isApi(req)) return sendApiError(reply, status, err.code, err.message, err.fieldErrors);
      return reply.page(
        'pages/error.njk',
        status === 404
          ? { title: 'Page not found', message: 'If you typed the web address, check it is correct.' }
          : { title: 'There is a problem', message: err.message, fieldErrors: err.fieldErrors },
        status,
      );
    }
    const db = databaseError(err);
    if (db) {
      if (isApi(req)) return sendApiError(reply, db.status, db.code, db.message);
      return reply.page('pages/error.njk', { title: 'There is a problem', message: db.message }, db.status);
    }
    if (err.statusCode && err.statusCode < 500) {
      const message =
        err.statusCode === 413 && !(err instanceof FileTooLargeError)
          ? 'The file or request is too large'
          : err.message;
      if (isApi(req)) return sendApiError(reply, err.statusCode, err.code ?? 'bad-request', message);
      return reply.page('pages/error.njk', { title: 'There is a problem', message }, err.statusCode);
    }
    req.log.error({ err }, 'unhandled error');
    if (isApi(req)) return sendApiError(reply, 500, 'internal', 'Something went wrong on our side');
    return reply.page(
      'pages/error.njk',
      {
        title: 'Sorry, there is a problem with the service',
        message: 'Try again later. Nothing you entered was half-saved.',
      },
      500,
    );
  });

  app.setNotFoundHandler(async (req, reply) => {
    if (isApi(req)) return sendApiError(reply, 404, 'not-found', 'No such resource');
    return reply.page(
      'pages/error.njk',
      { title: 'Page not found', message: 'If you typed the web address, check it is correct.' },
      404,
    );
  });
}
