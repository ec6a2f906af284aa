/** Job rows: claimed and leased by the runner (system), read and created by tenants. */
import { sql } from 'kysely';
import type { Executor } from '../tenant.ts';

export interface JobRow {
  id: string;
  org_id: string;
  created_by: string | null;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  message: string;
  payload: Record<string, unknown>;
  result: unknown;
  error: string | null;
  attempts: number;
  max_attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export async function insertJob(
  db: Executor,
  j: {
    orgId: string;
    createdBy: string | null;
    kind: string;
    payload: Record<string, unknown>;
    maxAttempts?: number;
  },
): Promise<string> {
  const row = await db
    .insertInto('job')
    .values({
      org_id: j.orgId,
      created_by: j.createdBy,
      kind: j.kind,
      payload: JSON.stringify(j.payload),
      max_attempts: j.maxAttempts ?? 3,
      message: 'Waiting to start',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Claims the oldest job that is queued, or running with an expired lease (its runner died). */
export async function claimJob(
  db: Executor,
  owner: string,
  leaseSeconds: number,
): Promise<JobRow | undefined> {
  const r = await sql<JobRow>`
    UPDATE job SET status = 'running', attempts = attempts + 1, lease_owner = ${owner},
      lease_expires_at = now() + make_interval(secs => ${leaseSeconds}),
      started_at = coalesce(started_at, now()),
      message = CASE WHEN status = 'running' THEN 'Restarted after an interruption' ELSE 'Started' END
    WHERE id = (
      SELECT id FROM job
      WHERE status = 'queued' OR (status = 'running' AND lease_expires_at < now())
      ORDER BY created_at
      FOR UPDATE SKIP LOCKED
      LIMIT 1)
    RETURNING id, org_id, created_by, kind, status, progress, message, payload, result, error, attempts,
      max_attempts, created_at, started_at, finished_at`.execute(db);
  return r.rows[0];
}

/** Records progress and extends the lease; false when the lease was lost or the job cancelled. */
export async function heartbeat(
  db: Executor,
  id: string,
  owner: string,
  leaseSeconds: number,
  progress?: { fraction: number; message?: string },
): Promise<boolean> {
  const r = await db
    .updateTable('job')
    .set({
      lease_expires_at: sql`now() + make_interval(secs => ${leaseSeconds})`,
      ...(progress ? { progress: Math.max(0, Math.min(1, progress.fraction)) } : {}),
      ...(progress?.message !== undefined ? { message: progress.message } : {}),
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishJob(
  db: Executor,
  id: string,
  owner: string,
  outcome: { status: 'succeeded'; result: unknown } | { status: 'failed' | 'queued'; error: string },
): Promise<boolean> {
  const r = await db
    .updateTable('job')
    .set(
      outcome.status === 'succeeded'
        ? {
            status: 'succeeded',
            progress: 1,
            message: 'Finished',
            result: JSON.stringify(outcome.result ?? null),
            finished_at: sql`now()`,
            lease_owner: null,
            lease_expires_at: null,
          }
        : {
            status: outcome.status,
            error: outcome.error,
            message: outcome.status === 'queued' ? 'Will retry' : 'Failed',
            finished_at: outcome.status === 'failed' ? sql`now()` : null,
            lease_owner: null,
            lease_expires_at: null,
          },
    )
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findJob(db: Executor, id: string): Promise<JobRow | undefined> {
  return (await db
    .selectFrom('job')
    .select([
      'id',
      'org_id',
      'created_by',
      'kind',
      'status',
      'progress',
      'message',
      'payload',
      'result',
      'error',
      'attempts',
      'max_attempts',
      'created_at',
      'started_at',
      'finished_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst()) as JobRow | undefined;
}

export async function cancelJob(db: Executor, id: string): Promise<boolean> {
  const r = await db
    .updateTable('job')
    .set({ status: 'cancelled', message: 'Cancelled', finished_at: sql`now()`, lease_owner: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function jobTenant(db: Executor, userId: string) {
  return db
    .selectFrom('app_user')
    .innerJoin('organisation', 'organisation.id', 'app_user.org_id')
    .select([
      'app_user.id as userId',
      'organisation.id as orgId',
      'organisation.kind as orgKind',
      'app_user.role',
      'organisation.region_code as regionCode',
    ])
    .where('app_user.id', '=', userId)
    .executeTakeFirst();
}
