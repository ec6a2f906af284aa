/**
 * The bed ledger's writes: placements, endings and unavailability, under row-level security, and
 * the guarantee that concurrent writers cannot double-book a bed (100 attempts, one winner). On
 * PGlite transactions run one at a time; on PostgreSQL they truly race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endPlacement } from '../../src/app/ledger/end-placement.ts';
import { markUnavailable } from '../../src/app/ledger/mark-unavailable.ts';
import { recordPlacement } from '../../src/app/ledger/record-placement.ts';
import type { Database } from '../../src/db/connect.ts';
import { jobTenant } from '../../src/db/queries/jobs.ts';
import { vacantContractBeds } from '../../src/db/queries/ledger.ts';
import { type Tenant, withTenant } from '../../src/db/tenant.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { testDatabase } from '../helpers/db.ts';

let database: Database;
const tenants: Record<string, Tenant> = {};
const TODAY = '2026-11-20';

async function tenantOf(email: string): Promise<Tenant> {
  const u = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return (await jobTenant(database.db, u.id))!;
}

async function newChild(t: Tenant, ref: string): Promise<string> {
  return withTenant(
    database.db,
    t,
    async (trx) =>
      (
        await trx
          .insertInto('child')
          .values({
            org_id: t.orgId,
            child_ref: ref,
            sex: 'male',
            born_in: '2011-05-01',
            primary_need: 'ebd',
            home_postcode_sector: 'W5 3',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
  );
}

beforeAll(async () => {
  database = await testDatabase({ demo: true, poolSize: 40 });
  for (const who of ['officer.ealing', 'officer.brent', 'manager.elmtree', 'manager.harbour']) {
    tenants[who] = await tenantOf(`${who}@demo.example`);
  }
});
afterAll(() => database.close());

async function vacantBed(t: Tenant, providerOrg: string) {
  const beds = await withTenant(database.db, t, (trx) => vacantContractBeds(trx, TODAY));
  const bed = beds.find((b) => b.providerOrgId === providerOrg);
  if (!bed) throw new Error('no vacant bed in the demo');
  return bed;
}

describe('recording placements', () => {
  it('places a child in a vacant block bed, with the ledger facts partners need and a distance from home', async () => {
    const ealing = tenants['officer.ealing']!;
    const bed = await vacantBed(ealing, tenants['manager.elmtree']!.orgId);
    const child = await newChild(ealing, 'EAL-T1');
    const id = await withTenant(database.db, ealing, (trx) =>
      recordPlacement(trx, ealing, {
        childId: child,
        bedId: bed.bedId,
        startDate: TODAY,
        costs: { core: 430_000, education: 40_000 },
      }),
    );
    const interval = await database.db
      .selectFrom('bed_interval')
      .selectAll()
      .where('placement_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(interval.placing_org_id).toBe(ealing.orgId);
    expect(interval.need_segment).toBe('ebd-standard');
    expect(Number(interval.distance_miles)).toBeGreaterThan(0);
    const placement = await database.db
      .selectFrom('placement')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect([placement.route, placement.contract_id, placement.total_weekly_pence]).toEqual([
      'block',
      bed.contractId,
      470_000,
    ]);
    const audit = await database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);

    // Ending it starts the bed's hold; a second ending is refused.
    await withTenant(database.db, ealing, (trx) =>
      endPlacement(trx, ealing, { placementId: id, endDate: '2026-12-01', ending: 'planned' }),
    );
    const ended = await database.db
      .selectFrom('bed_interval')
      .select(['to_date', 'ending'])
      .where('placement_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(ended).toEqual({ to_date: '2026-12-01', ending: 'planned' });
    await expect(
      withTenant(database.db, ealing, (trx) =>
        endPlacement(trx, ealing, { placementId: id, endDate: '2026-12-02', ending: 'planned' }),
      ),
    ).rejects.toThrow(/already ended/);
  });

  it('refuses a placement in an occupied bed, naming the bed and when it is busy, and writes nothing', async () => {
    const brent = tenants['officer.brent']!;
    const occupied = await database.db
      .selectFrom('bed_interval')
      .innerJoin('bed', 'bed.id', 'bed_interval.bed_id')
      .select(['bed.id', 'bed.label'])
      .where('bed_interval.kind', '=', 'placement')
      .where('bed_interval.to_date', 'is', null)
      .executeTakeFirstOrThrow();
    const child = await newChild(brent, 'BRE-T1');
    const before = await database.db
      .selectFrom('placement')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const err = await withTenant(database.db, brent, (trx) =>
      recordPlacement(trx, brent, {
        childId: child,
        bedId: occupied.id,
        startDate: TODAY,
        costs: { core: 500_000 },
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('bed-unavailable');
    expect((err as DomainError).message).toContain(
      `${occupied.label} is not free from ${TODAY}: it is occupied from`,
    );
    const after = await database.db
      .selectFrom('placement')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('names every bad field at once', async () => {
    const ealing = tenants['officer.ealing']!;
    const err = (await withTenant(database.db, ealing, (trx) =>
      recordPlacement(trx, ealing, {
        childId: 'x',
        bedId: 'y',
        startDate: '2026-02-30',
        costs: { core: -5, therapy: 1.5 },
      }),
    ).catch((e: unknown) => e)) as DomainError;
    expect(err.fieldErrors.map((f) => f.field)).toEqual([
      'startDate',
      'costs.core',
      'costs.core',
      'costs.therapy',
    ]);
  });

  it('does not let an LA place another LA’s child', async () => {
    const brent = tenants['officer.brent']!;
    const ealing = tenants['officer.ealing']!;
    const ealingChild = await newChild(ealing, 'EAL-T2');
    const bed = await vacantBed(brent, tenants['manager.elmtree']!.orgId);
    await expect(
      withTenant(database.db, brent, (trx) =>
        recordPlacement(trx, brent, {
          childId: ealingChild,
          bedId: bed.bedId,
          startDate: TODAY,
          costs: { core: 1 },
        }),
      ),
    ).rejects.toThrow('No such child');
  });
});

describe('unavailability', () => {
  it('lets the provider mark its own free bed unavailable, refuses overlaps, and refuses others’ beds', async () => {
    const elmtree = tenants['manager.elmtree']!;
    const bed = await vacantBed(elmtree, elmtree.orgId);
    await withTenant(database.db, elmtree, (trx) =>
      markUnavailable(trx, elmtree, {
        bedId: bed.bedId,
        kind: 'unavailable-provider',
        from: '2027-03-01',
        to: '2027-03-10',
        reason: 'Staffing',
      }),
    );
    await expect(
      withTenant(database.db, elmtree, (trx) =>
        markUnavailable(trx, elmtree, {
          bedId: bed.bedId,
          kind: 'unavailable-agreed',
          from: '2027-03-05',
          reason: 'Residents',
        }),
      ),
    ).rejects.toThrow(/already unavailable from 2027-03-01 to 2027-03-10/);
    const harbour = tenants['manager.harbour']!;
    await expect(
      withTenant(database.db, harbour, (trx) =>
        markUnavailable(trx, harbour, {
          bedId: bed.bedId,
          kind: 'unavailable-provider',
          from: '2027-04-01',
          reason: 'x',
        }),
      ),
    ).rejects.toThrow('No such bed');
    const bad = (await withTenant(database.db, elmtree, (trx) =>
      markUnavailable(trx, elmtree, {
        bedId: bed.bedId,
        kind: 'unavailable-provider',
        from: '2027-05-10',
        to: '2027-05-01',
        reason: ' ',
      }),
    ).catch((e: unknown) => e)) as DomainError;
    expect(bad.fieldErrors.map((f) => f.field)).toEqual(['to', 'reason']);
  });
});

describe('concurrent claims on one bed', () => {
  it('lets exactly one of 100 simultaneous placements into a vacant bed succeed, with no other kind of failure', async () => {
    const ealing = tenants['officer.ealing']!;
    const bed = await vacantBed(ealing, tenants['manager.harbour']!.orgId);
    const children: string[] = [];
    for (let i = 0; i < 100; i++) children.push(await newChild(ealing, `EAL-RACE-${i}`));
    const results = await Promise.allSettled(
      children.map((child) =>
        withTenant(database.db, ealing, (trx) =>
          recordPlacement(trx, ealing, {
            childId: child,
            bedId: bed.bedId,
            startDate: '2026-12-15',
            costs: { core: 445_000 },
          }),
        ),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const l of lost) {
      const e = l.reason as { code?: string };
      expect(e instanceof DomainError ? e.code : e.code).toMatch(/^(bed-unavailable|23P01)$/);
    }
    const rows = await database.db
      .selectFrom('bed_interval')
      .select('id')
      .where('bed_id', '=', bed.bedId)
      .where('from_date', '=', '2026-12-15')
      .execute();
    expect(rows).toHaveLength(1);
  });
});
