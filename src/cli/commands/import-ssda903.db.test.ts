/**
 * `sufficiency import ssda903` into the database: the synthetic LA's returns stored as Ealing's
 * dataset (exactly what the engine reads, recorded as Ealing's commissioner), ready for a forecast;
 * a bad folder is refused with row and column named and nothing written; the command itself on an
 * embedded database, with exit code 2 for a bad file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../db/connect.ts';
import { decodeDataset } from '../../importers/ssda903/dataset-codec.ts';
import { importSsda903 } from '../../importers/ssda903/import-files.ts';
import { runCli } from '../main.ts';
import { importSsda903IntoDatabase } from './import-ssda903.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/ssda903');

let database: Database;
beforeAll(async () => {
  database = await testDatabase({ demo: true });
});
afterAll(() => database.close());

const datasets = async () =>
  Number(
    (
      await database.db
        .selectFrom('ssda903_dataset')
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('sufficiency import ssda903', () => {
  it('stores the returns as the LA’s dataset, exactly as the engine reads them', async () => {
    const progress: number[] = [];
    const r = await importSsda903IntoDatabase(database.db, join(FIXTURES, 'la-small'), {
      la: '307',
      progress: (f) => progress.push(f),
    });
    const row = await database.db
      .selectFrom('ssda903_dataset')
      .innerJoin('app_user', 'app_user.id', 'ssda903_dataset.imported_by')
      .select(['ssda903_dataset.data', 'ssda903_dataset.status', 'app_user.email', 'ssda903_dataset.name'])
      .where('ssda903_dataset.id', '=', r.datasetId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('imported');
    expect(row.email).toBe('commissioner.ealing@demo.example');
    expect(row.name).toBe('SSDA903 returns from la-small');
    const engine = await importSsda903(join(FIXTURES, 'la-small'));
    expect(decodeDataset(row.data!)).toEqual({ ...engine.dataset, las: ['Ealing'] });
    expect(r.summary.children).toBe(engine.dataset.children.count);
    expect(progress.at(-1)).toBe(1);
    const files = await database.db
      .selectFrom('ssda903_file')
      .select(['upload_id', 'rows'])
      .where('dataset_id', '=', r.datasetId)
      .execute();
    expect(files).toHaveLength(18);
    expect(files.every((f) => f.upload_id === null)).toBe(true);
  });

  it('refuses bad returns, an unknown LA or a user who is not its commissioner, writing nothing', async () => {
    const before = await datasets();
    await expect(
      importSsda903IntoDatabase(database.db, join(FIXTURES, 'overlap'), { la: 'Ealing' }),
    ).rejects.toMatchObject({
      fieldErrors: [expect.objectContaining({ record: '2023/episodes.csv', row: 3, field: 'DECOM' })],
    });
    await expect(
      importSsda903IntoDatabase(database.db, join(FIXTURES, 'good'), { la: '999' }),
    ).rejects.toThrow(/no local authority/);
    await expect(
      importSsda903IntoDatabase(database.db, join(FIXTURES, 'good'), {
        la: '307',
        user: 'officer.ealing@demo.example',
      }),
    ).rejects.toThrow(/no commissioner of Ealing/);
    expect(await datasets()).toBe(before);
  });
});

describe('the command on an embedded database', () => {
  it('imports with a progress bar and exits 2 on a bad folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sufficiency-903-'));
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
    // The embedded database in `dir`, even when the suite runs on a PostgreSQL server.
    const url = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(await runCli(['seed-demo', '--data-dir', dir])).toBe(0);
      expect(
        await runCli(['import', 'ssda903', join(FIXTURES, 'good'), '--la', 'Hounslow', '--data-dir', dir]),
      ).toBe(0);
      expect(out).toMatch(/Imported 3 children and \d+ episodes/);
      expect(
        await runCli(['import', 'ssda903', join(FIXTURES, 'bad-code'), '--la', '313', '--data-dir', dir]),
      ).toBe(2);
      expect(err).toMatch(/row 3, .*field "PLACE"/);
    } finally {
      if (url !== undefined) process.env.DATABASE_URL = url;
      o.mockRestore();
      e.mockRestore();
    }
  }, 120_000);
});
