/**
 * The access matrix (test/db/isolation.test.ts) for the referral pathway's routes alone, so that a
 * missing fixture elsewhere cannot hide a leak here: every demo viewer asking for another
 * organisation's referral, copy, draft or notification gets exactly what a made-up id gets.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';
import { CANARY } from './fixtures/_world.ts';
import jobFixtures from './fixtures/jobs.ts';
import referralFixtures from './fixtures/referrals.ts';

// The import pages hand back a job id (/referrals/import/:jobId), so jobs are in the matrix too.
const fixtures = { ...referralFixtures, ...jobFixtures };

const t = useTestApp();
const VIEWERS = ['officer.ealing', 'commissioner.ealing', 'admin.ealing', 'analyst.hub', 'manager.elmtree'];
const MINE = /^\/(referrals|inbox|notifications|outcomes|api\/v1\/(referrals|inbox|notifications))(\/|$)/;

describe('the referral pathway’s routes', () => {
  const sessions = new Map<string, Session>();
  const foreign = new Map<string, string[]>();
  beforeAll(async () => {
    for (const v of VIEWERS) sessions.set(v, await signIn(t().app, v));
    for (const [param, make] of Object.entries(fixtures)) foreign.set(param, await make(t().database.db));
  });

  it('answer another organisation’s records exactly as records that do not exist', async () => {
    const routes = t().app.routeList.filter(
      (r) => MINE.test(r.url) && /:\w+/.test(r.url) && ['GET', 'POST'].includes(r.method),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const p of params) expect(foreign.has(p), `fixture for :${p}`).toBe(true);
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
          expect(res.body.replace(/nonce="[^"]*"/g, ''), label).toBe(
            missing.body.replace(/nonce="[^"]*"/g, ''),
          );
          expect(res.body).not.toContain(CANARY);
        }
      }
    }
  });
});
