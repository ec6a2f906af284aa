/**
 * Canary scan: every organisation gets private marker strings (a person's name, and for LAs a
 * child's reference and a draft referral's pen portrait). Then, as each kind of user, a crawler
 * follows every link it can reach from the home page (so record pages are reached through real
 * links, as a person would), downloads every export it finds, and scans pages, files and the
 * server's log for any other organisation's markers. New pages are covered as soon as a link leads
 * to them.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Session, signIn, testConfig } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

const VIEWERS = [
  'officer.ealing',
  'commissioner.ealing',
  'admin.ealing',
  'analyst.hub',
  'admin.hub',
  'manager.elmtree',
];
const MAX_PAGES = 400;
/** Pages of one shape (same path with ids and numbers replaced, same query keys) to visit. */
const PER_SHAPE = 3;
const SKIP = [/^\/sign-out/, /^\/account\/sign-out/, /\/cancel$/, /^\/api\/docs/];

let database: Database;
let app: FastifyInstance;
let logs = '';
/** marker → the organisation it belongs to */
const markers = new Map<string, string>();

beforeAll(async () => {
  database = await testDatabase({ demo: true });
  const db = database.db;
  const orgs = await db.selectFrom('organisation').select(['id', 'kind', 'name']).execute();
  for (const org of orgs) {
    const mark = () => {
      const m = `CANARY${randomBytes(5).toString('hex').toUpperCase()}`;
      markers.set(m, org.id);
      return m;
    };
    await db
      .insertInto('app_user')
      .values({
        org_id: org.id,
        email: `canary-${org.id}@example.org`,
        display_name: mark(),
        role: 'admin',
        password_hash: 'x',
      })
      .execute();
    if (org.kind === 'local-authority') {
      const child = await db
        .insertInto('child')
        .values({
          org_id: org.id,
          child_ref: mark(),
          sex: 'female',
          born_in: '2012-03-01',
          primary_need: 'ebd',
          home_postcode_sector: 'W5 3',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // A live referral shaped like the ones the pathway stores (copied from one of the LA's own).
      const model = await db
        .selectFrom('referral')
        .select(['needed_by', 'latest_start', 'profile', 'requirements', 'submitted_at'])
        .where('org_id', '=', org.id)
        .where('status', '=', 'searching')
        .executeTakeFirst();
      if (model) {
        await db
          .insertInto('referral')
          .values({
            org_id: org.id,
            child_id: child.id,
            reference: mark(),
            status: 'searching',
            needed_by: model.needed_by,
            latest_start: model.latest_start,
            profile: JSON.stringify(model.profile),
            requirements: JSON.stringify(model.requirements),
            pen_portrait: `Enjoys drawing. ${mark()}`,
            submitted_at: model.submitted_at ?? new Date(),
          })
          .execute();
      }
    }
  }
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  app = await buildApp({ db, config: testConfig(), logger: { level: 'info', stream: sink } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function leaks(text: string, viewerOrg: string): string[] {
  const found: string[] = [];
  for (const [m, owner] of markers) if (owner !== viewerOrg && text.includes(m)) found.push(m);
  return found;
}

async function xlsxText(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.text ?? '')))));
  return out.join('\n');
}

async function crawl(s: Session, orgId: string): Promise<{ visited: number; problems: string[] }> {
  const queue = ['/', '/api/v1/me'];
  const seen = new Set(queue);
  const shapes = new Map<string, number>();
  const problems: string[] = [];
  let visited = 0;
  while (queue.length > 0 && visited < MAX_PAGES) {
    const url = queue.shift()!;
    const res = await s.get(url, { accept: url.startsWith('/api/') ? 'application/json' : 'text/html' });
    visited++;
    const type = String(res.headers['content-type'] ?? '');
    const body = type.includes('spreadsheetml') ? await xlsxText(res.rawPayload) : res.body;
    for (const m of leaks(body, orgId)) problems.push(`${url} shows ${m} of organisation ${markers.get(m)}`);
    if (res.statusCode >= 500) problems.push(`${url} answered ${res.statusCode}`);
    if (!type.includes('text/html')) continue;
    for (const [, href] of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
      const link = href!.replace(/&amp;/g, '&');
      if (
        link.startsWith('/public/') ||
        link.startsWith('/assets/') ||
        link.startsWith('/govuk/') ||
        link.startsWith('/leaflet/')
      )
        continue;
      if (SKIP.some((r) => r.test(link)) || seen.has(link)) continue;
      seen.add(link);
      const shape = shapeOf(link);
      const n = shapes.get(shape) ?? 0;
      if (n >= PER_SHAPE) continue;
      shapes.set(shape, n + 1);
      queue.push(link);
    }
  }
  return { visited, problems };
}

/** A URL's kind: ids and numbers become placeholders; query values are dropped, keys kept. */
function shapeOf(link: string): string {
  const [path = '', query = ''] = link.split('?');
  const p = path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\d+/g, ':n');
  const keys = [...new URLSearchParams(query).keys()].sort().join('&');
  return keys ? `${p}?${keys}` : p;
}

describe('canary scan', () => {
  it('never shows one organisation’s private strings to another, in pages, exports or logs', async () => {
    const all: string[] = [];
    for (const viewer of VIEWERS) {
      const s = await signIn(app, viewer);
      const me = (await s.get('/api/v1/me')).json() as { organisation: { id: string } };
      logs = '';
      const { visited, problems } = await crawl(s, me.organisation.id);
      expect(visited, `${viewer} reached pages`).toBeGreaterThan(3);
      if (process.env.CANARY_VERBOSE) console.log(`${viewer}: ${visited} pages`);
      all.push(...problems.map((p) => `${viewer}: ${p}`));
      for (const m of leaks(logs, me.organisation.id)) all.push(`${viewer}: the log shows ${m}`);
    }
    expect(all).toEqual([]);
  });

  it('can catch a leak (the scan is not blind)', async () => {
    // The Ealing admin's own users page shows Ealing's canary user: a viewer from another
    // organisation scanning that same text must be reported.
    const s = await signIn(app, 'admin.ealing');
    const page = await s.get('/admin/users');
    const ealing = (await s.get('/api/v1/me')).json().organisation.id as string;
    const otherOrg = [...markers.values()].find((o) => o !== ealing)!;
    expect(leaks(page.body, ealing)).toEqual([]);
    expect(leaks(page.body, otherOrg).length).toBeGreaterThan(0);
  });
});
