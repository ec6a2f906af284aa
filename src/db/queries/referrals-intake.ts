/**
 * How referrals come in and are read, under the caller's row-level security: drafts, the child
 * record and the referral a submission writes (with the LA's serialised reference numbers), the
 * copies routing sends, the Placements Data Standard import and export, and the reads behind the
 * referral pages and sought vs secured. Every function takes the caller's executor, so the caller
 * decides the transaction.
 */
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { ChildTable, ReferralRecipientTable, ReferralTable } from '../schema.ts';
import type { ReferralDraftTable, ReferralOutcomeTable } from '../tables/referrals.ts';
import type { Executor } from '../tenant.ts';
import { LIVE_REFERRAL_STATUSES } from './referrals.ts';

export type ReferralDraftRow = Selectable<ReferralDraftTable>;
export type ReferralOutcomeRow = Selectable<ReferralOutcomeTable>;

// ---------------------------------------------------------------- the referring LA

// ---------------------------------------------------------------- reference numbers

/**
 * Takes the transaction-scoped lock on the organisation's referral numbering, so two transactions
 * numbering its referrals at once take turns (held until the transaction ends).
 */
export async function lockReferenceNumbering(db: Executor, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(4105, hashtext(${orgId}))`.execute(db);
}

/** The highest number ending one of the organisation's references that start with `prefix`, if any. */
export async function highestReferenceNumber(
  db: Executor,
  orgId: string,
  prefix: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('referral')
    .select(sql<number | null>`max(substring(reference from '([0-9]+)$')::int)`.as('n'))
    .where('org_id', '=', orgId)
    .where('reference', 'like', `${prefix}%`)
    .executeTakeFirst();
  return row?.n ?? null;
}

// ---------------------------------------------------------------- children and referrals

/** The reference of a live referral of the organisation's child with this reference, if there is one. */
export async function liveReferralOfChild(db: Executor, orgId: string, childRef: string) {
  return db
    .selectFrom('referral')
    .innerJoin('child', 'child.id', 'referral.child_id')
    .select('referral.reference')
    .where('child.org_id', '=', orgId)
    .where('child.child_ref', '=', childRef)
    .where('referral.status', 'in', [...LIVE_REFERRAL_STATUSES])
    .executeTakeFirst();
}

/** The id of the organisation's child with this reference, if there is one. */
export async function findChildByRef(db: Executor, orgId: string, childRef: string) {
  return db
    .selectFrom('child')
    .select('id')
    .where('org_id', '=', orgId)
    .where('child_ref', '=', childRef)
    .executeTakeFirst();
}

/** Updates a child record's columns. */
export async function updateChild(
  db: Executor,
  childId: string,
  values: Updateable<ChildTable>,
): Promise<void> {
  await db.updateTable('child').set(values).where('id', '=', childId).execute();
}

/** Inserts a child record; returns its id. */
export async function insertChild(db: Executor, values: Insertable<ChildTable>): Promise<string> {
  const row = await db.insertInto('child').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The organisation's children with these references, with what a draft or import needs of each. */
export async function childrenByRef(db: Executor, orgId: string, refs: readonly string[]) {
  return db
    .selectFrom('child')
    .select(['id', 'child_ref', 'sex', 'born_in', 'primary_need', 'home_postcode_sector', 'legal_status'])
    .where('org_id', '=', orgId)
    .where(sql<boolean>`child_ref = any(${refs}::text[])`)
    .execute();
}

/** Inserts a referral; returns its id. */
export async function insertReferral(db: Executor, values: Insertable<ReferralTable>): Promise<string> {
  const row = await db.insertInto('referral').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts referrals (a non-empty batch); returns their rows. */
export async function insertReferrals(db: Executor, rows: readonly Insertable<ReferralTable>[]) {
  return db
    .insertInto('referral')
    .values([...rows])
    .returningAll()
    .execute();
}

/** Each referral of these children with the London day it was made (`YYYY-MM-DD`). */
export async function referralDaysOfChildren(db: Executor, childIds: readonly string[]) {
  return db
    .selectFrom('referral')
    .select([
      'child_id as childId',
      sql<string>`((created_at at time zone 'Europe/London')::date)::text`.as('day'),
    ])
    .where(sql<boolean>`child_id = any(${childIds}::uuid[])`)
    .execute();
}

/** Inserts outcome records (a non-empty batch), leaving any referral's existing record alone. */
export async function insertOutcomeRecords(
  db: Executor,
  rows: readonly Insertable<ReferralOutcomeTable>[],
): Promise<void> {
  await db
    .insertInto('referral_outcome')
    .values([...rows])
    .onConflict((oc) => oc.column('referral_id').doNothing())
    .execute();
}

/** Outcome records (all the caller may read), by LA code then end date; optionally ended in [from, to). */
export async function listOutcomeRecords(
  db: Executor,
  filter: { from?: string; to?: string } = {},
): Promise<ReferralOutcomeRow[]> {
  let q = db.selectFrom('referral_outcome').selectAll().orderBy('la_code').orderBy('ended_on');
  if (filter.from) q = q.where('ended_on', '>=', filter.from);
  if (filter.to) q = q.where('ended_on', '<', filter.to);
  return q.execute();
}

// ---------------------------------------------------------------- drafts

/** Inserts a draft; returns its id. */
export async function insertReferralDraft(
  db: Executor,
  values: Insertable<ReferralDraftTable>,
): Promise<string> {
  const row = await db.insertInto('referral_draft').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts drafts (a non-empty batch); returns their ids. */
export async function insertReferralDrafts(
  db: Executor,
  rows: readonly Insertable<ReferralDraftTable>[],
): Promise<{ id: string }[]> {
  return db
    .insertInto('referral_draft')
    .values([...rows])
    .returning('id')
    .execute();
}

/** The draft with this id, if the caller may see it. */
export async function findReferralDraft(
  db: Executor,
  draftId: string,
): Promise<ReferralDraftRow | undefined> {
  return db.selectFrom('referral_draft').selectAll().where('id', '=', draftId).executeTakeFirst();
}

/** Replaces a draft's answers (given as JSON) and when it was last updated. */
export async function updateReferralDraftAnswers(
  db: Executor,
  draftId: string,
  values: { answers: string; updatedAt: Date },
): Promise<void> {
  await db
    .updateTable('referral_draft')
    .set({ answers: values.answers, updated_at: values.updatedAt })
    .where('id', '=', draftId)
    .execute();
}

/** Deletes a draft. */
export async function deleteReferralDraft(db: Executor, draftId: string): Promise<void> {
  await db.deleteFrom('referral_draft').where('id', '=', draftId).execute();
}

/** The organisation's drafts, most recently updated first. */
export async function listReferralDrafts(db: Executor, orgId: string) {
  return db
    .selectFrom('referral_draft')
    .select(['id', 'answers', 'source', 'updated_at as updatedAt'])
    .where('org_id', '=', orgId)
    .orderBy('updated_at', 'desc')
    .execute();
}

/** The child reference and referral date each of the organisation's drafts was saved with, if any. */
export async function referralDraftKeys(db: Executor, orgId: string) {
  return db
    .selectFrom('referral_draft')
    .select([
      sql<string | null>`answers->>'childRef'`.as('childRef'),
      sql<string | null>`answers->>'_referralDate'`.as('day'),
    ])
    .where('org_id', '=', orgId)
    .execute();
}

// ---------------------------------------------------------------- routing and the provider's copy

/** Inserts the copies routing sends (a non-empty batch); returns each one's id and home. */
export async function insertRecipients(
  db: Executor,
  rows: readonly Insertable<ReferralRecipientTable>[],
): Promise<{ id: string; homeId: string }[]> {
  return db
    .insertInto('referral_recipient')
    .values([...rows])
    .returning(['id', 'home_id as homeId'])
    .execute();
}

/** The referral behind a provider's copy, with the referring LA's name and code. */
export async function referralForProvider(db: Executor, referralId: string) {
  return db
    .selectFrom('referral')
    .innerJoin('organisation as la', 'la.id', 'referral.org_id')
    .select([
      'referral.id',
      'referral.org_id',
      'referral.reference',
      'referral.profile',
      'referral.requirements',
      'referral.created_at',
      'referral.status',
      'la.name as laName',
      'la.la_code as laCode',
    ])
    .where('referral.id', '=', referralId)
    .executeTakeFirst();
}

/** A bed's occupied intervals, earliest first. */
export async function bedIntervalsOf(db: Executor, bedId: string) {
  return db
    .selectFrom('bed_interval')
    .select(['from_date as from', 'to_date as to'])
    .where('bed_id', '=', bedId)
    .orderBy('from_date')
    .execute();
}

/** A contract's name and terms, if the caller may see it. */
export async function contractNameAndTerms(db: Executor, contractId: string) {
  return db.selectFrom('contract').select(['name', 'terms']).where('id', '=', contractId).executeTakeFirst();
}

/** A bed's label, if the caller may see it. */
export async function bedLabel(db: Executor, bedId: string) {
  return db.selectFrom('bed').select('label').where('id', '=', bedId).executeTakeFirst();
}

// ---------------------------------------------------------------- Placements Data Standard

/** Homes with these URNs (id and URN), by id. */
export async function homesByUrn(db: Executor, urns: readonly string[]) {
  return db
    .selectFrom('home')
    .select(['id', 'urn'])
    .where(sql<boolean>`urn = any(${[...urns]}::text[])`)
    .orderBy('id')
    .execute();
}

/** The contracts covering these homes' beds (one row per contracted bed), by start then id. */
export async function contractsOfHomes(db: Executor, homeIds: readonly string[]) {
  return db
    .selectFrom('contract_bed')
    .innerJoin('contract', 'contract.id', 'contract_bed.contract_id')
    .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
    .select([
      'bed.home_id as homeId',
      'contract.kind',
      'contract.start_date as start',
      'contract.end_date as end',
    ])
    .where(sql<boolean>`bed.home_id = any(${homeIds}::uuid[])`)
    .orderBy('contract.start_date')
    .orderBy('contract.id')
    .execute();
}

/**
 * The organisation's sent referrals (not drafts) for the PDS export, oldest first: the child's
 * reference, the author's name, and the bed ledger's placement and its home where there is one.
 */
export async function referralsForPdsExport(db: Executor, orgId: string) {
  return db
    .selectFrom('referral')
    .innerJoin('child', 'child.id', 'referral.child_id')
    .leftJoin('app_user as author', 'author.id', 'referral.created_by')
    .leftJoin('placement', 'placement.id', 'referral.placement_id')
    .leftJoin('home', 'home.id', 'placement.home_id')
    .select([
      'referral.id',
      'referral.profile',
      'referral.requirements',
      'referral.created_at as createdAt',
      'referral.placement_made as placementMade',
      'child.child_ref as childRef',
      'author.display_name as author',
      'placement.start_date as startDate',
      'placement.created_at as placementEntered',
      'placement.distance_miles as distance',
      'placement.core_weekly_pence as core',
      'placement.education_weekly_pence as education',
      'placement.additional_weekly_pence as additional',
      'placement.health_weekly_pence as health',
      'placement.therapy_weekly_pence as therapy',
      'placement.transport_weekly_pence as transport',
      'placement.other_weekly_pence as other',
      'placement.total_weekly_pence as total',
      'home.placement_type as homeType',
      'home.postcode_district as district',
      'home.urn',
    ])
    .where('referral.org_id', '=', orgId)
    .where('referral.status', '<>', 'draft')
    .orderBy('referral.created_at')
    .orderBy('referral.reference')
    .execute();
}
