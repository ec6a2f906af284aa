/**
 * `sufficiency search` over the database and `sufficiency import ofsted` into it, as a user runs
 * them: an embedded database in a data directory, the import's progress, then a search that finds
 * the imported homes (districts only in the output).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { generateOfstedList, listToCsv } from '../../../test/fixtures/ofsted/generate-list.ts';
import { testDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../db/connect.ts';
import { runCli } from '../main.ts';
import { runDatabaseSearch } from './search.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase({ demo: true });
});
afterAll(() => database.close());

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    out += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    err += String(c);
    return true;
  });
  try {
    return { code: await runCli(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('sufficiency search over the database', () => {
  it('ranks the demo region’s listed homes with reasons, showing districts only', async () => {
    const table = await runDatabaseSearch(database.db, {
      family: 'W5 3',
      school: 'UB6 8',
      within: '10',
      sex: 'female',
      age: '14',
      asOf: '2026-11-20',
    });
    expect(table).toMatch(/^1\. .+ \([A-Z]+\d+, [A-Za-z ]+\): [\d.]+ points/);
    expect(table).toContain('(estimate)');
    expect(table).toMatch(/homes match/);
    const json = JSON.parse(
      await runDatabaseSearch(database.db, {
        family: 'UB4 0',
        format: 'json',
        asOf: '2026-11-20',
        limit: '3',
      }),
    );
    const elm = json.results.find(
      (r: { listing: { profile: { name: string } } }) => r.listing.profile.name === 'Elmtree House',
    );
    expect(elm.listing.profile.location.lat).toBeCloseTo(51.53, 1); // the UB4 district centroid, not the home
    expect(JSON.stringify(json)).not.toMatch(/line1|postcode":/);
  });
});

describe('the commands, end to end on an embedded database', () => {
  it('imports an Ofsted list with progress, then searches it; a bad file changes nothing', async () => {
    // The embedded database in a data directory: DATABASE_URL (set for the PostgreSQL tier) would win.
    const url = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    onTestFinished(() => {
      if (url !== undefined) process.env.DATABASE_URL = url;
    });
    const dir = mkdtempSync(join(tmpdir(), 'sufficiency-cli-'));
    const file = join(dir, 'providers.csv');
    writeFileSync(file, listToCsv(generateOfstedList('la-list', 25, 11)));
    const imported = await capture(['import', 'ofsted', file, '--data-dir', dir, '--today', '2026-11-20']);
    expect(imported.err).not.toContain('error');
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('Recorded 25 changes from 25 providers (la-list).');
    expect(imported.out).toMatch(/New registration\s+25/);
    const bad = await capture([
      'import',
      'ofsted',
      join(import.meta.dirname, '../../../test/fixtures/ofsted/bad-urns.csv'),
      '--data-dir',
      dir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/row \d+, field "URN"/);
    const found = await capture(['search', '--data-dir', dir, '--format', 'json', '--as-of', '2026-11-20']);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.out).matched).toBe(25);
  });
});
