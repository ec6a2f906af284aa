/**
 * Referrals in the Placements Data Standard layout: the LA's export (44 columns, audited), and the
 * import as a job: the upload is stored and a job queued (the page redirects to the job's progress,
 * the API answers 202), then the job imports the file all or nothing (ended referrals with their
 * agreed placements and outcomes; drafts for referrals without one; rows already recorded skipped)
 * and its result page says what was recorded or, for a refused file, names every problem's row and
 * column with nothing saved. The raw upload is deleted once imported and kept with a refusal.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JobContext, JobInterrupted } from '../../src/app/jobs/runner.ts';
import { PDS_IMPORT_JOB, pdsImportHandler } from '../../src/app/referrals/pds-import-job.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { PDS_COLUMNS } from '../../src/domain/referrals/pds-record.ts';
import { pageText, uploadFile } from '../corpus/db.ts';
import { type Session, signIn, TEST_TODAY, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
let s: Session;
const EXAMPLE = readFileSync(
  new URL('../../docs/examples/placements-standard/referrals-and-placements.csv', import.meta.url),
  'utf8',
);

/** A file of `rows` referrals without a placement (each becomes a draft), child IDs from `firstId`. */
function draftsFile(rows: number, firstId: number): string {
  const [header, first] = EXAMPLE.trim().split(/\r?\n/);
  const lines = [header!];
  for (let i = 0; i < rows; i++) lines.push(first!.replace(/^\d+/, String(firstId + i)));
  return `${lines.join('\r\n')}\r\n`;
}

const runJobs = async () => {
  while (await t().app.jobs.runOnce()) {}
};

/** Uploads through the page: the answer must be the redirect to the job's progress page. */
async function upload(fileName: string, text: string, as: Session = s) {
  const res = await uploadFile(t().app, as, '/referrals/import', {
    name: fileName,
    bytes: Buffer.from(text),
    contentType: 'text/csv',
  });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  expect(res.headers.location).toMatch(/^\/jobs\/[0-9a-f-]{36}$/);
  return res.headers.location!.split('/').at(-1)!;
}

/** Uploads, runs the job, follows the job page's link to the result page and returns its text. */
async function importThroughPage(fileName: string, text: string) {
  const jobId = await upload(fileName, text);
  await runJobs();
  const progress = await s.get(`/jobs/${jobId}`);
  expect(progress.statusCode).toBe(200);
  expect(progress.body).toContain('Import of referrals (Placements Data Standard)');
  expect(progress.body).toContain(`href="/referrals/import/${jobId}"`);
  const page = await s.get(`/referrals/import/${jobId}`);
  expect(page.statusCode, page.body.slice(0, 500)).toBe(200);
  return { jobId, html: page.body, text: pageText(page.body) };
}

