/**
 * Broken files through the database paths that import them, over HTTP as a browser sends them:
 * the Ofsted import job (/directory/ofsted), the Placements Data Standard import job (page and API),
 * tender bids (/tenders/:tenderId/bids/upload) and, where the route exists, the SSDA903 files of a
 * forecasting dataset. For a sample of at least 20 corpus files per path, the person is shown the
 * row and field, and no table gained a row: every table of the schema is counted before and after
 * (enumerated from the catalog). The Ofsted and Placements Data Standard imports are jobs, so a
 * refused file leaves exactly its own record (the stored upload the job read and the job holding
 * the refusal) and nothing else; an archive the upload check refuses leaves nothing at all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { grown, pageText, tableCounts, uploadFile } from '../corpus/db.ts';
import { buildCorpus, type CorpusFile, type ImporterName, SSDA903_GOOD } from '../corpus/generate.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const corpus = await buildCorpus();

/** At least `n` files of an importer, spread over its mutation classes (deterministic). */
function sample(
  importer: ImporterName,
  n: number,
  keep: (f: CorpusFile) => boolean = () => true,
): CorpusFile[] {
  const mine = corpus.filter((f) => f.importer === importer && keep(f));
  const stride = Math.max(1, Math.floor(mine.length / n));
  const picked = mine.filter((_, i) => i % stride === 0);
  // Every mutation class at least once.
  for (const m of new Set(mine.map((f) => f.mutation))) {
    if (!picked.some((f) => f.mutation === m)) picked.push(mine.find((f) => f.mutation === m)!);
  }
  return picked;
}

const baseName = (f: CorpusFile) => f.name.split('/').at(-1)!;
const db = () => t().database.db as never;

/** What the person must read: the row and the field, or for a whole-file problem what is wrong. */
function expectNamed(text: string, f: CorpusFile, rowText: (row: number, field: string) => string) {
  const x = f.expect;
  if (x.row !== undefined && x.field !== 'file') expect(text, f.name).toContain(rowText(x.row, x.field));
  else if (x.message) expect(text, f.name).toMatch(x.message);
  else expect(text, f.name).toContain(x.field);
}

