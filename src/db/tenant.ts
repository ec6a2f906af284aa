/**
 * Every request that touches tenant data runs inside `withTenant`: one transaction that sets the
 * caller's organisation, kind, role and region as transaction-local settings and then switches to
 * the `app_tenant` role, so the database's row-level security scopes every query (see
 * migrations/0001). Transaction-local (`set_config(…, true)`, `SET LOCAL`) is what makes this safe
 * on a pooled connection: nothing outlives the transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, type KyselyPlugin, sql, type Transaction } from 'kysely';
import type { OrgKind, Role } from '../domain/shared/codes.ts';
import type { DB } from './schema.ts';

export interface Tenant {
  userId: string;
  orgId: string;
  orgKind: OrgKind;
  role: Role;
  regionCode: string;
}

export type Tx = Transaction<DB>;
export type Executor = Kysely<DB> | Tx;

export async function setTenant(trx: Tx, t: Tenant): Promise<void> {
  await sql`select set_config('app.org_id', ${t.orgId}, true), set_config('app.org_kind', ${t.orgKind}, true),
    set_config('app.role', ${t.role}, true), set_config('app.region_code', ${t.regionCode}, true),
    set_config('app.user_id', ${t.userId}, true)`.execute(trx);
  await sql`set local role app_tenant`.execute(trx);
}

export function withTenant<T>(db: Kysely<DB>, tenant: Tenant, fn: (trx: Tx) => Promise<T>): Promise<T> {
  const signal = cancellation.getStore();
  return db.transaction().execute(async (trx) => {
    await setTenant(trx, tenant);
    if (!signal) return fn(trx);
    const result = await fn(trx.withPlugin(new StopWhenCancelled(signal)));
    if (signal.aborted) throw new Cancelled();
    return result;
  });
}

/**
 * Work nobody waits for any more: a request whose client disconnected (src/server/http/
 * cancellation.ts runs upload requests under their connection's signal). A tenant transaction
 * started under `runCancellable(signal, …)` stops at its next statement once the signal fires, and
 * rolls back, so a long import stops when its client goes away and leaves nothing behind.
 */
export class Cancelled extends Error {
  constructor() {
    super('the client went away before the work finished; nothing was committed');
  }
}

const cancellation = new AsyncLocalStorage<AbortSignal | undefined>();

/** Runs `fn` so that tenant transactions it starts stop when `signal` fires (undefined: never). */
export function runCancellable<T>(signal: AbortSignal | undefined, fn: () => T): T {
  return cancellation.run(signal, fn);
}

class StopWhenCancelled implements KyselyPlugin {
  private lastYield = performance.now();
  constructor(private readonly signal: AbortSignal) {}
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    if (this.signal.aborted) throw new Cancelled();
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => {
    // Embedded PGlite answers in the same thread without ever reaching the event loop's I/O
    // phase, so a closed connection would go unnoticed until the work ended: let I/O in now and
    // then (every 20 ms of work).
    if (performance.now() - this.lastYield > 20) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
    }
    return args.result;
  };
}

/**
 * A transaction as the application itself (no tenant): sign-in, sessions, migrations, seeding,
 * the job runner's claim. Never used to serve tenant data to a user.
 */
export function withSystem<T>(db: Kysely<DB>, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
