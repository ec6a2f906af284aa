/**
 * The directory over HTTP and the database (issue 5): a national-size directory (the generated
 * Ofsted list of about 3,000 children's homes imported through the import use case, with a bed per
 * registered place, about 15,000, plus availability confirmations, prices and memberships) in a
 * fresh database beside the demo region; the app listening on a random loopback port; 20 concurrent
 * autocannon clients, each signed in with a session of its own (the demo LAs' placement officers,
 * two sessions each), sending 10 s of filtered multi-point searches (needs, family and school
 * within 20 miles, a drawn area, vacancies only) to GET /api/v1/directory/search. Target: p95 under
 * 50 ms. On in-memory PGlite always, and on PostgreSQL when DATABASE_URL is set (a throwaway
 * database created and dropped here).
 *
 * What is cached: the directory snapshot (every listed home as the search reads it) in memory per
 * app, reused while `directory_version` is unchanged (one one-row read per request) and recounted
 * from the bed ledger at most every 30 s; each LA's contract memberships for 30 s; each session
 * for 1 s (SESSION_CACHE_MS), so a client's session is read about once a second.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { applyOfstedImport } from '../src/app/directory/import-ofsted.ts';
import { directoryCache } from '../src/app/directory/snapshot.ts';
import type { Database } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEMO_LAS, DEMO_PASSWORD, demoEmail } from '../src/db/seed/demo-region.ts';
import { seedDemo } from '../src/db/seed/seed-demo.ts';
import { withSystem } from '../src/db/tenant.ts';
import { importOfstedFile } from '../src/importers/ofsted/import-ofsted.ts';
import { referenceData } from '../src/reference/reference-data.ts';
import { buildApp } from '../src/server/app.ts';
import { configFromEnv } from '../src/server/config.ts';
import { generateOfstedList, listToCsv } from '../test/fixtures/ofsted/generate-list.ts';
import { type Measurement, onEachDatabase } from './lib.ts';

/**
 * The load generator runs in its own thread, so that parsing 20 clients' responses does not take
 * the server's thread: it reports every response's time (autocannon's histogram has no p95).
 */
const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require('autocannon');
const { cookies, ...opts } = workerData;
const times = [];
let errors = 0;
let requests = 0;
const runs = cookies.map((cookie) => new Promise((resolve, reject) => {
  const instance = autocannon({ ...opts, connections: 1, headers: { ...opts.headers, cookie } }, (err, result) => {
    if (err) reject(err); else { requests += result.requests.total; resolve(); }
  });
  instance.on('response', (_client, status, _bytes, ms) => { if (status === 200) times.push(ms); else errors++; });
}));
Promise.all(runs).then(
  () => parentPort.postMessage({ error: null, times, errors, requests }),
  (err) => parentPort.postMessage({ error: String(err), times, errors, requests }),
);
`;

/** One connection per cookie, all at once, for `duration` seconds. */
function load(opts: {
  url: string;
  cookies: string[];
  duration: number;
  headers: Record<string, string>;
  requests: { method: 'GET'; path: string }[];
}): Promise<{ times: number[]; errors: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOAD, { eval: true, workerData: opts });
    w.once('message', (m: { error: string | null; times: number[]; errors: number }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    w.once('error', reject);
  });
}

const TODAY = '2026-11-20';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
/** Results per search: a first page of results, as a placement officer reads them. */
const LIMIT = Number(process.env.BENCH_LIMIT ?? 20);

/** Family and school in one conurbation each, with an area drawn around them (40-sided). */
const SCENARIOS: { family: string; school: string; area: [number, number, number, number] }[] = [
  { family: 'M14 5', school: 'SK4 1', area: [-2.45, 53.3, -2.0, 53.6] },
  { family: 'B15 2', school: 'WS1 1', area: [-2.15, 52.35, -1.7, 52.7] },
  { family: 'LS6 1', school: 'BD1 1', area: [-1.9, 53.7, -1.4, 53.9] },
  { family: 'UB3 1', school: 'HA1 1', area: [-0.6, 51.4, -0.1, 51.7] },
  { family: 'NE1 1', school: 'SR1 1', area: [-1.8, 54.8, -1.3, 55.1] },
];

function drawnArea([x0, y0, x1, y1]: [number, number, number, number]) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const ring = Array.from({ length: 40 }, (_, i) => {
    const a = (2 * Math.PI * i) / 40;
    const wobble = 0.85 + 0.15 * Math.sin(5 * a);
    return [
      Number((cx + ((x1 - x0) / 2) * wobble * Math.cos(a)).toFixed(5)),
      Number((cy + ((y1 - y0) / 2) * wobble * Math.sin(a)).toFixed(5)),
    ];
  });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

function searchPaths(): string[] {
  return SCENARIOS.map((s) => {
    const p = new URLSearchParams({
      age: '14',
      sex: 'female',
      primaryNeed: 'ebd',
      familyPostcode: s.family,
      schoolPostcode: s.school,
      rule: 'within',
      withinMiles: '20',
      area: JSON.stringify(drawnArea(s.area)),
      vacanciesOnly: 'yes',
      limit: String(LIMIT),
    });
    p.append('risks', 'missing');
    p.append('risks', 'self-harm');
    return `/api/v1/directory/search?${p}`;
  });
}

/** The national list through the import use case, then beds, availability, prices, memberships. */
async function loadNationalDirectory(
  database: Database,
): Promise<{ homes: number; beds: number; seconds: number }> {
  const ref = referenceData();
  const t0 = performance.now();
  const bytes = listToCsv(generateOfstedList('la-list', 3_000, 2025, ref));
  const parsed = await importOfstedFile(bytes, { ref });
  if (!parsed.ok) throw new Error(`generated list refused: ${parsed.errors[0]?.message}`);
  await withSystem(database.db, (trx) =>
    applyOfstedImport(
      trx,
      { fileName: 'national.csv', bytes, kind: parsed.kind, records: parsed.records },
      { absentMeansClosed: false, today: TODAY, orgId: null, userId: null, ref },
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  await withSystem(database.db, async (trx) => {
    // A bed per registered place, and what providers keep for most homes.
    await sql`insert into bed (org_id, home_id, label)
      select h.org_id, h.id, 'Bed ' || g from home h, generate_series(1, h.registered_places) g
      where h.urn is not null and not exists (select 1 from bed b where b.home_id = h.id)`.execute(trx);
    await sql`insert into home_availability (org_id, home_id, vacancies, confirmed_on, confirmed_at)
      select org_id, id, (abs(hashtext(id::text)) % 3), ${TODAY}::date - (abs(hashtext(name)) % 12), now()
      from home where urn is not null and abs(hashtext(id::text)) % 10 < 7`.execute(trx);
    await sql`insert into home_price (org_id, home_id, weekly_pence, from_date)
      select org_id, id, 350000 + (abs(hashtext(id::text)) % 600000), date '2026-04-01'
      from home where urn is not null and abs(hashtext(name)) % 10 < 6`.execute(trx);
    await sql`insert into home_membership (org_id, home_id, kind, name, la_codes)
      select org_id, id, 'framework', 'Regional residential framework', array[la_code]
      from home where urn is not null and abs(hashtext(id::text)) % 10 = 0`.execute(trx);
  });
  if (database.kind === 'postgres') await sql`analyze`.execute(database.db);
  const count = async (table: 'home' | 'bed') =>
    Number(
      (await database.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
    );
  return { homes: await count('home'), beds: await count('bed'), seconds };
}

async function signInCookie(base: string, who: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const pre = /sufficiency_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `sufficiency_csrf=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email: demoEmail(who), password: DEMO_PASSWORD }).toString(),
  });
  const session = /sufficiency_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !session) throw new Error(`sign-in as ${who} failed: ${res.status}`);
  return `sufficiency_session=${session}`;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** For profiling: called around the timed load. */
