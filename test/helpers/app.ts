/**
 * An app over a fresh test database, driven in-process with `inject` (no network), and signing in
 * as any demo user. Browser tests use `listen()` on a random port instead.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { DEMO_PASSWORD, demoEmail } from '../../src/db/seed/demo-region.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Config, configFromEnv } from '../../src/server/config.ts';
import { testDatabase } from './db.ts';

export const TEST_TODAY = '2026-11-20';

export function testConfig(overrides: Partial<Config> = {}): Config {
  // Two-factor sign-in is tested on its own (test/db/two-factor.test.ts); elsewhere it is off.
  return { ...configFromEnv({ TODAY: TEST_TODAY, REQUIRE_TOTP_FOR: '' }), runJobs: false, ...overrides };
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
}

export async function createTestApp(
  opts: { demo?: boolean; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const database = await testDatabase({ demo: opts.demo ?? true });
  const app = await buildApp({ db: database.db, config: testConfig(opts.config) });
  await app.ready();
  return { app, database };
}

/** Registers beforeAll/afterAll hooks and returns a getter for the app. */
export function useTestApp(opts: { demo?: boolean; config?: Partial<Config> } = {}): () => TestApp {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp(opts);
  });
  afterAll(async () => {
    await t?.app.close();
    await t?.database.close();
  });
  return () => {
    if (!t) throw new Error('test app not ready');
    return t;
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, form: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
  api(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

/** Signs in through the real sign-in form and returns a client bound to that session. */
export async function signIn(
  app: FastifyInstance,
  local: string,
  password = DEMO_PASSWORD,
): Promise<Session> {
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  const pre = cookieValue(form, 'sufficiency_csrf');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const email = local.includes('@') ? local : demoEmail(local);
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: `sufficiency_csrf=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`sign-in as ${email} failed: ${res.statusCode}`);
  const cookie = `sufficiency_session=${cookieValue(res, 'sufficiency_session')}`;
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  const csrf = (me.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrf,
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
    post: (url, form) => {
      const body = new URLSearchParams();
      body.append('_csrf', csrf);
      for (const [k, v] of Object.entries(form))
        for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      return app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      });
    },
    api: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrf, accept: 'application/json' },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

export function cookieValue(res: LightMyRequestResponse, name: string): string {
  const c = res.cookies.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} cookie`);
  return c.value;
}
