/**
 * Tenders in the database (docs/tenders.md "Pages and API"): a tender run by a hub, its lots,
 * quality criteria and rules, its bids (one row a bid, one a home offered), every scoring run and
 * the history of changes. Row-level security decides who sees a tender (the hub that runs it and the
 * commissioners of its participating LAs); every query here runs under it.
 */
import type { Selectable } from 'kysely';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Bid, QualityCriterion, TenderBids, TenderRules } from '../../domain/tenders/tender.ts';
import type { TenderEventKind, TenderTable } from '../tables/regional.ts';
import type { Executor, Tenant } from '../tenant.ts';

export type TenderRow = Selectable<TenderTable>;

export async function listTenders(db: Executor) {
  return db
    .selectFrom('tender')
    .innerJoin('organisation as hub', 'hub.id', 'tender.org_id')
    .select((eb) => [
      'tender.id',
      'tender.reference',
      'tender.name',
      'tender.status',
      'tender.revision',
      'tender.created_at as createdAt',
      'hub.name as hubName',
      eb
        .selectFrom('tender_bid')
        .select((x) => x.fn.countAll<string>().as('n'))
        .whereRef('tender_bid.tender_id', '=', 'tender.id')
        .as('bids'),
      eb
        .selectFrom('tender_evaluation')
        .select('tender_evaluation.evaluated_at')
        .whereRef('tender_evaluation.tender_id', '=', 'tender.id')
        .orderBy('tender_evaluation.evaluated_at', 'desc')
        .limit(1)
        .as('lastEvaluatedAt'),
    ])
    .orderBy('tender.created_at', 'desc')
    .execute();
}

export async function findTender(db: Executor, tenderId: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom('tender').selectAll().where('id', '=', tenderId);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function lotsOf(db: Executor, tenderId: string) {
  return db
    .selectFrom('tender_lot')
    .select(['code', 'name'])
    .where('tender_id', '=', tenderId)
    .orderBy('position')
    .execute();
}

export async function criteriaOf(db: Executor, tenderId: string): Promise<QualityCriterion[]> {
  const rows = await db
    .selectFrom('tender_criterion')
    .select(['code', 'label', 'weight', 'max_score'])
    .where('tender_id', '=', tenderId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ id: r.code, label: r.label, weight: r.weight, maxScore: r.max_score }));
}

export interface StoredBid extends Bid {
  id: string;
  source: 'file' | 'form' | 'api';
  createdAt: Date;
}

/** The tender's bids in the order they were received (lots in their order), homes in the bidder's order. */
export async function bidsOf(db: Executor, tenderId: string): Promise<StoredBid[]> {
  const bids = await db
    .selectFrom('tender_bid')
    .innerJoin('tender_lot', (j) =>
      j
        .onRef('tender_lot.tender_id', '=', 'tender_bid.tender_id')
        .onRef('tender_lot.code', '=', 'tender_bid.lot_code'),
    )
    .select([
      'tender_bid.id',
      'tender_bid.lot_code as lot',
      'tender_bid.ref',
      'tender_bid.provider_name as provider',
      'tender_bid.weekly_price_pence as weeklyPrice',
      'tender_bid.marks',
      'tender_bid.source',
      'tender_bid.created_at as createdAt',
    ])
    .where('tender_bid.tender_id', '=', tenderId)
    .orderBy('tender_lot.position')
    .orderBy('tender_bid.position')
    .execute();
  const homes = await db
    .selectFrom('tender_bid_home')
    .select(['bid_id', 'name', 'urn', 'beds'])
    .where('tender_id', '=', tenderId)
    .orderBy('bid_id')
    .orderBy('position')
    .execute();
  const byBid = new Map<string, Bid['homes'][number][]>();
  for (const h of homes) {
    const list = byBid.get(h.bid_id) ?? [];
    list.push({ name: h.name, urn: h.urn, beds: h.beds });
    byBid.set(h.bid_id, list);
  }
  return bids.map((b) => ({
    id: b.id,
    lot: b.lot,
    ref: b.ref,
    provider: b.provider,
    weeklyPrice: b.weeklyPrice,
    quality: b.marks,
    homes: byBid.get(b.id) ?? [],
    source: b.source,
    createdAt: b.createdAt,
  }));
}

/** The tender as the engine reads it. */
export async function tenderBids(db: Executor, tenderId: string): Promise<TenderBids> {
  const [criteria, bids] = await Promise.all([criteriaOf(db, tenderId), bidsOf(db, tenderId)]);
  return { criteria, bids: bids.map(({ id: _id, source: _s, createdAt: _c, ...bid }) => bid) };
}

