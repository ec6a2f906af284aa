/**
 * A national-size provider list (about 3,000 children's homes; beds for every registered place,
 * about 15,000) through the page's job and through the command line's use case: every home listed,
 * a second import of the same list changes nothing, the public statistics file (names and
 * addresses redacted) then adds the fostering agencies without wiping a name, and a multi-point
 * search over the result answers with ranked homes. Nightly: it takes tens of seconds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOfstedIntoDatabase } from '../../src/cli/commands/import-ofsted.ts';
import type { Database } from '../../src/db/connect.ts';
import { referenceData } from '../../src/reference/reference-data.ts';
import { generateOfstedList, listToCsv, listToXlsx } from '../fixtures/ofsted/generate-list.ts';
import { signIn, useTestApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

const t = useTestApp();
const ref = referenceData();
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function count(db: Database['db'], table: 'home' | 'bed' | 'ofsted_change'): Promise<number> {
  return Number(
    (await db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
  );
}

describe('a national provider list', () => {
  const list = generateOfstedList('la-list', 3_000, 2025, ref);

  it('imports through the page’s job, then searches the directory it made', async () => {
    const s = await signIn(t().app, 'analyst.hub');
    const db = t().database.db;
    const before = await count(db, 'home');
    const bytes = listToCsv(list);
    const boundary = '----national';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${s.csrf}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="national.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t().app.inject({
      method: 'POST',
      url: '/directory/ofsted',
      headers: { cookie: s.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode).toBe(303);
    const jobId = res.headers.location!.split('/').pop()!;
    while (await t().app.jobs.runOnce()) {}
    const page = await s.get(`/directory/ofsted/jobs/${jobId}`);
    expect(text(page.body)).toContain('New registration (3,000)');
    expect((await count(db, 'home')) - before).toBe(3_000);

    await sql`insert into bed (org_id, home_id, label)
      select h.org_id, h.id, 'Bed ' || g from home h, generate_series(1, h.registered_places) g
      where h.urn is not null and not exists (select 1 from bed b where b.home_id = h.id)`.execute(db);
    expect(await count(db, 'bed')).toBeGreaterThan(12_000);

    const officer = await signIn(t().app, 'officer.ealing');
    const q = new URLSearchParams({
      age: '14',
      sex: 'female',
      primaryNeed: 'ebd',
      familyPostcode: 'M14 5',
      schoolPostcode: 'SK4 1',
      rule: 'within',
      withinMiles: '20',
    });
    const found = await officer.api('GET', `/api/v1/directory/search?${q}`);
    expect(found.statusCode).toBe(200);
    const body = found.json() as { matched: number; results: { distances: { miles: number }[] }[] };
    expect(body.matched).toBeGreaterThan(20);
    for (const r of body.results) for (const d of r.distances) expect(d.miles).toBeLessThanOrEqual(20);
  });
});

describe('the same list from the command line', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase({ demo: true });
  });
  afterAll(() => database.close());

  it('is idempotent by URN at national size, and the public file adds agencies without wiping names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'national-'));
    const xlsx = join(dir, 'national.xlsx');
    writeFileSync(xlsx, await listToXlsx(generateOfstedList('la-list', 3_000, 2025, ref)));
    const first = await importOfstedIntoDatabase(database.db, xlsx, { today: '2026-11-20' });
    expect(first.counts.registered).toBe(3_000);
    const changes = await count(database.db, 'ofsted_change');
    const again = await importOfstedIntoDatabase(database.db, xlsx, { today: '2026-11-20' });
    expect(Object.values(again.counts).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await count(database.db, 'ofsted_change')).toBe(changes);

    const pub = join(dir, 'public.csv');
    writeFileSync(pub, listToCsv(generateOfstedList('public-statistics', 3_000, 2025, ref)));
    const named = await database.db
      .selectFrom('home')
      .select('name')
      .where('urn', 'is not', null)
      .limit(1)
      .executeTakeFirstOrThrow();
    const publicFile = await importOfstedIntoDatabase(database.db, pub, { today: '2026-11-21' });
    expect(publicFile.fileKind).toBe('public-statistics');
    expect(publicFile.counts.registered).toBe(300); // the fostering agencies
    expect(publicFile.counts['details-changed']).toBe(0); // a redacted name keeps the one we hold
    expect(
      await database.db.selectFrom('home').select('name').where('name', '=', named.name).executeTakeFirst(),
    ).toBeDefined();
  });
});
