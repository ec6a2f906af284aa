/**
 * Tenant isolation, route by route. Routes are enumerated from the router, so a new route is
 * covered the moment it exists: for every route with a record id in its path, every demo role
 * asks for records of organisations it must not see (in another region, and a neighbouring LA or
 * provider in its own), and must get exactly what a made-up id gets: the same status and body.
 * A route whose id parameter has no fixture in test/db/fixtures fails the test, so nobody forgets one.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importAll } from '../../src/modules.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';
import { CANARY, type Fixtures } from './fixtures/_world.ts';

const t = useTestApp();

const VIEWERS = [
  'officer.ealing',
  'commissioner.ealing',
  'admin.ealing',
  'analyst.hub',
  'admin.hub',
  'manager.elmtree',
];

const FIXTURES: Fixtures = Object.assign(
  {},
  ...(await importAll<{ default: Fixtures }>(join(import.meta.dirname, 'fixtures'))).map(
    (m) => m.module.default,
  ),
);

describe('tenant isolation on every route', () => {
  const sessions = new Map<string, Session>();
  const foreign = new Map<string, string[]>();

  beforeAll(async () => {
    for (const v of VIEWERS) sessions.set(v, await signIn(t().app, v));
    for (const [param, make] of Object.entries(FIXTURES)) foreign.set(param, await make(t().database.db));
  });

  it('has a fixture for every kind of record id in the routes', () => {
    const params = new Set(
      t().app.routeList.flatMap((r) => [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!)),
    );
    const missing = [...params].filter((p) => !FIXTURES[p]);
    expect(missing, 'add a foreign-record fixture for these route parameters').toEqual([]);
  });

  it('answers another organisation’s record exactly as it answers a record that does not exist', async () => {
    const routes = t().app.routeList.filter((r) => /:\w+/.test(r.url) && ['GET', 'POST'].includes(r.method));
    expect(routes.length).toBeGreaterThan(0);
    let checked = 0;
    for (const route of routes) {
      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const viewer of VIEWERS) {
        const s = sessions.get(viewer)!;
        const call = (url: string) =>
          route.method === 'GET' ? s.get(url, { accept: 'text/html' }) : s.post(url, {});
        const urlWith = (id: (p: string) => string) => route.url.replace(/:(\w+)/g, (_m, p: string) => id(p));
        const missing = await call(urlWith(() => randomUUID()));
        for (let i = 0; i < 3; i++) {
          const ids = Object.fromEntries(
            params.map((p) => [p, foreign.get(p)![i % foreign.get(p)!.length]!]),
          );
          const res = await call(urlWith((p) => ids[p]!));
          const label = `${viewer} ${route.method} ${route.url} with ${JSON.stringify(ids)}`;
          expect(res.statusCode, label).toBe(missing.statusCode);
          expect([403, 404], label).toContain(res.statusCode);
          expect(normalise(res.body), label).toBe(normalise(missing.body));
          expect(res.body).not.toContain(CANARY);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

/** Per-request values (script nonces) differ between any two responses; nothing else may. */
function normalise(body: string): string {
  return body.replace(/nonce="[^"]*"/g, 'nonce=""');
}