export async function insertTender(
  db: Executor,
  tenant: Tenant,
  t: {
    reference: string;
    name: string;
    rules: TenderRules;
    partyOrgIds: string[];
    lots: { code: string; name: string }[];
    criteria: QualityCriterion[];
  },
): Promise<string> {
  const row = await db
    .insertInto('tender')
    .values({
      org_id: tenant.orgId,
      region_code: tenant.regionCode,
      reference: t.reference,
      name: t.name,
      rules: JSON.stringify(t.rules),
      party_org_ids: t.partyOrgIds,
      created_by: tenant.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('tender_lot')
    .values(
      t.lots.map((l, i) => ({
        tender_id: row.id,
        org_id: tenant.orgId,
        code: l.code,
        name: l.name,
        position: i,
      })),
    )
    .execute();
  await db
    .insertInto('tender_criterion')
    .values(
      t.criteria.map((c, i) => ({
        tender_id: row.id,
        org_id: tenant.orgId,
        code: c.id,
        label: c.label,
        weight: c.weight,
        max_score: c.maxScore,
        position: i,
      })),
    )
    .execute();
  return row.id;
}

/**
 * Marks the tender changed (its bids or rules), so an earlier scoring run shows as out of date.
 * A closed tender cannot change: refused here too, whatever the caller checked.
 */
export async function bumpRevision(db: Executor, tenderId: string, set: { rules?: TenderRules } = {}) {
  const row = await db
    .updateTable('tender')
    .set((eb) => ({
      revision: eb('revision', '+', 1),
      updated_at: new Date(),
      ...(set.rules ? { rules: JSON.stringify(set.rules) } : {}),
    }))
    .where('id', '=', tenderId)
    .where('status', '=', 'open')
    .returning('revision')
    .executeTakeFirst();
  if (!row) throw new DomainError('conflict', 'The tender is closed: its bids and rules cannot change');
  return row;
}

/** Marks a tender closed (the caller holds its row lock and has checked it may close). */
export async function closeTenderRow(db: Executor, tenderId: string): Promise<void> {
  await db
    .updateTable('tender')
    .set({ status: 'closed', updated_at: new Date() })
    .where('id', '=', tenderId)
    .execute();
}

export async function insertBids(
  db: Executor,
  tenant: Tenant,
  tenderId: string,
  bids: readonly Bid[],
  source: 'file' | 'form' | 'api',
  uploadId: string | null = null,
): Promise<string[]> {
  if (bids.length === 0) return [];
  const start = await db
    .selectFrom('tender_bid')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.val(-1)).as('max'))
    .where('tender_id', '=', tenderId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .insertInto('tender_bid')
    .values(
      bids.map((b, i) => ({
        tender_id: tenderId,
        org_id: tenant.orgId,
        lot_code: b.lot,
        ref: b.ref,
        provider_name: b.provider,
        weekly_price_pence: b.weeklyPrice,
        marks: JSON.stringify(b.quality),
        source,
        upload_id: uploadId,
        position: Number(start.max) + 1 + i,
        created_by: tenant.userId,
      })),
    )
    .returning('id')
    .execute();
  const homes = bids.flatMap((b, i) =>
    b.homes.map((h, k) => ({
      bid_id: rows[i]!.id,
      tender_id: tenderId,
      org_id: tenant.orgId,
      position: k,
      name: h.name,
      urn: h.urn,
      beds: h.beds,
    })),
  );
  if (homes.length) await db.insertInto('tender_bid_home').values(homes).execute();
  return rows.map((r) => r.id);
}

export async function deleteBid(db: Executor, tenderId: string, bidId: string) {
  return db
    .deleteFrom('tender_bid')
    .where('tender_id', '=', tenderId)
    .where('id', '=', bidId)
    .returning(['id', 'ref', 'lot_code as lot', 'provider_name as provider'])
    .executeTakeFirst();
}

export async function deleteAllBids(db: Executor, tenderId: string): Promise<number> {
  const r = await db.deleteFrom('tender_bid').where('tender_id', '=', tenderId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertEvaluation(
  db: Executor,
  tenant: Tenant,
  tenderId: string,
  revision: number,
  result: object,
): Promise<string> {
  const row = await db
    .insertInto('tender_evaluation')
    .values({
      tender_id: tenderId,
      org_id: tenant.orgId,
      revision,
      evaluated_by: tenant.userId,
      result: JSON.stringify(result),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function latestEvaluation(db: Executor, tenderId: string) {
  return db
    .selectFrom('tender_evaluation')
    .leftJoin('app_user', 'app_user.id', 'tender_evaluation.evaluated_by')
    .select([
      'tender_evaluation.id',
      'tender_evaluation.revision',
      'tender_evaluation.evaluated_at as evaluatedAt',
      'tender_evaluation.result',
      'app_user.display_name as evaluatedBy',
    ])
    .where('tender_evaluation.tender_id', '=', tenderId)
    .orderBy('tender_evaluation.evaluated_at', 'desc')
    .orderBy('tender_evaluation.id')
    .limit(1)
    .executeTakeFirst();
}

export async function appendTenderEvent(
  db: Executor,
  tenant: Tenant,
  tenderId: string,
  kind: TenderEventKind,
  detail: Record<string, unknown> = {},
) {
  await db
    .insertInto('tender_event')
    .values({
      tender_id: tenderId,
      org_id: tenant.orgId,
      user_id: tenant.userId,
      kind,
      detail: JSON.stringify(detail),
    })
    .execute();
}

export async function tenderEvents(db: Executor, tenderId: string) {
  return db
    .selectFrom('tender_event')
    .leftJoin('app_user', 'app_user.id', 'tender_event.user_id')
    .select([
      'tender_event.id',
      'tender_event.at',
      'tender_event.kind',
      'tender_event.detail',
      'app_user.display_name as userName',
    ])
    .where('tender_event.tender_id', '=', tenderId)
    .orderBy('tender_event.id')
    .execute();
}

/** LAs of the caller's region (the parties a tender can have). */
export async function regionLaOrgs(db: Executor, regionCode: string) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'la_code as laCode'])
    .where('kind', '=', 'local-authority')
    .where('region_code', '=', regionCode)
    .orderBy('name')
    .execute();
}

/** The id of the hub's tender with this reference, if it has one. */
export async function findTenderIdByReference(
  db: Executor,
  orgId: string,
  reference: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('tender')
    .select('id')
    .where('org_id', '=', orgId)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

/** The participating organisations of a tender (ids and names), by name. */
export async function tenderParties(
  db: Executor,
  partyOrgIds: readonly string[],
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('id', 'in', partyOrgIds.length ? partyOrgIds : ['00000000-0000-0000-0000-000000000000'])
    .orderBy('name')
    .execute();
}
