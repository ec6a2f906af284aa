/**
 * Unique and primary keys are checked by PostgreSQL across all organisations, whatever row-level
 * security says, so a "duplicate key" error can tell one organisation that another's record
 * exists. Every unique constraint must therefore either include org_id, be a random UUID primary
 * key, a database-assigned identity, made only of UUID columns (to probe a random UUID you must
 * already know it), or be on this list with the reason it is safe. The catalog decides, so new
 * tables are checked automatically.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { testDatabase } from '../helpers/db.ts';

/** table(columns) → why a global unique key here reveals nothing private. */
const ALLOWED: Record<string, string> = {
  'app_user(email)':
    'an email address is a sign-in identity and must be unique everywhere; only admins create accounts',
  'organisation(la_code)': 'DfE LA codes are public',
  'home(urn)': 'Ofsted URNs are a public register',
  'bed(seq)': 'an internal number the ledger constraint uses; never taken from input',
  'session(id_hash)': 'hashes of random 256-bit tokens',
  'region(code)': 'public ONS codes',
  'schema_migration(name)': 'the migrator’s own table',
  'schema_migration_lock(id)': 'the migrator’s own table',
  'bed(home_id, label)': 'homes and their beds are the public directory',
  'organisation(ofsted_owner_key)': 'owners of registered settings are on Ofsted’s public register',
  'ofsted_provider(urn)': 'Ofsted URNs are a public register',
  'home_price(from_date, home_id, label)':
    'home ids are public, but the write policy lets only the home’s owner insert, and row security is checked before the key (probed below)',
  'directory_version(id)': 'a single-row counter',
  'tender_lot(code, tender_id)': 'scoped by a tender id only the tender’s readers know; only its hub writes',
  'tender_criterion(code, tender_id)':
    'scoped by a tender id only the tender’s readers know; only its hub writes',
  'tender_bid(lot_code, ref, tender_id)':
    'scoped by a tender id only the tender’s readers know; only its hub writes',
  'ssda903_file(dataset_id, kind, year)':
    'scoped by a dataset id only its LA knows; the (dataset_id, org_id) foreign key lets only that LA insert',
  'tender_bid_home(bid_id, position)':
    'scoped by a bid id only the tender’s readers know; only its hub writes',
};

let database: Database;
beforeAll(async () => {
  database = await testDatabase({ demo: true });
});
afterAll(() => database.close());

describe('unique keys', () => {
  it('never make one organisation’s records discoverable by another', async () => {
    // Every unique key in the public schema (constraints and bare unique indexes), with whether
    // each column is a UUID or a database-assigned identity.
    const { rows } = await sql<{ table: string; columns: string[]; safe_types: boolean }>`
      select i.indrelid::regclass::text as table,
             array_agg(a.attname::text order by a.attname::text) as columns,
             bool_and(format_type(a.atttypid, a.atttypmod) = 'uuid' or a.attidentity <> '') as safe_types
      from pg_index i
      join pg_class t on t.oid = i.indrelid
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indisunique and t.relnamespace = 'public'::regnamespace
      group by i.indexrelid, i.indrelid`.execute(database.db);
    const risky = rows
      .filter((r) => !r.safe_types && !r.columns.includes('org_id'))
      .map((r) => `${r.table}(${r.columns.join(', ')})`)
      .filter((k) => !ALLOWED[k]);
    expect(risky, 'scope these unique keys by org_id, or explain them in ALLOWED').toEqual([]);
  });

  it('answers another provider’s clashing price with “not allowed”, never “duplicate key”', async () => {
    const db = database.db;
    const orgs = await db
      .selectFrom('organisation')
      .select(['id', 'region_code'])
      .where('kind', '=', 'provider')
      .limit(2)
      .execute();
    const [a, b] = orgs;
    if (!a || !b) throw new Error('needs two providers');
    const home = await db
      .insertInto('home')
      .values({
        org_id: a.id,
        name: 'Probe',
        registered_places: 2,
        age_min: 10,
        age_max: 17,
        sexes: ['male'],
        postcode_district: 'UB3',
        la_code: '312',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into home_price (org_id, home_id, label, from_date, weekly_pence) values (${a.id}, ${home.id}, 'Standard', '2026-04-01', 500000)`.execute(
      db,
    );
    const err = await db
      .transaction()
      .execute(async (trx) => {
        await sql`select set_config('app.org_id', ${b.id}, true), set_config('app.org_kind', 'provider', true)`.execute(
          trx,
        );
        await sql`set local role app_tenant`.execute(trx);
        await sql`insert into home_price (org_id, home_id, label, from_date, weekly_pence) values (${b.id}, ${home.id}, 'Standard', '2026-04-01', 1)`.execute(
          trx,
        );
      })
      .catch((e: { code?: string }) => e);
    expect((err as { code?: string }).code).toBe('42501');
  });
});
