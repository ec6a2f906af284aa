/**
 * Hostile uploads on every upload endpoint, over HTTP: zip bombs (a sheet compressed ~1,000 to 1,
 * 512 MB of zeros in half a megabyte, a part that lies about its size), an archive declaring 4 GB,
 * one with thousands of parts, a bomb nested inside a workbook, and a file one byte past the
 * endpoint's limit. Each is refused with a clear message (400 naming the file, or 413), nothing is
 * stored in `upload` nor anywhere else (every table counted, from the catalog), and the process's
 * memory stays bounded (RSS grows by far less than any bomb would inflate to).
 *
 * The endpoints are listed below, and the list is checked against the source: every route whose
 * handler reads a multipart body, and every page form with enctype="multipart/form-data", must be
 * in it, so a new upload endpoint fails this test until it is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { grown, pageText, tableCounts, uploadFile } from '../corpus/db.ts';
import { workbookSkeleton, type ZipPart, zip } from '../corpus/zip.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const ROOT = join(import.meta.dirname, '..', '..');
const MB = 2 ** 20;

interface UploadRoute {
  method: 'POST';
  url: string;
  user: string;
  /** The endpoint's size limit (bytes). */
  maxBytes: number;
  field?: string;
  api?: boolean;
  /** Only CSV accepted: an .xlsx is refused by its name before anything else. */
  csvOnly?: boolean;
  fields?: Record<string, string>;
  /** The URL with its ids, made by the setup (a tender, a dataset). */
  path: (s: Session) => Promise<string>;
}

const UPLOAD_ROUTES: UploadRoute[] = [
  {
    method: 'POST',
    url: '/directory/ofsted',
    user: 'analyst.hub',
    maxBytes: 25 * MB,
    path: async () => '/directory/ofsted',
  },
  {
    method: 'POST',
    url: '/referrals/import',
    user: 'officer.ealing',
    maxBytes: 5 * MB,
    path: async () => '/referrals/import',
  },
  {
    method: 'POST',
    url: '/api/v1/referrals/import',
    user: 'officer.ealing',
    maxBytes: 5 * MB,
    api: true,
    path: async () => '/api/v1/referrals/import',
  },
  {
    method: 'POST',
    url: '/tenders/:tenderId/bids/upload',
    user: 'analyst.hub',
    maxBytes: 5 * MB,
    path: async (s) => {
      const res = await s.post('/tenders/new', {
        reference: `UPL-${Math.random().toString(36).slice(2, 8)}`,
        name: 'Upload limits tender',
        lots: '1: Residential beds',
        criteria: 'Safeguarding, 40, 5\nOutcomes, 30, 5\nStaffing, 30, 5',
      });
      expect(res.statusCode).toBe(303);
      return `/tenders/${res.headers.location!.split('/').at(-1)}/bids/upload`;
    },
  },
  {
    method: 'POST',
    url: '/forecasting/datasets/:datasetId/files',
    user: 'commissioner.ealing',
    maxBytes: 50 * MB,
    field: 'files',
    csvOnly: true,
    fields: { year: '2024' },
    path: async (s) => {
      const res = await s.post('/forecasting/datasets', { name: 'Upload limits' });
      expect(res.statusCode).toBe(303);
      return `/forecasting/datasets/${res.headers.location!.split('/').at(-1)}/files`;
    },
  },
  {
    method: 'POST',
    url: '/api/v1/forecasting/datasets',
    user: 'commissioner.ealing',
    maxBytes: 50 * MB,
    field: 'files',
    csvOnly: true,
    api: true,
    fields: { name: 'Upload limits (API)', year: '2024' },
    path: async () => '/api/v1/forecasting/datasets',
  },
];

// ----- Finding upload endpoints in the source ------------------------------------------------

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : e.name.endsWith(ext) ? [join(dir, e.name)] : [],
  );
}

