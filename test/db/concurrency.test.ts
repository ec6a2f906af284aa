/**
 * No double-booking under concurrency (docs/reliability.md, "Concurrency").
 *
 * 200 simultaneous claims on one vacant bed give exactly one success, the other 199 a clean
 * refusal (bed-unavailable) and nothing else: directly against the database (200 concurrent
 * `withTenant(… recordPlacement …)` on a pool of 50 connections) and through the API (200
 * concurrent HTTP requests to POST /api/v1/placements on a listening server). On PostgreSQL the
 * transactions truly race; PGlite runs one transaction at a time, so there the same test checks
 * correctness only.
 *
 * The test can catch the bug: a deliberately naive check-then-insert claim (SELECT to see whether
 * the bed is free, then INSERT) against a copy of the ledger table WITHOUT the exclusion
 * constraint goes through the same race harness and the same assertion, and on PostgreSQL that
 * assertion fails (more than one booking).
 *
 * Idempotency keys: 20 simultaneous POSTs with one Idempotency-Key give one placement.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPlacement } from '../../src/app/ledger/record-placement.ts';
import type { Database } from '../../src/db/connect.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { type Executor, type Tenant, withTenant } from '../../src/db/tenant.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { buildApp } from '../../src/server/app.ts';
import { testConfig } from '../helpers/app.ts';
import { testDatabase, testDbKind } from '../helpers/db.ts';
import { type HttpSession, signInHttp } from '../helpers/server-process.ts';

const CLAIMS = 200;
const POOL = 50;
const START = '2026-12-15';
const onPostgres = testDbKind() === 'postgres';

let database: Database;
let app: FastifyInstance;
let base: string;
let ealing: Tenant;
let officer: HttpSession;
let home: { id: string; orgId: string; contractId: string };

// ------------------------------------------------------------------ the race harness (shared)

/** What one claim came to: won, refused as it should be (bed-unavailable), or anything else. */
type Outcome = { kind: 'won' } | { kind: 'refused' } | { kind: 'other'; detail: string };

interface RaceResult {
  attempts: number;
  won: number;
  refused: number;
  /** Anything that is neither a success nor a clean bed-unavailable refusal (server errors…). */
  other: string[];
  /** Rows recorded for the bed afterwards, and overlapping pairs of intervals on any bed. */
  bookings: number;
  overlaps: number;
  ms: number;
}

/**
 * Starts `n` claims at the same moment (all wait on one gate), waits for every one, then asks the
 * database what was recorded.
 */
async function race(
  n: number,
  claim: (i: number) => Promise<Outcome>,
  recorded: () => Promise<{ bookings: number; overlaps: number }>,
): Promise<RaceResult> {
  await warmPool();
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const runs = Array.from({ length: n }, (_, i) =>
    gate
      .then(() => claim(i))
      .catch((err: unknown): Outcome => ({ kind: 'other', detail: `threw ${describeError(err)}` })),
  );
  const t0 = performance.now();
  open();
  const outcomes = await Promise.all(runs);
  const ms = Math.round(performance.now() - t0);
  return {
    attempts: n,
    won: outcomes.filter((o) => o.kind === 'won').length,
    refused: outcomes.filter((o) => o.kind === 'refused').length,
    other: outcomes.flatMap((o) => (o.kind === 'other' ? [o.detail] : [])),
    ...(await recorded()),
    ms,
  };
}

/** Opens every connection of the pool first, so no claim waits for a connection to be made. */
async function warmPool(): Promise<void> {
  if (!onPostgres) return; // PGlite is one connection
  await Promise.all(Array.from({ length: POOL }, () => sql`select pg_sleep(0.02)`.execute(database.db)));
}

/** THE assertion, identical for every variant: one winner, clean refusals, one booking. */
function expectExactlyOneBooking(r: RaceResult): void {
  expect({
    won: r.won,
    refused: r.refused,
    other: r.other.slice(0, 5),
    bookings: r.bookings,
    overlaps: r.overlaps,
  }).toEqual({ won: 1, refused: r.attempts - 1, other: [], bookings: 1, overlaps: 0 });
}

function describeError(err: unknown): string {
  if (err instanceof DomainError) return `${err.code}: ${err.message}`;
  const e = err as { code?: string; message?: string };
  return `${e?.code ?? ''} ${e?.message ?? String(err)}`.trim();
}

