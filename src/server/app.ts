/**
 * Builds the web application: pages and the JSON API over one database. Everything a request
 * needs arrives through `app` (db, config, views, jobs); nothing is a module-level singleton, so
 * tests build as many apps as they like.
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { JobRunner } from '../app/jobs/runner.ts';
import type { DB } from '../db/schema.ts';
import type { Config } from './config.ts';
import { registerAuth } from './http/auth.ts';
import { registerCancellation } from './http/cancellation.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { registerRender } from './http/render.ts';
import { registerSecurityHeaders } from './http/security.ts';
import './http/types.ts';
import { createViews, GOVUK_DIST } from './http/views.ts';
import { registerRoutes } from './routes/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const PUBLIC_DIR = join(here, '..', '..', 'public');
const require = createRequire(import.meta.url);
const LEAFLET_DIST = join(dirname(require.resolve('leaflet/package.json')), 'dist');

export interface RouteEntry {
  method: string;
  url: string;
}

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface AppOptions {
  db: Kysely<DB>;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  jobs?: JobRunner;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', opts.db);
  app.decorate('config', opts.config);
  app.decorate('views', createViews());
  app.decorate('jobs', opts.jobs ?? new JobRunner(opts.db, { leaseSeconds: opts.config.jobLeaseSeconds }));
  const routes: RouteEntry[] = [];
  app.decorate('routeList', routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });

  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Sufficiency API',
        version: '1',
        description:
          'JSON API beside the pages. Sign in through /sign-in (session cookie); send the x-csrf-token header from GET /api/v1/me on every POST, PUT, PATCH and DELETE.',
      },
    },
    transform: jsonSchemaTransform,
  });

  registerSecurityHeaders(app);
  registerRender(app);
  registerAuth(app);
  registerCancellation(app);
  registerIdempotency(app);
  registerErrorHandling(app);

  await app.register(fastifyStatic, {
    root: join(GOVUK_DIST, 'govuk', 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: join(GOVUK_DIST, 'govuk'),
    prefix: '/govuk/',
    decorateReply: false,
    allowedPath: (p) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(p),
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/public/',
    decorateReply: false,
    maxAge: '1h',
  });
  await app.register(fastifyStatic, {
    root: LEAFLET_DIST,
    prefix: '/leaflet/',
    decorateReply: false,
    allowedPath: (p) => /^\/(leaflet\.(js|css)|images\/.*\.png)$/.test(p),
    maxAge: '1d',
  });

  await registerRoutes(app);
  return app;
}