/** Routes whose handler reads a multipart body (the code between its registration and the next). */
function uploadRoutesInSource(): string[] {
  const found: string[] = [];
  for (const f of files(join(ROOT, 'src', 'server', 'routes'), '.ts')) {
    const src = readFileSync(f, 'utf8');
    const regs = [...src.matchAll(/\b\w+\.(post|put|patch)\(\s*[`'"]([^`'"]+)[`'"]/g)];
    regs.forEach((m, i) => {
      const body = src.slice(m.index, regs[i + 1]?.index ?? src.length);
      if (/readUpload\(|Upload\(req|\.parts\(|\.file\(\)|isMultipart\(/.test(body)) found.push(m[2]!);
    });
  }
  return found.sort();
}

/** Actions of page forms that send files. */
function multipartFormActions(): { template: string; action: string }[] {
  const out: { template: string; action: string }[] = [];
  for (const f of files(join(ROOT, 'src', 'server', 'views'), '.njk')) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/<form\b[^>]*>/g)) {
      if (!/multipart\/form-data/.test(m[0])) continue;
      const action = /action="([^"]*)"/.exec(m[0])?.[1] ?? '';
      out.push({ template: relative(ROOT, f), action });
    }
  }
  return out;
}

const matches = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/:\w+/g, '[^/]+')}$`).test(action.replace(/\{\{[^}]*\}\}/g, 'x'));

describe('every upload endpoint is listed', () => {
  it('lists every route that reads a multipart body, and every page form that sends a file', () => {
    const listed = UPLOAD_ROUTES.map((r) => r.url).sort();
    // Forecasting's endpoints are listed ahead of landing; every other listed one must be in the source.
    const inSource = uploadRoutesInSource();
    expect(inSource, 'add the new upload route to UPLOAD_ROUTES').toEqual(
      listed.filter((u) => inSource.includes(u) || !/forecasting/.test(u)),
    );
    for (const form of multipartFormActions()) {
      expect(
        listed.some((u) => matches(u, form.action)),
        `${form.template} posts a file to ${form.action}: add it to UPLOAD_ROUTES`,
      ).toBe(true);
    }
    // And each listed route is what the router serves (the forecasting one once it lands).
    for (const r of UPLOAD_ROUTES) {
      const served = t().app.routeList.some((x) => x.method === r.method && x.url === r.url);
      if (!/forecasting/.test(r.url)) expect(served, r.url).toBe(true);
    }
  });
});

// ----- The hostile files -----------------------------------------------------------------------

/** Deflates `megabytes` MB of zeros a megabyte at a time (never holding the whole). */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => z.on('end', resolve));
  const block = Buffer.alloc(MB);
  for (let i = 0; i < megabytes; i++) {
    if (!z.write(block)) await new Promise((resolve) => z.once('drain', resolve));
  }
  z.end();
  await done;
  return Buffer.concat(out);
}

interface Hostile {
  name: string;
  what: string;
  bytes: Buffer;
}

let hostile: Hostile[] = [];
const BOMB_MB = 512;

beforeAll(async () => {
  const zeros = await deflatedZeros(BOMB_MB);
  const sheet = (p: Partial<ZipPart>): ZipPart => ({
    name: 'xl/worksheets/sheet1.xml',
    data: Buffer.alloc(0),
    ...p,
  });
  const inner = zip([
    ...workbookSkeleton(),
    sheet({ raw: zeros, declaredSize: BOMB_MB * MB, data: Buffer.alloc(0) }),
  ]);
  hostile = [
    {
      name: 'ratio-bomb.xlsx',
      what: `a sheet of ${BOMB_MB} MB of zeros in ${Math.round(zeros.length / 1024)} KB`,
      bytes: zip([
        ...workbookSkeleton(),
        sheet({ raw: zeros, declaredSize: (BOMB_MB * MB) % 2 ** 32 || 2 ** 32 - 1 }),
      ]),
    },
    {
      name: 'lying-size.xlsx',
      what: `a part declaring 1 KB that inflates to ${BOMB_MB} MB`,
      bytes: zip([...workbookSkeleton(), sheet({ raw: zeros, declaredSize: 1_024 })]),
    },
    {
      name: 'declared-huge.xlsx',
      what: 'parts declaring 4 GB in all',
      bytes: zip([
        ...workbookSkeleton(),
        sheet({ data: Buffer.from('<worksheet/>'), declaredSize: 0xffff0000 }),
      ]),
    },
    {
      name: 'thousands-of-parts.xlsx',
      what: '5,000 parts',
      bytes: zip([
        ...workbookSkeleton(),
        ...Array.from({ length: 5_000 }, (_, i) => ({
          name: `xl/media/p${i}.bin`,
          data: Buffer.from(String(i)),
        })),
      ]),
    },
    {
      name: 'nested-bomb.xlsx',
      what: 'a workbook holding the bomb as an embedded archive',
      bytes: zip([
        ...workbookSkeleton(),
        { name: 'xl/embeddings/oleObject1.bin', data: inner, stored: true },
      ]),
    },
    {
      name: 'nested-bomb-renamed.xlsx',
      what: 'the bomb stored under an innocent part name',
      bytes: zip([...workbookSkeleton(), { name: 'xl/media/image1.png', data: inner, stored: true }]),
    },
  ];
}, 120_000);

describe('hostile uploads are refused before unpacking, and nothing is stored', () => {
  const rssGrowth: Record<string, number> = {};

  it.each(UPLOAD_ROUTES.map((r) => [r.url, r] as const))('%s', async (url, route) => {
    const app = t().app;
    if (!app.routeList.some((x) => x.method === route.method && x.url === url)) return; // not built yet
    const s = await signIn(app, route.user);
    const path = await route.path(s);
    const send = (name: string, bytes: Buffer) =>
      uploadFile(
        app,
        s,
        path,
        { name, bytes, ...(route.field ? { field: route.field } : {}) },
        route.fields ?? {},
        route.api ? { api: true } : {},
      );

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    for (const h of hostile) {
      const before = await tableCounts(t().database.db as never);
      const res = await send(h.name, h.bytes);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      expect(res.statusCode, `${url} ${h.name} (${h.what}): ${res.body.slice(0, 300)}`).toBe(400);
      const text = route.api ? JSON.stringify(res.json()) : pageText(res.body);
      expect(text, `${url} ${h.name}`).toContain(h.name);
      if (!route.csvOnly)
        expect(text).toMatch(
          /zip bomb|expands to|larger than it declares|parts; at most|embeds|another archive/,
        );
      expect(grown(before, await tableCounts(t().database.db as never)), `${url} ${h.name}`).toEqual({});
    }

    // One byte past the endpoint's limit: refused as it streams in (413), nothing stored.
    const before = await tableCounts(t().database.db as never);
    const big = Buffer.alloc(route.maxBytes + 1, 0x41);
    const res = await send(route.csvOnly ? 'too-big.csv' : 'too-big.xlsx', big);
    expect([400, 413], `${url} oversized: ${res.statusCode}`).toContain(res.statusCode);
    const text = route.api ? JSON.stringify(res.json()) : pageText(res.body);
    expect(text).toMatch(/too large|too-big/);
    if (res.statusCode === 413) expect(text, `${url} says the limit`).toMatch(/at most \d+(\.\d)? (MB|KB)/);
    expect(grown(before, await tableCounts(t().database.db as never)), `${url} oversized`).toEqual({});
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    rssGrowth[url] = Math.round((rssPeak - rssBefore) / MB);
    // The bombs inflate to 512 MB each; refused unread, the process grows by a small fraction of
    // that (the oversized file itself is up to 50 MB and is held by the test as well as the server).
    expect(rssPeak - rssBefore, `${url}: RSS grew by ${rssGrowth[url]} MB`).toBeLessThan(
      150 * MB + 2 * route.maxBytes,
    );
  });

  it('reports the memory growth per endpoint', () => {
    console.log(`upload refusals, RSS growth in MB per endpoint: ${JSON.stringify(rssGrowth)}`);
  });
});
