/**
 * Loading a tender the caller may see (row-level security decides: the hub that runs it, the
 * commissioners of its participating LAs). Another organisation's tender is "not found", exactly as
 * a tender that does not exist.
 */
import type { Kysely } from 'kysely';
import {
  bidsOf,
  criteriaOf,
  findTender,
  latestEvaluation,
  lotsOf,
  type TenderRow,
  tenderEvents,
  tenderParties,
} from '../../db/queries/tenders.ts';
import type { DB } from '../../db/schema.ts';
import { type Executor, type Tenant, withTenant } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { TenderEvaluation } from '../../domain/tenders/evaluate.ts';
import type { TenderRules } from '../../domain/tenders/tender.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

export async function requireTender(
  db: Executor,
  tenderId: string,
  opts: { lock?: boolean } = {},
): Promise<TenderRow> {
  const t = isUuid(tenderId) ? await findTender(db, tenderId, opts) : undefined;
  if (!t) throw new DomainError('not-found', 'No such tender');
  return t;
}

/** Whether the caller runs this tender (may change it), rather than reads it as a participating LA. */
export function runsTender(t: TenderRow, tenant: Tenant): boolean {
  return t.org_id === tenant.orgId && tenant.role === 'hub-analyst';
}

export function rulesOf(t: TenderRow): TenderRules {
  return t.rules as unknown as TenderRules;
}

export async function loadTender(db: Executor, tenderId: string) {
  const tender = await requireTender(db, tenderId);
  const [lots, criteria, bids, evaluation, events] = await Promise.all([
    lotsOf(db, tenderId),
    criteriaOf(db, tenderId),
    bidsOf(db, tenderId),
    latestEvaluation(db, tenderId),
    tenderEvents(db, tenderId),
  ]);
  const parties = await tenderParties(db, tender.party_org_ids);
  return {
    tender,
    rules: rulesOf(tender),
    lots,
    criteria,
    bids,
    parties,
    events,
    evaluation: evaluation
      ? {
          id: evaluation.id,
          revision: evaluation.revision,
          evaluatedAt: evaluation.evaluatedAt,
          evaluatedBy: evaluation.evaluatedBy,
          result: evaluation.result as unknown as TenderEvaluation,
          current: evaluation.revision === tender.revision,
        }
      : null,
  };
}

export type TenderView = Awaited<ReturnType<typeof loadTender>>;

export function readTender(db: Kysely<DB>, tenant: Tenant, tenderId: string): Promise<TenderView> {
  return withTenant(db, tenant, (trx) => loadTender(trx, tenderId));
}