describe('broken files write nothing through the database paths', () => {
  let hub: Session;
  let officer: Session;
  let tenderId: string;

  beforeAll(async () => {
    hub = await signIn(t().app, 'analyst.hub');
    officer = await signIn(t().app, 'officer.ealing');
    const res = await hub.post('/tenders/new', {
      reference: 'BAD-INPUT-1',
      name: 'Bad input tender',
      lots: '1: Residential beds\n2: Solo and complex',
      criteria: 'Safeguarding, 40, 5\nOutcomes, 30, 5\nStaffing, 30, 5',
    });
    expect(res.statusCode).toBe(303);
    tenderId = res.headers.location!.split('/').at(-1)!;
  });

  const ofstedFiles = sample('ofsted', 24);
  it(`Ofsted import job: ${ofstedFiles.length} broken files refused with row and column; only the upload and its job recorded`, async () => {
    for (const f of ofstedFiles) {
      const before = await tableCounts(db());
      const res = await uploadFile(t().app, hub, '/directory/ofsted', { name: baseName(f), bytes: f.bytes });
      if (res.statusCode === 400) {
        // Refused at the upload itself (a hostile archive): nothing stored at all.
        expect(f.mutation, `${f.name}: ${res.statusCode}`).toBe('archive');
        console.log('AT UPLOAD', f.name);
        expect(pageText(res.body)).toContain(baseName(f));
        expect(grown(before, await tableCounts(db())), f.name).toEqual({});
        continue;
      }
      expect(res.statusCode, `${f.name}: ${res.body.slice(0, 300)}`).toBe(303);
      const jobId = res.headers.location!.split('/').pop()!;
      while (await t().app.jobs.runOnce()) {}
      const job = (await hub.api('GET', `/api/v1/jobs/${jobId}`)).json() as { status: string };
      expect(job.status, f.name).toBe('succeeded');
      const page = await hub.get(`/directory/ofsted/jobs/${jobId}`);
      expect(page.statusCode).toBe(200);
      const text = pageText(page.body);
      expect(text).toContain('The file was not imported');
      expectNamed(text, f, (row, field) => `${row} ${field}`);
      expect(grown(before, await tableCounts(db())), f.name).toEqual({ upload: 1, job: 1 });
    }
  });

  const pdsFiles = sample('placements-standard', 30);
  it(`Placements Data Standard import job (page): ${pdsFiles.length} broken files refused with row and column; only the upload and its job recorded`, async () => {
    expect(pdsFiles.length).toBeGreaterThanOrEqual(30);
    for (const f of pdsFiles) {
      const before = await tableCounts(db());
      const res = await uploadFile(t().app, officer, '/referrals/import', {
        name: baseName(f),
        bytes: f.bytes,
      });
      if (res.statusCode === 400) {
        // Refused at the upload itself (a hostile archive): nothing stored at all.
        expect(f.mutation, `${f.name}: ${res.statusCode}`).toBe('archive');
        console.log('AT UPLOAD', f.name);
        expect(pageText(res.body)).toContain(baseName(f));
        expect(grown(before, await tableCounts(db())), f.name).toEqual({});
        continue;
      }
      expect(res.statusCode, `${f.name}: ${res.body.slice(0, 300)}`).toBe(303);
      const jobId = res.headers.location!.split('/').pop()!;
      while (await t().app.jobs.runOnce()) {}
      const job = (await officer.api('GET', `/api/v1/jobs/${jobId}`)).json() as { status: string };
      expect(job.status, f.name).toBe('succeeded');
      const page = await officer.get(`/referrals/import/${jobId}`);
      expect(page.statusCode).toBe(200);
      const text = pageText(page.body);
      expect(text).toContain('The file was not imported');
      expect(text).toContain('was saved');
      expectNamed(text, f, (row, field) => `Row ${row}, ${field}:`);
      expect(grown(before, await tableCounts(db())), f.name).toEqual({ upload: 1, job: 1 });
    }
  });

  const pdsApi = sample('placements-standard', 20, (f) => f.mutation !== 'header');
  it(`Placements Data Standard import job (API): ${pdsApi.length} broken files refused with located field errors; only the upload and its job recorded`, async () => {
    expect(pdsApi.length).toBeGreaterThanOrEqual(20);
    for (const f of pdsApi) {
      const before = await tableCounts(db());
      const res = await uploadFile(
        t().app,
        officer,
        '/api/v1/referrals/import',
        { name: baseName(f), bytes: f.bytes },
        {},
        { api: true },
      );
      if (res.statusCode === 400) {
        // Refused at the upload itself (a hostile archive), the file named: nothing stored at all.
        expect(f.mutation, `${f.name}: ${res.statusCode}`).toBe('archive');
        console.log('API AT UPLOAD', f.name);
        expect(JSON.stringify(res.json())).toContain(baseName(f));
        expect(grown(before, await tableCounts(db())), f.name).toEqual({});
        continue;
      }
      expect(res.statusCode, `${f.name}: ${res.body.slice(0, 300)}`).toBe(202);
      const { links } = res.json() as { links: { self: string } };
      while (await t().app.jobs.runOnce()) {}
      const outcome = await officer.api('GET', links.self);
      expect(outcome.statusCode).toBe(200);
      const result = outcome.json() as { status: string; outcome: string; errors: unknown[] };
      expect(result.status, f.name).toBe('succeeded');
      expect(result.outcome, f.name).toBe('refused');
      expect(result.errors.length, f.name).toBeGreaterThan(0);
      const body = JSON.stringify(result.errors);
      if (f.expect.row !== undefined) expect(body, f.name).toContain(`"row":${f.expect.row}`);
      expect(body, f.name).toContain(JSON.stringify(f.expect.field));
      expect(grown(before, await tableCounts(db())), f.name).toEqual({ upload: 1, job: 1 });
    }
  });

  const bidFiles = sample('tenders', 24);
  it(`Tender bids upload: ${bidFiles.length} broken files refused with row and column, nothing written`, async () => {
    for (const f of bidFiles) {
      const before = await tableCounts(db());
      const res = await uploadFile(t().app, hub, `/tenders/${tenderId}/bids/upload`, {
        name: baseName(f),
        bytes: f.bytes,
      });
      expect(res.statusCode, `${f.name}: ${res.body.slice(0, 200)}`).toBe(400);
      expectNamed(pageText(res.body), f, (row, field) => `Row ${row}, column “${field}”`);
      expect(grown(before, await tableCounts(db())), f.name).toEqual({});
    }
  });

  const ssdaFiles = sample('ssda903', 24);
  it(`SSDA903 import job of a forecasting dataset: ${ssdaFiles.length} broken returns refused with file, row and column; only the job and its audit entry recorded`, async (ctx) => {
    const app = t().app;
    if (
      !app.routeList.some((r) => r.method === 'POST' && r.url === '/forecasting/datasets/:datasetId/import')
    ) {
      ctx.skip(); // the forecasting pages are not in this build yet
    }
    const commissioner = await signIn(app, 'commissioner.ealing');
    const good = { header: SSDA903_GOOD.header(), episodes: SSDA903_GOOD.episodes() };
    for (const f of ssdaFiles) {
      const made = await commissioner.post('/forecasting/datasets', { name: `Bad input ${f.name}` });
      expect(made.statusCode, made.body.slice(0, 300)).toBe(303);
      const datasetId = made.headers.location!.split('/').at(-1)!;
      const files = f.part === 'header' ? { ...good, header: f.bytes } : { ...good, episodes: f.bytes };
      let refusedAtUpload = false;
      for (const kind of ['header', 'episodes'] as const) {
        const before = await tableCounts(db());
        const res = await uploadFile(
          app,
          commissioner,
          `/forecasting/datasets/${datasetId}/files`,
          { name: `${kind}.csv`, bytes: files[kind], field: 'files', contentType: 'text/csv' },
          { year: '2023' },
        );
        if (res.statusCode === 400) {
          // Refused as it arrived (an empty file): named, and nothing stored.
          expect(pageText(res.body), f.name).toContain(`${kind}.csv`);
          expect(grown(before, await tableCounts(db())), f.name).toEqual({});
          refusedAtUpload = true;
          break;
        }
        expect(res.statusCode, `${f.name}: ${res.body.slice(0, 300)}`).toBe(303);
      }
      if (refusedAtUpload) continue;
      const before = await tableCounts(db());
      const started = await commissioner.post(`/forecasting/datasets/${datasetId}/import`, {});
      expect(started.statusCode, started.body.slice(0, 300)).toBe(303);
      while (await app.jobs.runOnce()) {}
      // The job (holding the refusal) and the audit entry of starting an import of child-level data.
      expect(grown(before, await tableCounts(db())), f.name).toEqual({ job: 1, audit_event: 1 });
      const page = pageText((await commissioner.get(`/forecasting/datasets/${datasetId}`)).body);
      expectNamed(page, f, (row, field) => `${row} ${field}`);
    }
  });
});
