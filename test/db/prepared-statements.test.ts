/**
 * Queries with parameters run as named statements, planned once per connection (src/db/connect.ts).
 * The same statement must still answer each tenant with its own rows (row-level security is applied
 * when the plan runs), and a schema change that stales a cached plan fails one call, not the next.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { type Tenant, withSystem, withTenant } from '../../src/db/tenant.ts';
import { testDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase({ demo: true, poolSize: 1 });
});
afterAll(async () => {
  await database?.close();
});

async function tenantOf(laCode: string): Promise<Tenant> {
  const org = await database.db
    .selectFrom('organisation')
    .select(['id', 'region_code'])
    .where('la_code', '=', laCode)
    .executeTakeFirstOrThrow();
  return {
    userId: '00000000-0000-4000-8000-000000000000',
    orgId: org.id,
    orgKind: 'local-authority',
    role: 'placement-officer',
    regionCode: org.region_code,
  };
}

describe('named statements', () => {
  it('answer each tenant with its own rows, however often the same statement runs', async () => {
    const ealing = await tenantOf('307');
    const brent = await tenantOf('304');
    const ownersSeen = async (t: Tenant) =>
      withTenant(database.db, t, async (trx) => {
        const rows = await trx
          .selectFrom('child')
          .select('org_id')
          .where('sex', 'in', ['male', 'female'])
          .execute();
        return new Set(rows.map((r) => r.org_id));
      });
    // More than five runs, so PostgreSQL may switch to a generic plan; alternate the tenants.
    for (let i = 0; i < 8; i++) {
      for (const t of [ealing, brent]) {
        const owners = await ownersSeen(t);
        expect([...owners]).toEqual([t.orgId]);
      }
    }
    const system = await withSystem(database.db, (trx) =>
      trx.selectFrom('child').select('org_id').where('sex', 'in', ['male', 'female']).execute(),
    );
    expect(new Set(system.map((r) => r.org_id)).size).toBeGreaterThan(2);
  });

  it('recover when a schema change stales a cached plan', async () => {
    await sql`create table prepared_probe (id int primary key, a text)`.execute(database.db);
    await sql`insert into prepared_probe values (1, 'x')`.execute(database.db);
    const read = () => sql`select * from prepared_probe where id = ${1}`.execute(database.db);
    for (let i = 0; i < 3; i++) expect((await read()).rows).toEqual([{ id: 1, a: 'x' }]);
    await sql`alter table prepared_probe add column b text`.execute(database.db);
    // PostgreSQL refuses to run the stale plan once (0A000) or re-plans it; either way the next
    // call answers with the new shape.
    await read().catch((err: { code?: string }) => expect(err.code).toBe('0A000'));
    expect((await read()).rows).toEqual([{ id: 1, a: 'x', b: null }]);
    await sql`drop table prepared_probe`.execute(database.db);
  });
});
