/**
 * Ofsted import through the page and its job, and through the command line: idempotent by URN,
 * changes over time recorded, provider-kept fields never overwritten, bad files refused with their
 * row-level messages and nothing written.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { importOfstedIntoDatabase } from '../../src/cli/commands/import-ofsted.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { referenceData } from '../../src/reference/reference-data.ts';
import { generateOfstedList, listToCsv, listToXlsx } from '../fixtures/ofsted/generate-list.ts';
import { type Session, signIn, useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const ref = referenceData();
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ofsted');

async function uploadOfsted(
  s: Session,
  fileName: string,
  bytes: Buffer,
  opts: { absentMeansClosed?: boolean } = {},
) {
  const boundary = `----sufficiency${Math.random().toString(16).slice(2)}`;
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head =
    part('_csrf', s.csrf) +
    (opts.absentMeansClosed ? part('absentMeansClosed', 'yes') : '') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return t().app.inject({
    method: 'POST',
    url: '/directory/ofsted',
    headers: { cookie: s.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

/** Uploads, runs the job to the end, and returns the result page. */
async function importThroughPage(s: Session, fileName: string, bytes: Buffer, opts = {}) {
  const res = await uploadOfsted(s, fileName, bytes, opts);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  const jobId = res.headers.location!.split('/').pop()!;
  while (await t().app.jobs.runOnce()) {}
  const job = await t().app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${jobId}`,
    headers: { cookie: s.cookie },
  });
  expect(job.json()).toMatchObject({ status: 'succeeded', resultPath: `/directory/ofsted/jobs/${jobId}` });
  return s.get(`/directory/ofsted/jobs/${jobId}`);
}

async function counts() {
  const db = t().database.db;
  const n = async (table: 'home' | 'ofsted_import' | 'ofsted_change' | 'ofsted_provider' | 'organisation') =>
    Number((await db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  return {
    homes: await n('home'),
    imports: await n('ofsted_import'),
    changes: await n('ofsted_change'),
    register: await n('ofsted_provider'),
    organisations: await n('organisation'),
  };
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('Ofsted import through the page', () => {
  const list = generateOfstedList('la-list', 40, 77, ref);

  it('lists new registrations, then finds nothing new in the same file (idempotent by URN)', async () => {
    const s = await signIn(t().app, 'analyst.hub');
    const before = await counts();
    const page = await importThroughPage(s, 'providers.csv', listToCsv(list));
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('New registration (40)');
    const after = await counts();
    expect(after.homes - before.homes).toBe(40);
    expect(after.register - before.register).toBe(40);
    expect(after.organisations).toBeGreaterThan(before.organisations); // owners not yet on the platform

    const again = await importThroughPage(s, 'providers.xlsx', await listToXlsx(list));
    expect(text(again.body)).toContain('Nothing changed');
    const third = await counts();
    expect({ ...third, imports: 0 }).toEqual({ ...after, imports: 0 });
    expect(third.imports).toBe(after.imports + 1);

    const history = await s.get('/directory/ofsted');
    expect(text(history.body)).toContain('providers.xlsx');
    expect(text(history.body)).toContain('New registration: 40');
  });

  it('records closures, rating and places changes over time, and never touches what providers keep', async () => {
    const db = t().database.db;
    const elm = await db
      .selectFrom('home')
      .innerJoin('organisation', 'organisation.id', 'home.org_id')
      .selectAll('home')
      .where('organisation.name', '=', 'Elmtree Care Ltd')
      .orderBy('home.name')
      .executeTakeFirstOrThrow();
    // The provider's own profile, as Elmtree's manager keeps it.
    const kept = {
      age_min: elm.age_min,
      age_max: elm.age_max,
      sexes: elm.sexes,
      needs_supported: elm.needs_supported,
      needs_excluded: elm.needs_excluded,
      offers_solo: elm.offers_solo,
      availability_confirmed_at: elm.availability_confirmed_at,
    };
    const header = list.header;
    const col = (h: string) => header.indexOf(h);
    const rows = list.rows.map((r) => [...r]);
    // Home 0 closes; home 1 is re-rated; home 2 changes places; Elmtree's home appears with new places and rating.
    rows[0]![col('Registration status')] = 'Closed';
    rows[0]![col('Deregistration date')] = '01/10/2026';
    rows[1]![col('Overall effectiveness')] = 'Inadequate';
    rows[1]![col('Date of last full inspection')] = '02/09/2026';
    rows[2]![col('Number of registered places')] = String(
      Number(rows[2]![col('Number of registered places')]) + 2,
    );
    const elmRow = [...rows[3]!];
    elmRow[col('URN')] = elm.urn!;
    elmRow[col('Provider name')] = elm.name;
    elmRow[col('Number of registered places')] = String(elm.registered_places + 1);
    elmRow[col('Overall effectiveness')] = 'Outstanding';
    elmRow[col('Date of last full inspection')] = '15/08/2026';
    elmRow[col('Local authority')] = ref.las.get(elm.la_code)!.name;
    elmRow[col('Setting postcode')] = `${elm.postcode_sector}AA`;
    rows.push(elmRow);

    const s = await signIn(t().app, 'commissioner.ealing');
    const page = await importThroughPage(s, 'changed.csv', listToCsv({ ...list, rows }));
    const body = text(page.body);
    expect(body).toContain('Closed (1)');
    expect(body).toContain('Rating changed (2)');
    expect(body).toContain('Places changed (2)');
    expect(body).not.toContain('New registration (');
    expect(body).toContain('to Inadequate');

    const now = await db.selectFrom('home').selectAll().where('id', '=', elm.id).executeTakeFirstOrThrow();
    expect(now.registered_places).toBe(elm.registered_places + 1);
    expect(now.ofsted_rating).toBe('outstanding');
    expect(now.ofsted_rated_on).toBe('2026-08-15');
    expect({
      age_min: now.age_min,
      age_max: now.age_max,
      sexes: now.sexes,
      needs_supported: now.needs_supported,
      needs_excluded: now.needs_excluded,
      offers_solo: now.offers_solo,
      availability_confirmed_at: now.availability_confirmed_at,
    }).toEqual(kept);
    expect(now.org_id).toBe(elm.org_id); // still Elmtree's: an import never moves a home

    const closed = await db
      .selectFrom('home')
      .select(['status', 'closed_on'])
      .where('urn', '=', rows[0]![col('URN')]!)
      .executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: 'closed', closed_on: '2026-10-01' });
    const history = await db
      .selectFrom('ofsted_change')
      .select(['kind', 'effective_on'])
      .where('urn', '=', rows[1]![col('URN')]!)
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { kind: 'registered', effective_on: expect.any(String) },
      { kind: 'rating-changed', effective_on: '2026-09-02' },
    ]);
    // The home page shows the history to anyone signed in.
    const officer = await signIn(t().app, 'officer.ealing');
    const homeId = (
      await db
        .selectFrom('home')
        .select('id')
        .where('urn', '=', rows[1]![col('URN')]!)
        .executeTakeFirstOrThrow()
    ).id;
    const homePage = await officer.get(`/directory/homes/${homeId}`);
    expect(homePage.statusCode).toBe(200);
    expect(text(homePage.body)).toContain('Rating changed');
  });

  it('refuses a national list that would close homes only when told it is complete', async () => {
    const s = await signIn(t().app, 'analyst.hub');
    const partial = { ...list, rows: list.rows.slice(5) };
    const page = await importThroughPage(s, 'partial.csv', listToCsv(partial));
    expect(text(page.body)).not.toContain('Not in this complete list');
    const complete = await importThroughPage(s, 'complete.csv', listToCsv(partial), {
      absentMeansClosed: true,
    });
    expect(text(complete.body)).toContain('Not in this complete list any more');
  });

  it('refuses every broken file in the corpus with its row-level messages, writing nothing', async () => {
    const s = await signIn(t().app, 'analyst.hub');
    const files = readdirSync(FIXTURES).filter((f) => /\.(csv|xlsx|xls)$/.test(f) && f !== 'utf-16.csv');
    expect(files.length).toBeGreaterThan(15);
    const before = await counts();
    for (const f of files) {
      const bytes = readFileSync(join(FIXTURES, f));
      if (f.endsWith('.xls')) {
        const res = await uploadOfsted(s, f, bytes);
        expect(res.statusCode, f).toBe(400);
        expect(res.body, f).toContain('The file must be .csv or .xlsx');
        continue;
      }
      if (bytes.length === 0) {
        const res = await uploadOfsted(s, f, bytes);
        expect(res.statusCode, f).toBe(400);
        expect(res.body, f).toMatch(/is empty/);
        continue;
      }
      // A hostile archive is refused at upload (the form says why); any other bad file by the job.
      const res = await uploadOfsted(s, f, bytes);
      if (res.statusCode === 400) {
        expect(text(res.body), f).toContain('There is a problem');
        expect(text(res.body), f).toContain(f);
        continue;
      }
      expect(res.statusCode, f).toBe(303);
      const jobId = res.headers.location!.split('/').pop()!;
      while (await t().app.jobs.runOnce()) {}
      const body = text((await s.get(`/directory/ofsted/jobs/${jobId}`)).body);
      expect(body, f).toContain('The file was not imported');
      expect(body, f).toMatch(/Problems in/);
    }
    // Row and column named for the bad-URN file, for example.
    const bad = await importThroughPage(s, 'bad-urns.csv', readFileSync(join(FIXTURES, 'bad-urns.csv')));
    expect(bad.body).toMatch(
      /<td class="govuk-table__cell app-numeric">\d+<\/td>\s*<td class="govuk-table__cell">URN/,
    );
    expect(await counts()).toEqual(before);
  });

  it('is for hub analysts and LA commissioners only', async () => {
    for (const who of ['officer.ealing', 'manager.elmtree']) {
      const s = await signIn(t().app, who);
      expect((await s.get('/directory/ofsted')).statusCode).toBe(403);
      expect((await uploadOfsted(s, 'x.csv', listToCsv(list))).statusCode).toBe(403);
    }
  });
});

describe('Ofsted import from the command line', () => {
  it('writes all or nothing into the database, reporting progress', async () => {
    const db = t().database.db;
    const dir = mkdtempSync(join(tmpdir(), 'ofsted-'));
    const file = join(dir, 'national.csv');
    writeFileSync(file, listToCsv(generateOfstedList('la-list', 30, 5150, ref)));
    const seen: number[] = [];
    const before = await counts();
    const dry = await importOfstedIntoDatabase(db, file, { today: '2026-11-20', dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, providers: 30 });
    expect(await counts()).toEqual(before);
    const summary = await importOfstedIntoDatabase(db, file, {
      today: '2026-11-20',
      org: '307',
      progress: (f) => seen.push(f),
    });
    expect(summary.counts.registered).toBe(30);
    expect(seen.at(-1)).toBe(1);
    expect((await counts()).homes).toBe(before.homes + 30);
    const again = await importOfstedIntoDatabase(db, file, { today: '2026-11-20' });
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);

    const broken = join(FIXTURES, 'bad-postcodes.csv');
    const mid = await counts();
    await expect(importOfstedIntoDatabase(db, broken)).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: expect.arrayContaining([expect.objectContaining({ row: expect.any(Number) })]),
    });
    expect(await counts()).toEqual(mid);
    // Ealing's commissioner sees the command-line import recorded against Ealing.
    const seenByEaling = await withTenant(db, await ealingTenant(), (trx) =>
      trx.selectFrom('ofsted_import').select('file_name').execute(),
    );
    expect(seenByEaling.map((r) => r.file_name)).toContain('national.csv');
  });
});

async function ealingTenant() {
  const u = await t()
    .database.db.selectFrom('app_user')
    .innerJoin('organisation', 'organisation.id', 'app_user.org_id')
    .select(['app_user.id', 'organisation.id as orgId', 'organisation.region_code'])
    .where('app_user.email', '=', 'commissioner.ealing@demo.example')
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    orgId: u.orgId,
    orgKind: 'local-authority' as const,
    role: 'commissioner' as const,
    regionCode: u.region_code,
  };
}
