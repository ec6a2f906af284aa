import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/helpers/db.ts';
import type { Database } from './connect.ts';
import { withSystem, withTenant } from './tenant.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase({ demo: true });
});
afterAll(() => database.close());

/** Every table with an org_id column: the catalog decides, so new tables are covered automatically. */
async function tenantTables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'org_id' order by table_name`.execute(database.db);
  return rows.map((r) => r.table_name);
}

describe('row-level security', () => {
  it('is enabled and forced on every table that carries an organisation', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThan(10);
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relname, relrowsecurity, relforcerowsecurity from pg_class
      where relnamespace = 'public'::regnamespace and relname = any(${tables})`.execute(database.db);
    for (const r of rows)
      expect([r.relname, r.relrowsecurity, r.relforcerowsecurity]).toEqual([r.relname, true, true]);
  });

  it('shows nothing to the tenant role when no organisation is set (fails closed)', async () => {
    for (const table of await tenantTables()) {
      const n = await database.db.transaction().execute(async (trx) => {
        await sql`set local role app_tenant`.execute(trx);
        const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(trx);
        return Number(r.rows[0]!.n);
      });
      expect([table, n]).toEqual([table, 0]);
    }
  });

  it('confines an LA to its own children and placements', async () => {
    const [ealing, brent] = await Promise.all(
      ['307', '304'].map((code) =>
        database.db
          .selectFrom('organisation')
          .select(['id', 'region_code'])
          .where('la_code', '=', code)
          .executeTakeFirstOrThrow(),
      ),
    );
    const tenant = {
      userId: '00000000-0000-4000-8000-000000000000',
      orgId: ealing!.id,
      orgKind: 'local-authority' as const,
      role: 'placement-officer' as const,
      regionCode: ealing!.region_code,
    };
    const seen = await withTenant(database.db, tenant, async (trx) => ({
      children: await trx.selectFrom('child').select('org_id').execute(),
      placements: await trx.selectFrom('placement').select('org_id').execute(),
      brentChildren: await trx.selectFrom('child').select('id').where('org_id', '=', brent!.id).execute(),
    }));
    expect(seen.children.length).toBeGreaterThan(0);
    expect(new Set(seen.children.map((c) => c.org_id))).toEqual(new Set([ealing!.id]));
    expect(new Set(seen.placements.map((c) => c.org_id))).toEqual(new Set([ealing!.id]));
    expect(seen.brentChildren).toEqual([]);
    const total = await database.db
      .selectFrom('child')
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBeGreaterThan(seen.children.length);
  });
});

describe('audit log', () => {
  it('cannot be changed or deleted, even by the application owner', async () => {
    const org = await database.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow();
    await withSystem(database.db, (trx) =>
      trx
        .insertInto('audit_event')
        .values({ org_id: org.id, action: 'read', entity_type: 'child', detail: '{}' })
        .execute(),
    );
    await expect(sql`update audit_event set action = 'delete'`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});

describe('bed ledger constraint', () => {
  it('refuses a second interval that overlaps one already in the bed, and accepts adjacent ones', async () => {
    const home = await database.db.selectFrom('home').select(['id', 'org_id']).executeTakeFirstOrThrow();
    const bed = await database.db
      .insertInto('bed')
      .values({ org_id: home.org_id, home_id: home.id, label: 'Test bed' })
      .returning(['id', 'seq', 'org_id'])
      .executeTakeFirstOrThrow();
    const base = {
      org_id: bed.org_id,
      bed_id: bed.id,
      bed_seq: bed.seq,
      kind: 'unavailable-provider' as const,
    };
    await database.db
      .insertInto('bed_interval')
      .values({ ...base, from_date: '2031-01-01', to_date: '2031-01-10' })
      .execute();
    await database.db
      .insertInto('bed_interval')
      .values({ ...base, from_date: '2031-01-10', to_date: '2031-01-20' })
      .execute();
    await expect(
      database.db
        .insertInto('bed_interval')
        .values({ ...base, from_date: '2031-01-15', to_date: null })
        .execute(),
    ).rejects.toMatchObject({ code: '23P01' });
    await expect(
      database.db
        .insertInto('bed_interval')
        .values({ ...base, from_date: '2031-02-01', to_date: '2031-01-01' })
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });
  });
});