/** A claim made in the database: a clean refusal is bed-unavailable or the exclusion's 23P01. */
async function inDatabase(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    await fn();
    return { kind: 'won' };
  } catch (err) {
    const code = err instanceof DomainError ? err.code : (err as { code?: string })?.code;
    if (code === 'bed-unavailable' || code === '23P01') return { kind: 'refused' };
    return { kind: 'other', detail: describeError(err) };
  }
}

/** A claim over HTTP: 2xx won; 409 with the bed-unavailable error refused; anything else other. */
async function overHttp(res: Response): Promise<Outcome> {
  const body = await res.text();
  if (res.status >= 200 && res.status < 300) return { kind: 'won' };
  if (res.status === 409 && JSON.parse(body)?.error?.code === 'bed-unavailable') return { kind: 'refused' };
  return { kind: 'other', detail: `${res.status} ${body.slice(0, 200)}` };
}

/** Overlapping pairs of intervals on one bed, in the ledger or in the naive copy. */
async function overlapsIn(db: Executor, table: 'bed_interval' | 'naive_bed_interval'): Promise<number> {
  const r = await sql<{ n: string }>`
    select count(*) as n from ${sql.table(table)} a join ${sql.table(table)} b
      on a.bed_id = b.bed_id and a.id < b.id
     and a.from_date < coalesce(b.to_date, date 'infinity')
     and b.from_date < coalesce(a.to_date, date 'infinity')`.execute(db);
  return Number(r.rows[0]!.n);
}

async function ledgerRows(bedId: string): Promise<{ bookings: number; overlaps: number }> {
  const db = database.db;
  const rows = await db.selectFrom('bed_interval').select('id').where('bed_id', '=', bedId).execute();
  const placements = await db.selectFrom('placement').select('id').where('bed_id', '=', bedId).execute();
  // A placement row without its interval (or the reverse) would be a half-written claim.
  expect(placements.length, 'placements recorded for the bed').toBe(rows.length);
  return { bookings: rows.length, overlaps: await overlapsIn(db, 'bed_interval') };
}

// ------------------------------------------------------------------ set-up

/** A new vacant bed in a home with a soft block the demo LAs can place into. */
async function newBed(label: string): Promise<string> {
  const db = database.db;
  const bed = await db
    .insertInto('bed')
    .values({ org_id: home.orgId, home_id: home.id, label })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('contract_bed')
    .values({
      contract_id: home.contractId,
      bed_id: bed.id,
      org_id: home.orgId,
      from_date: '2025-04-01',
      to_date: null,
    })
    .execute();
  return bed.id;
}

/** `n` new children of Ealing, in one statement. */
async function newChildren(prefix: string, n: number): Promise<string[]> {
  return withTenant(database.db, ealing, async (trx) =>
    (
      await trx
        .insertInto('child')
        .values(
          Array.from({ length: n }, (_, i) => ({
            org_id: ealing.orgId,
            child_ref: `${prefix}-${i}`,
            sex: 'female',
            born_in: '2011-05-01',
            primary_need: 'ebd',
            home_postcode_sector: 'W5 3',
          })),
        )
        .returning('id')
        .execute()
    ).map((c) => c.id),
  );
}