async function count(table: 'referral' | 'referral_draft' | 'referral_outcome' | 'upload' | 'job') {
  return Number(
    (
      await t()
        .database.db.selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

async function counts() {
  return {
    referrals: await count('referral'),
    drafts: await count('referral_draft'),
    outcomes: await count('referral_outcome'),
  };
}

async function uploadOfJob(jobId: string) {
  const db = t().database.db;
  const job = await db.selectFrom('job').select('payload').where('id', '=', jobId).executeTakeFirstOrThrow();
  const uploadId = (job.payload as { uploadId: string }).uploadId;
  return db.selectFrom('upload').select('id').where('id', '=', uploadId).executeTakeFirst();
}

beforeAll(async () => {
  s = await signIn(t().app, 'officer.ealing');
});

describe('export', () => {
  it('writes the LA’s referrals in the 44 template columns, without officer names unless asked, and audits it', async () => {
    const res = await s.get('/referrals/export?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="Ealing-referrals-placements-data-standard-2026-11-20\.csv"/,
    );
    const lines = res.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe(PDS_COLUMNS.join(','));
    expect(lines.length).toBeGreaterThan(1);
    expect(res.body).toMatch(/EAL-\d+/);
    expect(res.body).not.toMatch(/BAR-\d+|BRE-\d+/);
    const xlsx = await s.get('/referrals/export?format=xlsx');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const audit = await t()
      .database.db.selectFrom('audit_event')
      .select('entity_id')
      .where('action', '=', 'export')
      .where('entity_type', '=', 'referral')
      .execute();
    const exported = lines.length - 1;
    expect(audit.length).toBe(2 * exported);
    expect(audit.every((a) => a.entity_id !== null)).toBe(true);
  });

  it('importing its own export records nothing twice', async () => {
    const before = await counts();
    const csv = (await s.get('/referrals/export?format=csv')).body;
    const rows = csv.trim().split(/\r?\n/).length - 1;
    const { text } = await importThroughPage('ealing.csv', csv);
    expect(text).toContain('Referrals imported');
    expect(text).toContain(`0 ended referrals with their placements recorded`);
    expect(text).toContain(`${rows} already recorded`);
    expect(await counts()).toEqual(before);
  });
});

describe('import', () => {
  it('the upload form says the file is imported in the background', async () => {
    const res = await s.get('/referrals/import');
    expect(res.statusCode).toBe(200);
    expect(pageText(res.body)).toContain('imported in the background');
  });

  it('refuses a file whose placed children are not the LA’s, naming them, and writes nothing', async () => {
    const before = await counts();
    const { jobId, html, text } = await importThroughPage('example.csv', EXAMPLE);
    expect(text).toContain('The file was not imported');
    expect(text).toContain('Nothing in example.csv was saved');
    expect(html).toContain('govuk-error-summary');
    expect(text).toContain('child_ID 100245, child_ID: 100245 is not one of your children');
    expect(await counts()).toEqual(before);
    // The refusal is kept with its upload (the row numbers refer to it); the form is there to try again.
    expect(await uploadOfJob(jobId)).toBeDefined();
    expect(html).toContain('action="/referrals/import"');
  });

  it('refuses a bad row naming its row and column, and writes nothing', async () => {
    const before = await counts();
    const bad = EXAMPLE.replace('100231,Today', '100231,Tomorrow');
    const { text } = await importThroughPage('bad.csv', bad);
    expect(text).toContain('The file was not imported');
    expect(text).toMatch(/Row 2, when_placement_is_needed_by:/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file of the wrong type at upload, before storing it or starting a job', async () => {
    const before = { upload: await count('upload'), job: await count('job') };
    const res = await uploadFile(t().app, s, '/referrals/import', {
      name: 'referrals.pdf',
      bytes: Buffer.from('%PDF-1.4'),
    });
    expect(res.statusCode).toBe(400);
    expect(pageText(res.body)).toContain('There is a problem');
    expect(pageText(res.body)).toMatch(/\.csv or \.xlsx/);
    expect({ upload: await count('upload'), job: await count('job') }).toEqual(before);
  });

  it('records placed rows as ended referrals with outcomes, and the others as drafts', async () => {
    const db = t().database.db;
    const ealing = await db
      .selectFrom('organisation')
      .select('id')
      .where('la_code', '=', '307')
      .executeTakeFirstOrThrow();
    const kids = await db
      .selectFrom('child')
      .select('child_ref')
      .where('org_id', '=', ealing.id)
      .orderBy('child_ref')
      .limit(5)
      .execute();
    let file = EXAMPLE;
    ['100231', '100245', '100262', '100270', '100288'].forEach((id, i) => {
      file = file.replaceAll(id, kids[i]!.child_ref);
    });
    const before = await counts();
    const { jobId, text } = await importThroughPage('ours.csv', file);
    expect(text).toContain('Referrals imported');
    expect(text).toContain('5 rows read from ours.csv');
    expect(text).toContain('3 ended referrals with their placements recorded');
    expect(text).toContain('2 referrals without a placement saved as drafts');
    expect(text).toContain('0 already recorded');
    const after = await counts();
    expect(after.referrals - before.referrals).toBe(3);
    expect(after.outcomes - before.outcomes).toBe(3);
    expect(after.drafts - before.drafts).toBe(2);
    // Imported, so the raw file (child-level answers) is gone, in the same transaction.
    expect(await uploadOfJob(jobId)).toBeUndefined();
    const imported = await db
      .selectFrom('referral')
      .innerJoin('child', 'child.id', 'referral.child_id')
      .select(['child.child_ref as ref', 'referral.status', 'referral.outcome', 'referral.imported'])
      .where('referral.imported', '=', true)
      .orderBy('child.child_ref')
      .execute();
    expect(imported.map((r) => [r.status, r.outcome])).toEqual(
      expect.arrayContaining([
        ['closed', 'placed-spot'],
        ['closed', 'placed-unregistered'],
      ]),
    );
    // Each created referral and draft is audited, and the import itself.
    const audited = await db
      .selectFrom('audit_event')
      .select(['entity_type', 'detail'])
      .where('action', '=', 'create')
      .where('entity_type', 'in', ['referral', 'referral-draft', 'referral-import'])
      .where('user_id', 'is not', null)
      .execute();
    expect(audited.filter((a) => a.entity_type === 'referral-import').at(-1)?.detail).toMatchObject({
      rows: 5,
      placed: 3,
      drafts: 2,
      skipped: 0,
    });
    // Again: everything is already recorded.
    const again = await importThroughPage('ours.csv', file);
    expect(again.text).toContain('5 already recorded');
    expect(await counts()).toEqual(after);
    // The drafts appear on the referrals page, marked as imported.
    expect(pageText((await s.get('/referrals')).body)).toContain('from an import');
    // And the export now carries the imported placement back out.
    const csv = (await s.get('/referrals/export?format=csv')).body;
    expect(csv).toContain('Unregistered');
    expect(csv).toContain('SC123456');
  });

  it('writes a file of several batches all or nothing, and skips it the second time', async () => {
    const before = await counts();
    const file = draftsFile(1_234, 900_000);
    const { text } = await importThroughPage('many.csv', file);
    expect(text).toContain('1,234 referrals without a placement saved as drafts');
    expect((await counts()).drafts - before.drafts).toBe(1_234);
    const again = await importThroughPage('many.csv', file);
    expect(again.text).toContain('1,234 already recorded');
    expect((await counts()).drafts - before.drafts).toBe(1_234);
  });

  it('shows the result only to the LA that imported it; before the job has finished it sends you to the progress', async () => {
    const jobId = await upload('pending.csv', draftsFile(3, 910_000));
    // Not run yet: the result page sends you to the job's progress.
    const early = await s.get(`/referrals/import/${jobId}`);
    expect(early.statusCode).toBe(303);
    expect(early.headers.location).toBe(`/jobs/${jobId}`);
    await runJobs();
    const brent = await signIn(t().app, 'officer.brent');
    const theirs = await brent.get(`/referrals/import/${jobId}`);
    const missing = await brent.get('/referrals/import/00000000-0000-4000-8000-000000000000');
    expect(theirs.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(pageText(theirs.body)).not.toContain('pending.csv');
    const apiTheirs = await brent.api('GET', `/api/v1/referrals/import/${jobId}`);
    expect(apiTheirs.statusCode).toBe(404);
    const commissioner = await signIn(t().app, 'commissioner.ealing');
    expect((await commissioner.get(`/referrals/import/${jobId}`)).statusCode).toBe(403);
  });
});

describe('the job', () => {
  /** Runs the handler with a stand-in context that records its progress reports. */
  async function runHandler(text: string, opts: { abortOnWrite?: boolean } = {}) {
    const db = t().database.db;
    const user = await db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'officer.ealing@demo.example')
      .executeTakeFirstOrThrow();
    const tenant = (await jobTenant(db, user.id))!;
    const jobId = await upload('progress.csv', text);
    const job = await db.selectFrom('job').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    await db.deleteFrom('job').where('id', '=', jobId).execute(); // run here, not by the runner
    const reports: { fraction: number; message: string }[] = [];
    const abort = new AbortController();
    const ctx: JobContext = {
      job: { ...job, payload: job.payload as Record<string, unknown> } as JobContext['job'],
      tenant,
      db,
      signal: abort.signal,
      progress: async (fraction, message = '') => {
        reports.push({ fraction, message });
        if (opts.abortOnWrite && message.startsWith('Writing:')) abort.abort();
        if (abort.signal.aborted) throw new JobInterrupted('job interrupted');
      },
      completeWith: (fn) => withTenant(db, tenant, fn),
    };
    expect(job.kind).toBe(PDS_IMPORT_JOB);
    const outcome = await pdsImportHandler(() => TEST_TODAY)(ctx).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    return { reports, outcome };
  }

  it('reports progress while checking rows and while writing, rising to the end', async () => {
    const before = await counts();
    const { reports, outcome } = await runHandler(draftsFile(1_600, 920_000));
    expect(outcome).toMatchObject({ result: { status: 'imported', summary: { drafts: 1_600 } } });
    expect((await counts()).drafts - before.drafts).toBe(1_600);
    const checking = reports.filter((r) => r.message.startsWith('Checking rows'));
    const writing = reports.filter((r) => r.message.startsWith('Writing:'));
    expect(checking.length).toBeGreaterThanOrEqual(3);
    expect(writing.length).toBeGreaterThanOrEqual(4); // one per batch of at most 500 rows
    expect(writing.at(-1)!.message).toContain('1600 of 1600 rows written');
    const fractions = reports.map((r) => r.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(Math.max(...fractions)).toBeLessThanOrEqual(1);
  });

  it('stops when cancelled while writing, and the transaction leaves nothing', async () => {
    const before = await counts();
    const { outcome } = await runHandler(draftsFile(1_600, 930_000), { abortOnWrite: true });
    expect((outcome as { error?: unknown }).error).toBeInstanceOf(JobInterrupted);
    expect(await counts()).toEqual(before);
  });
});

describe('over the API', () => {
  const apiUpload = (text: string, headers: Record<string, string> = {}) => {
    const boundary = '----api';
    return t().app.inject({
      method: 'POST',
      url: '/api/v1/referrals/import',
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        accept: 'application/json',
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...headers,
      },
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`,
      ),
    });
  };
  type Outcome = {
    status: string;
    outcome: 'imported' | 'refused' | null;
    summary: { placed: number; drafts: number; skipped: number } | null;
    errors: Array<{ row?: number; field: string; message: string }> | null;
    links: { self: string; job: string };
  };

  it('exports as CSV', async () => {
    const csv = await s.api('GET', '/api/v1/referrals/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.replace(/^\ufeff/, '').split(/\r?\n/)[0]).toBe(PDS_COLUMNS.join(','));
  });

  it('starts the import (202 with the job and links), then refuses a bad file with the row and column named', async () => {
    const before = await counts();
    const res = await apiUpload(EXAMPLE.replace('100231,Today', '100231,Tomorrow'));
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json() as { jobId: string; status: string; links: Outcome['links'] };
    expect(started.status).toBe('queued');
    expect(started.links).toMatchObject({
      self: `/api/v1/referrals/import/${started.jobId}`,
      job: `/api/v1/jobs/${started.jobId}`,
    });
    const queued = (await s.api('GET', started.links.self)).json() as Outcome;
    expect(queued).toMatchObject({ status: 'queued', outcome: null, summary: null, errors: null });
    await runJobs();
    const done = await s.api('GET', started.links.self);
    expect(done.statusCode).toBe(200);
    const body = done.json() as Outcome;
    expect(body).toMatchObject({ status: 'succeeded', outcome: 'refused', summary: null });
    expect(body.errors![0]).toMatchObject({ row: 2, field: 'when_placement_is_needed_by' });
    expect(await counts()).toEqual(before);
  });

  it('imports a good file and gives the summary', async () => {
    const res = await apiUpload(draftsFile(4, 940_000));
    expect(res.statusCode).toBe(202);
    const { links } = res.json() as { links: Outcome['links'] };
    await runJobs();
    const body = (await s.api('GET', links.self)).json() as Outcome;
    expect(body).toMatchObject({
      status: 'succeeded',
      outcome: 'imported',
      summary: { placed: 0, drafts: 4, skipped: 0 },
      errors: null,
    });
    const job = (await s.api('GET', links.job)).json() as { status: string; resultPath: string };
    expect(job).toMatchObject({ status: 'succeeded', resultPath: links.self.replace('/api/v1', '') });
  });

  it('honours Idempotency-Key: a repeat gets the same job, and only one is started', async () => {
    const before = { job: await count('job'), upload: await count('upload') };
    const file = draftsFile(2, 950_000);
    const first = await apiUpload(file, { 'idempotency-key': 'pds-import-1' });
    const again = await apiUpload(file, { 'idempotency-key': 'pds-import-1' });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((again.json() as { jobId: string }).jobId).toBe((first.json() as { jobId: string }).jobId);
    expect({ job: await count('job'), upload: await count('upload') }).toEqual({
      job: before.job + 1,
      upload: before.upload + 1,
    });
    await runJobs();
  });

  it('refuses an unknown import id as it refuses another LA’s', async () => {
    const res = await s.api('GET', '/api/v1/referrals/import/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    const bad = await s.api('GET', '/api/v1/referrals/import/not-an-id');
    expect(bad.statusCode).toBe(404);
  });
});