export const hooks: { beforeLoad?: () => Promise<void>; afterLoad?: () => Promise<void> } = {};

export async function measure(database: Database, label: string): Promise<Measurement[]> {
  await migrateToLatest(database.db);
  await seedDemo(database.db);
  const loaded = await loadNationalDirectory(database);
  const config = { ...configFromEnv({ TODAY, REQUIRE_TOTP_FOR: '' }), runJobs: false, logLevel: 'error' };
  const app = await buildApp({ db: database.db, config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const officers = DEMO_LAS.map((la) => `officer.${la.slug}`);
    const cookies: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++)
      cookies.push(await signInCookie(base, officers[i % officers.length]!));
    const cookie = cookies[0]!;
    const paths = searchPaths();
    const headers = { cookie, accept: 'application/json' };

    // First search: loads the snapshot.
    const c0 = performance.now();
    const first = await fetch(`${base}${paths[0]}`, { headers });
    if (first.status !== 200) throw new Error(`search answered ${first.status}: ${await first.text()}`);
    const cold = performance.now() - c0;
    let matched = 0;
    for (const p of paths) {
      const res = await fetch(`${base}${p}`, { headers });
      matched += ((await res.json()) as { matched: number }).matched;
    }

    // One client alone: the cost of a search without queueing behind others.
    const single: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}${paths[i % paths.length]}`, { headers });
      await res.arrayBuffer();
      single.push(performance.now() - t0);
    }
    single.sort((a, b) => a - b);

    await hooks.beforeLoad?.();
    const result = await load({
      url: base,
      cookies,
      duration: DURATION_S,
      headers: { accept: 'application/json' },
      requests: paths.map((path) => ({ method: 'GET' as const, path })),
    });
    const { times, errors } = result;
    await hooks.afterLoad?.();
    times.sort((a, b) => a - b);
    const loads = directoryCache(database.db).loads;
    const note = `${loaded.homes} homes, ${loaded.beds} beds; ${CONNECTIONS} clients (own sessions) for ${DURATION_S} s, ${times.length} searches of ${LIMIT} results, ${errors} errors; ${Math.round(matched / paths.length)} matches per search; ${loads} snapshot loads`;
    return [
      {
        name: `${label}: filtered multi-point search over HTTP, p95`,
        value: percentile(times, 0.95),
        unit: 'ms',
        target: 50,
        note,
      },
      { name: `${label}: the same, median`, value: percentile(times, 0.5), unit: 'ms' },
      { name: `${label}: the same, throughput`, value: times.length / DURATION_S, unit: 'req/s' },
      { name: `${label}: one client alone, median`, value: percentile(single, 0.5), unit: 'ms' },
      { name: `${label}: one client alone, p95`, value: percentile(single, 0.95), unit: 'ms' },
      { name: `${label}: first search (loads the directory snapshot)`, value: cold, unit: 'ms' },
      {
        name: `${label}: import of the national Ofsted list (3,000 homes) into the database`,
        value: loaded.seconds,
        unit: 's',
      },
    ];
  } finally {
    await app.close();
  }
}

export default async function bench(): Promise<Measurement[]> {
  return onEachDatabase('directory', 10, (database, label) => measure(database, label));
}