beforeAll(async () => {
  database = await testDatabase({ demo: true, poolSize: POOL });
  const db = database.db;
  const u = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', 'officer.ealing@demo.example')
    .executeTakeFirstOrThrow();
  ealing = (await jobTenant(db, u.id))!;
  const h = await db
    .selectFrom('contract_bed')
    .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
    .innerJoin('home', 'home.id', 'bed.home_id')
    .innerJoin('contract', 'contract.id', 'contract_bed.contract_id')
    .select(['home.id', 'home.org_id', 'contract.id as contractId'])
    .where('home.name', '=', 'Elmtree House')
    .where('contract.start_date', '<=', START)
    .where('contract.end_date', '>', START)
    .executeTakeFirstOrThrow();
  home = { id: h.id, orgId: h.org_id, contractId: h.contractId };

  app = await buildApp({ db, config: testConfig() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  officer = await signInHttp(base, 'officer.ealing');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

// ------------------------------------------------------------------ the races

describe(`${CLAIMS} simultaneous claims on one vacant bed`, () => {
  it('directly against the database: exactly one placement, every other claim refused as bed-unavailable', async () => {
    const bedId = await newBed('Race bed (database)');
    const children = await newChildren('RACE-DB', CLAIMS);
    const r = await race(
      CLAIMS,
      (i) =>
        inDatabase(() =>
          withTenant(database.db, ealing, (trx) =>
            recordPlacement(trx, ealing, {
              childId: children[i]!,
              bedId,
              startDate: START,
              costs: { core: 445_000 },
            }),
          ),
        ),
      () => ledgerRows(bedId),
    );
    console.info(`[concurrency] ${testDbKind()} database race: ${JSON.stringify(summary(r))}`);
    expectExactlyOneBooking(r);
  });

  it('through the API: exactly one 201, the rest 409 bed-unavailable, no server error', async () => {
    const bedId = await newBed('Race bed (API)');
    const children = await newChildren('RACE-API', CLAIMS);
    const r = await race(
      CLAIMS,
      async (i) =>
        overHttp(
          await officer.api('POST', '/api/v1/placements', {
            childId: children[i],
            bedId,
            startDate: START,
            costs: { core: 445_000 },
          }),
        ),
      () => ledgerRows(bedId),
    );
    console.info(`[concurrency] ${testDbKind()} API race: ${JSON.stringify(summary(r))}`);
    expectExactlyOneBooking(r);
  });

  it.runIf(onPostgres)(
    'catches the bug: a naive check-then-insert claim on a ledger without the exclusion constraint books the bed more than once',
    async () => {
      const db = database.db;
      await sql`create table naive_bed_interval (like bed_interval including defaults including constraints)`.execute(
        db,
      );
      await sql`grant select, insert on naive_bed_interval to app_tenant`.execute(db);
      const exclusions = await sql<{ n: string }>`
        select count(*) as n from pg_constraint where conrelid = 'naive_bed_interval'::regclass and contype = 'x'`.execute(
        db,
      );
      expect(Number(exclusions.rows[0]!.n), 'the copy has no exclusion constraint').toBe(0);

      const bed = await db
        .selectFrom('bed')
        .select(['id', 'seq'])
        .where('id', '=', await newBed('Race bed (naive)'))
        .executeTakeFirstOrThrow();
      /** The same claim, written the naive way: look, then insert, in one READ COMMITTED transaction. */
      const naiveClaim = () =>
        withTenant(db, ealing, async (trx) => {
          const busy = await sql`
            select 1 from naive_bed_interval where bed_id = ${bed.id}
              and coalesce(to_date, date 'infinity') > ${START}::date`.execute(trx);
          if (busy.rows.length > 0) throw new DomainError('bed-unavailable', 'The bed is not free');
          await sql`
            insert into naive_bed_interval
              (org_id, bed_id, bed_seq, kind, placement_id, from_date, placing_org_id, need_segment, created_by)
            values (${home.orgId}, ${bed.id}, ${bed.seq}, 'placement', ${randomUUID()}, ${START},
              ${ealing.orgId}, 'ebd-standard', ${ealing.userId})`.execute(trx);
        });
      const r = await race(
        CLAIMS,
        () => inDatabase(naiveClaim),
        async () => {
          const rows = await sql<{ n: string }>`
            select count(*) as n from naive_bed_interval where bed_id = ${bed.id}`.execute(db);
          return { bookings: Number(rows.rows[0]!.n), overlaps: await overlapsIn(db, 'naive_bed_interval') };
        },
      );
      console.info(`[concurrency] naive check-then-insert race: ${JSON.stringify(summary(r))}`);
      expect(r.bookings, 'the naive claim double-books').toBeGreaterThan(1);
      expect(() => expectExactlyOneBooking(r)).toThrow();
      await sql`drop table naive_bed_interval`.execute(db);
    },
  );
});

describe('POST /api/v1/placements refuses what it must', () => {
  it('is for placement officers only, and answers another LA’s child exactly as a missing one, writing nothing', async () => {
    const bedId = await newBed('Refusals bed');
    const [childId] = await newChildren('REFUSALS', 1);
    const body = { childId, bedId, startDate: START, costs: { core: 445_000 } };
    const before = await database.db.selectFrom('placement').select('id').execute();

    const anonymous = await fetch(`${base}/api/v1/placements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    expect(anonymous.status).toBe(401);
    for (const who of ['commissioner.ealing', 'manager.elmtree', 'analyst.hub']) {
      const s = await signInHttp(base, who);
      expect((await s.api('POST', '/api/v1/placements', body)).status, who).toBe(403);
    }
    const noCsrf = await fetch(`${base}/api/v1/placements`, {
      method: 'POST',
      headers: { cookie: officer.cookie, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    expect(noCsrf.status).toBe(403);

    // Brent's child, as Ealing: the same answer as a child that does not exist.
    const brent = await signInHttp(base, 'officer.brent');
    const theirs = await brent.api('POST', '/api/v1/placements', {
      ...body,
      childId: (
        await withTenant(database.db, ealing, (trx) =>
          trx
            .selectFrom('child')
            .select('id')
            .where('child_ref', '=', 'REFUSALS-0')
            .executeTakeFirstOrThrow(),
        )
      ).id,
    });
    const missing = await brent.api('POST', '/api/v1/placements', { ...body, childId: randomUUID() });
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).toBe(await missing.text());
    const noBed = await officer.api('POST', '/api/v1/placements', { ...body, bedId: randomUUID() });
    expect(noBed.status).toBe(404);

    const bad = await officer.api('POST', '/api/v1/placements', {
      ...body,
      childId: 'x',
      costs: { core: -1 },
    });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { error: { fields: { field: string }[] } }).error.fields.map(
      (f) => f.field,
    );
    expect(fields).toEqual(expect.arrayContaining(['childId', 'costs.core']));

    const after = await database.db.selectFrom('placement').select('id').execute();
    expect(after.length).toBe(before.length);
  });
});

describe('Idempotency-Key under concurrency', () => {
  const N = 20;

  it(`gives one effect for ${N} simultaneous requests with one key and one body`, async () => {
    const bedId = await newBed('Idempotency bed 1');
    const [childId] = await newChildren('IDEM-SAME', 1);
    const key = randomUUID();
    const body = { childId, bedId, startDate: START, costs: { core: 445_000 } };
    const send = () => officer.api('POST', '/api/v1/placements', body, { 'idempotency-key': key });
    const answers = await Promise.all(
      Array.from({ length: N }, async () => {
        const res = await send();
        return {
          status: res.status,
          replayed: res.headers.get('idempotent-replayed'),
          body: await res.text(),
        };
      }),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s >= 500),
      'no server error',
    ).toEqual([]);
    // One request did the work; each other one either replayed its answer or was told it is in progress.
    expect(answers.filter((a) => a.status === 201 && !a.replayed)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(409);
      expect(JSON.parse(a.body).error.code).toBe('in-progress');
    }
    const placements = await database.db
      .selectFrom('placement')
      .select('id')
      .where('child_id', '=', childId!)
      .execute();
    expect(placements).toHaveLength(1);
    // Once it has finished, a retry replays the same answer and still does nothing more.
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(placements[0]!.id);
    console.info(
      `[concurrency] ${testDbKind()} idempotency, same body: ${JSON.stringify(countBy(answers.map((a) => `${a.status}${a.replayed ? ' replayed' : ''}`)))}`,
    );
  });

  it(`gives one effect for ${N} simultaneous requests with one key and different bodies, refusing the others`, async () => {
    const beds = await Promise.all(Array.from({ length: N }, (_, i) => newBed(`Idempotency bed 2.${i}`)));
    const children = await newChildren('IDEM-DIFF', N);
    const key = randomUUID();
    const answers = await Promise.all(
      children.map(async (childId, i) => {
        const res = await officer.api(
          'POST',
          '/api/v1/placements',
          { childId, bedId: beds[i], startDate: START, costs: { core: 445_000 } },
          { 'idempotency-key': key },
        );
        return { status: res.status, body: await res.text() };
      }),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect([409, 422]).toContain(a.status);
      expect(['in-progress', 'idempotency-key-reused']).toContain(JSON.parse(a.body).error.code);
    }
    const placements = await database.db
      .selectFrom('placement')
      .select('id')
      .where('child_id', 'in', children)
      .execute();
    expect(placements).toHaveLength(1);
  });
});

function summary(r: RaceResult) {
  return {
    attempts: r.attempts,
    won: r.won,
    refused: r.refused,
    other: r.other.length,
    bookings: r.bookings,
    overlaps: r.overlaps,
    ms: r.ms,
  };
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
