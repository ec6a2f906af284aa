import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../db/connect.ts';
import { claimJob, findJob, jobTenant } from '../../db/queries/jobs.ts';
import type { Tenant } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { JobRunner } from './runner.ts';

let database: Database;
let tenant: Tenant;
beforeAll(async () => {
  database = await testDatabase({ demo: true });
  const user = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', 'analyst.hub@demo.example')
    .executeTakeFirstOrThrow();
  tenant = (await jobTenant(database.db, user.id))!;
});
afterAll(() => database.close());

async function auditCount(marker: string): Promise<number> {
  const rows = await database.db
    .selectFrom('audit_event')
    .select('id')
    .where('entity_id', '=', marker)
    .execute();
  return rows.length;
}

describe('job runner', () => {
  it('runs a job to completion with progress and a result', async () => {
    const runner = new JobRunner(database.db);
    const seen: number[] = [];
    runner.register('count', async (ctx) => {
      for (const f of [0.25, 0.5, 0.75]) {
        await ctx.progress(f, `step ${f}`);
        seen.push((await findJob(database.db, ctx.job.id))!.progress);
      }
      return { counted: 3 };
    });
    const id = await runner.enqueue(database.db, tenant, 'count', {});
    expect(await runner.runOnce()).toBe(true);
    const job = (await findJob(database.db, id))!;
    expect(job.status).toBe('succeeded');
    expect(job.progress).toBe(1);
    expect(job.result).toEqual({ counted: 3 });
    expect(seen).toEqual([0.25, 0.5, 0.75]);
  });

  it('commits a job’s effect and its completion together, or neither', async () => {
    const runner = new JobRunner(database.db);
    let attempt = 0;
    runner.register('write', async (ctx) =>
      ctx.completeWith(async (trx) => {
        attempt++;
        await trx
          .insertInto('audit_event')
          .values({
            org_id: ctx.tenant.orgId,
            user_id: ctx.tenant.userId,
            action: 'create',
            entity_type: 'test',
            entity_id: 'atomic',
            detail: '{}',
          })
          .execute();
        if (attempt === 1) throw new Error('crash after writing');
        return { attempt };
      }),
    );
    const id = await runner.enqueue(database.db, tenant, 'write', {});
    await runner.runOnce();
    expect((await findJob(database.db, id))!.status).toBe('queued'); // will retry
    expect(await auditCount('atomic')).toBe(0); // the first attempt's write was rolled back
    await runner.runOnce();
    const job = (await findJob(database.db, id))!;
    expect([job.status, job.attempts, job.result]).toEqual(['succeeded', 2, { attempt: 2 }]);
    expect(await auditCount('atomic')).toBe(1);
  });

  it('re-runs a job whose runner died, once its lease has expired', async () => {
    const dead = 'dead-runner';
    const runner = new JobRunner(database.db, { leaseSeconds: 30 });
    runner.register('survive', async () => ({ ok: true }));
    const id = await runner.enqueue(database.db, tenant, 'survive', {});
    const claimed = await claimJob(database.db, dead, 1); // a runner claims it, then "crashes"
    expect(claimed?.id).toBe(id);
    expect(await runner.runOnce()).toBe(false); // lease still live: nobody else may take it
    await new Promise((r) => setTimeout(r, 1200));
    expect(await runner.runOnce()).toBe(true);
    const job = (await findJob(database.db, id))!;
    expect([job.status, job.attempts]).toEqual(['succeeded', 2]);
  });

  it('fails a job for bad input at once, without retrying', async () => {
    const runner = new JobRunner(database.db);
    runner.register('bad', async () => {
      throw new DomainError('validation', 'row 3, field "URN": not a URN');
    });
    const id = await runner.enqueue(database.db, tenant, 'bad', {});
    await runner.runOnce();
    const job = (await findJob(database.db, id))!;
    expect([job.status, job.attempts, job.error]).toEqual(['failed', 1, 'row 3, field "URN": not a URN']);
  });

  it('stops a cancelled job at its next progress report', async () => {
    const runner = new JobRunner(database.db);
    let reached = 0;
    runner.register('long', async (ctx) => {
      for (let i = 1; i <= 5; i++) {
        if (i === 2)
          await database.db
            .updateTable('job')
            .set({ status: 'cancelled' })
            .where('id', '=', ctx.job.id)
            .execute();
        await ctx.progress(i / 5);
        reached = i;
      }
    });
    const id = await runner.enqueue(database.db, tenant, 'long', {});
    await runner.runOnce();
    expect(reached).toBe(1);
    expect((await findJob(database.db, id))!.status).toBe('cancelled');
  });
});
