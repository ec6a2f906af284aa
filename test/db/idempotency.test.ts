import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { appendAudit } from '../../src/db/queries/audit.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Session, signIn, testConfig } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let database: Database;
let app: FastifyInstance;
let s: Session;

beforeAll(async () => {
  database = await testDatabase({ demo: true });
  app = await buildApp({ db: database.db, config: testConfig() });
  // A stand-in for any API endpoint that creates something: it appends one audit row per call.
  app.post('/api/v1/test-things', async (req) => {
    const { name } = req.body as { name: string };
    await withTenant(app.db, req.auth!.tenant, (trx) =>
      appendAudit(trx, req.auth!.tenant, [{ action: 'create', entityType: 'test-thing', entityId: name }]),
    );
    return { created: name };
  });
  await app.ready();
  s = await signIn(app, 'commissioner.ealing');
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const post = (key: string | undefined, body: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/test-things',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body as object,
  });

async function effects(name: string): Promise<number> {
  const rows = await database.db
    .selectFrom('audit_event')
    .select('id')
    .where('entity_type', '=', 'test-thing')
    .where('entity_id', '=', name)
    .execute();
  return rows.length;
}

describe('Idempotency-Key', () => {
  it('gives one effect for a repeated request and replays the first answer', async () => {
    const first = await post('key-1', { name: 'alpha' });
    const again = await post('key-1', { name: 'alpha' });
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await effects('alpha')).toBe(1);
  });

  it('refuses the same key with a different body, with no effect', async () => {
    await post('key-2', { name: 'beta' });
    const other = await post('key-2', { name: 'gamma' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency-key-reused');
    expect(await effects('gamma')).toBe(0);
  });

  it('keeps keys per organisation, and does nothing without a key', async () => {
    const other = await signIn(app, 'commissioner.brent');
    const theirs = await app.inject({
      method: 'POST',
      url: '/api/v1/test-things',
      headers: { cookie: other.cookie, 'x-csrf-token': other.csrf, 'idempotency-key': 'key-1' },
      payload: { name: 'delta' },
    });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    await post(undefined, { name: 'epsilon' });
    await post(undefined, { name: 'epsilon' });
    expect(await effects('epsilon')).toBe(2);
  });
});
