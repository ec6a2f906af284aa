/**
 * `Idempotency-Key` records (src/server/http/idempotency.ts): one row a key of the caller's
 * organisation, pending while its first request runs and holding the answer once it is done. Every
 * query runs under the caller's row-level security.
 */
import type { Selectable } from 'kysely';
import type { IdempotencyKeyTable } from '../tables/idempotency.ts';
import type { Executor } from '../tenant.ts';

export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;

/**
 * Records a key as pending for this request; false when the organisation has already used the key
 * (the row is left as it is).
 */
export async function claimIdempotencyKey(
  db: Executor,
  k: { orgId: string; key: string; userId: string; method: string; path: string; bodySha256: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_key')
    .values({
      org_id: k.orgId,
      key: k.key,
      user_id: k.userId,
      method: k.method,
      path: k.path,
      body_sha256: k.bodySha256,
    })
    .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The record of a key the caller's organisation has used (throws when there is none). */
export async function findIdempotencyKey(db: Executor, key: string): Promise<IdempotencyKeyRow> {
  return db.selectFrom('idempotency_key').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
}

/** Forgets a key, so the client may retry with it (after a server error). */
export async function releaseIdempotencyKey(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('idempotency_key').where('key', '=', key).execute();
}

/** Stores the answer to a key's request and marks the key done, for repeats to replay. */
export async function completeIdempotencyKey(
  db: Executor,
  key: string,
  answer: { statusCode: number; contentType: string; responseBody: string },
): Promise<void> {
  await db
    .updateTable('idempotency_key')
    .set({
      state: 'done',
      status_code: answer.statusCode,
      content_type: answer.contentType,
      response_body: answer.responseBody,
    })
    .where('key', '=', key)
    .execute();
}
