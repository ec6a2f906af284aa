/**
 * Referrals and their recipients under the caller's row-level security: the rows, and the mapping
 * between rows and the pure lifecycle states of src/domain/referrals (ReferralState,
 * RecipientState, Referral). The referring LA reads its referrals with the child's reference from
 * `child`; a provider reads only referrals routed to it, never `child`, so its `Referral` carries
 * no child reference (the sharing allow-lists would drop it anyway).
 */
import { type Selectable, sql } from 'kysely';
import type { GeoPoint } from '../../domain/directory/home.ts';
import { type Instant, londonDay } from '../../domain/referrals/instant.ts';
import type {
  PlacementMade,
  ReferralEvent,
  ReferralState,
  ReferralStatus,
} from '../../domain/referrals/lifecycle.ts';
import type { ChildProfile, PlacementRequirements, Referral } from '../../domain/referrals/profile.ts';
import type { RecipientEvent, RecipientState, RecipientStatus } from '../../domain/referrals/recipient.ts';
import type { DeclineReason, ReferralOutcome, RoutingStage } from '../../domain/shared/codes.ts';
import { locatePostcode } from '../../reference/lookups.ts';
import { referenceData } from '../../reference/reference-data.ts';
import type { ReferralRecipientTable, ReferralTable } from '../schema.ts';
import type { Executor } from '../tenant.ts';

export type ReferralRow = Selectable<ReferralTable>;
export type RecipientRow = Selectable<ReferralRecipientTable>;

export const LIVE_RECIPIENT_STATUSES: readonly RecipientStatus[] = [
  'routed',
  'viewed',
  'interested',
  'questions',
  'shortlisted',
  'offered',
];
export const LIVE_REFERRAL_STATUSES: readonly ReferralStatus[] = ['searching', 'offered'];

const iso = (d: Date | string | null): Instant | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

// ---------------------------------------------------------------- rows ↔ lifecycle states

export function referralState(row: ReferralRow): ReferralState {
  return {
    id: row.id,
    status: row.status as ReferralStatus,
    stage: row.stage,
    stageStartedAt: iso(row.stage_started_at),
    submittedAt: iso(row.submitted_at),
    liveOffers: row.live_offer_ids ?? [],
    endedAt: iso(row.ended_at),
    outcome: (row.outcome as ReferralOutcome | null) ?? null,
    placement: (row.placement_made as PlacementMade | null) ?? null,
    endNote: row.end_note,
    updatedAt: iso(row.updated_at)!,
  };
}

/** The columns a referral's state occupies. */
export function referralStateColumns(s: ReferralState) {
  return {
    status: s.status,
    stage: s.stage,
    stage_started_at: s.stageStartedAt,
    submitted_at: s.submittedAt,
    live_offer_ids: [...s.liveOffers],
    ended_at: s.endedAt,
    outcome: s.outcome,
    outcome_on: s.endedAt ? (s.placement?.startOn ?? londonDay(s.endedAt)) : null,
    placement_made: s.placement ? JSON.stringify(s.placement) : null,
    end_note: s.endNote,
    updated_at: new Date(s.updatedAt),
  };
}

export function recipientState(row: RecipientRow): RecipientState {
  const routedAt = iso(row.routed_at)!;
  return {
    id: row.id,
    referralId: row.referral_id,
    homeId: row.home_id,
    providerOrgId: row.provider_org_id,
    vacancyId: row.vacancy_bed_id,
    stage: row.stage as RoutingStage,
    status: row.status as RecipientStatus,
    routedAt,
    respondBy: iso(row.respond_by) ?? routedAt,
    openQuestionIds: row.open_question_ids ?? [],
    offer:
      row.offer_bed_id && row.offer_start_on && row.offer_expires_at
        ? {
            vacancyId: row.offer_bed_id,
            startOn: row.offer_start_on,
            ...(row.offer_weekly_pence !== null ? { weeklyPrice: row.offer_weekly_pence } : {}),
            madeAt: iso(row.offer_made_at) ?? routedAt,
            expiresAt: iso(row.offer_expires_at)!,
          }
        : null,
    decline:
      row.decline_reason && row.decline_by
        ? {
            by: row.decline_by,
            reason: row.decline_reason as DeclineReason,
            ...(row.decline_note ? { note: row.decline_note } : {}),
          }
        : null,
    updatedAt: iso(row.updated_at)!,
  };
}

/** The columns a recipient's state occupies, with the stage timestamps its events imply. */
export function recipientStateColumns(s: RecipientState, events: readonly RecipientEvent[] = []) {
  const when = (type: RecipientEvent['type']) => events.find((e) => e.type === type)?.at;
  const ended = ['accepted', 'declined', 'superseded', 'expired', 'withdrawn'].includes(s.status);
  const superseded = events.find((e) => e.type === 'superseded');
  return {
    status: s.status,
    respond_by: s.respondBy,
    vacancy_bed_id: s.vacancyId,
    open_question_ids: [...s.openQuestionIds],
    offer_bed_id: s.offer?.vacancyId ?? null,
    offer_start_on: s.offer?.startOn ?? null,
    offer_weekly_pence: s.offer?.weeklyPrice ?? null,
    offer_made_at: s.offer?.madeAt ?? null,
    offer_expires_at: s.offer?.expiresAt ?? null,
    decline_by: s.decline?.by ?? null,
    decline_reason: s.decline?.reason ?? null,
    decline_note: s.decline?.note ?? null,
    ...(when('viewed') ? { viewed_at: when('viewed') } : {}),
    ...(when('papers-released') ? { papers_released_at: when('papers-released') } : {}),
    ...(when('shortlisted') ? { shortlisted_at: when('shortlisted') } : {}),
    ...(superseded && superseded.type === 'superseded' ? { superseded_by: superseded.byRecipientId } : {}),
    ...(ended && events.length > 0 ? { ended_at: events[events.length - 1]!.at } : {}),
  };
}

// ---------------------------------------------------------------- the domain's Referral

const located = new Map<string, GeoPoint | null>();
/** The centroid of a postcode sector (remembered: a ranking locates the same few sectors often). */
export function sectorPoint(sector: string | undefined | null): GeoPoint | null {
  if (!sector) return null;
  let p = located.get(sector);
  if (p === undefined) {
    p = locatePostcode(referenceData(), sector)?.point ?? null;
    if (located.size > 10_000) located.clear();
    located.set(sector, p);
  }
  return p;
}

/** The matching engine's view of a referral row. `childRef` only for the referring LA. */
export function domainReferral(
  row: Pick<ReferralRow, 'id' | 'org_id' | 'profile' | 'requirements' | 'created_at'>,
  extra: { laCode: string; childRef?: string },
): Referral {
  const child = { ...(row.profile as object), childRef: extra.childRef ?? '' } as ChildProfile;
  const requirements = row.requirements as unknown as PlacementRequirements;
  return {
    id: row.id,
    laOrgId: row.org_id,
    laCode: extra.laCode,
    child,
    requirements,
    familyLocation: sectorPoint(requirements.familyPostcodeSector),
    schoolLocation: sectorPoint(requirements.schoolPostcodeSector),
    createdOn: londonDay(iso(row.created_at)!),
  };
}

// ---------------------------------------------------------------- reads

export async function findReferral(db: Executor, referralId: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom('referral').selectAll().where('id', '=', referralId);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findRecipient(db: Executor, recipientId: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom('referral_recipient').selectAll().where('id', '=', recipientId);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function recipientsOf(db: Executor, referralId: string, opts: { lock?: boolean } = {}) {
  let q = db
    .selectFrom('referral_recipient')
    .selectAll()
    .where('referral_id', '=', referralId)
    .orderBy('routed_at')
    .orderBy('id');
  if (opts.lock) q = q.forUpdate();
  return q.execute();
}

/** The referring LA's referral with its child's reference and the LA's code (LA only: reads child). */
export async function referralForLa(db: Executor, referralId: string) {
  return db
    .selectFrom('referral')
    .innerJoin('child', 'child.id', 'referral.child_id')
    .innerJoin('organisation as la', 'la.id', 'referral.org_id')
    .selectAll('referral')
    .select([
      'child.child_ref as childRef',
      'child.born_in as childBornIn',
      'la.la_code as laCode',
      'la.name as laName',
    ])
    .where('referral.id', '=', referralId)
    .executeTakeFirst();
}

export interface ReferralListFilter {
  status?: 'live' | 'ended' | 'all';
}

/** The LA's referrals, newest first, with counts of where their copies stand. */
export async function listReferralsForLa(db: Executor, orgId: string, filter: ReferralListFilter = {}) {
  let q = db
    .selectFrom('referral')
    .innerJoin('child', 'child.id', 'referral.child_id')
    .select([
      'referral.id',
      'referral.reference',
      'referral.status',
      'referral.stage',
      'referral.needed_by as neededBy',
      'referral.latest_start as latestStart',
      'referral.outcome',
      'referral.created_at as createdAt',
      'referral.submitted_at as submittedAt',
      'referral.imported',
      'child.child_ref as childRef',
      sql<string>`(select count(*) from referral_recipient r where r.referral_id = referral.id)`.as('sent'),
      sql<string>`(select count(*) from referral_recipient r where r.referral_id = referral.id
        and r.status in ('routed','viewed','interested','questions','shortlisted','offered'))`.as('live'),
      sql<string>`(select count(*) from referral_recipient r where r.referral_id = referral.id and r.status = 'offered')`.as(
        'offers',
      ),
      sql<string>`(select count(*) from referral_recipient r where r.referral_id = referral.id
        and cardinality(r.open_question_ids) > 0)`.as('questions'),
    ])
    .where('referral.org_id', '=', orgId)
    .orderBy('referral.created_at', 'desc')
    .orderBy('referral.reference', 'desc');
  if (filter.status === 'live') q = q.where('referral.status', 'in', [...LIVE_REFERRAL_STATUSES]);
  if (filter.status === 'ended') q = q.where('referral.status', 'in', ['placed', 'withdrawn', 'closed']);
  return q.execute();
}

/** Recipients of one referral with their home, provider and offer bed, for the LA's tracking page. */
export async function recipientsWithHomes(db: Executor, referralId: string) {
  return db
    .selectFrom('referral_recipient as r')
    .innerJoin('home', 'home.id', 'r.home_id')
    .innerJoin('organisation as p', 'p.id', 'r.provider_org_id')
    .leftJoin('bed as ob', 'ob.id', 'r.offer_bed_id')
    .leftJoin('contract as c', 'c.id', 'r.contract_id')
    .selectAll('r')
    .select([
      'home.name as homeName',
      'home.postcode_district as homeDistrict',
      'home.placement_type as placementType',
      'p.name as providerName',
      'ob.label as offerBedLabel',
      'c.name as contractName',
      'c.terms as contractTerms',
    ])
    .where('r.referral_id', '=', referralId)
    .orderBy('r.routed_at')
    .orderBy('home.name')
    .execute();
}

export async function eventsOf(db: Executor, referralId: string) {
  return db
    .selectFrom('referral_event as e')
    .leftJoin('organisation as o', 'o.id', 'e.actor_org_id')
    .leftJoin('referral_recipient as r', 'r.id', 'e.recipient_id')
    .leftJoin('home', 'home.id', 'r.home_id')
    .select([
      'e.id',
      'e.type',
      'e.at',
      'e.recipient_id as recipientId',
      'e.detail',
      'o.name as actorOrgName',
      'home.name as homeName',
    ])
    .where('e.referral_id', '=', referralId)
    .orderBy('e.id')
    .execute();
}

export async function messagesOf(db: Executor, filter: { referralId?: string; recipientId?: string }) {
  let q = db
    .selectFrom('referral_message as m')
    .innerJoin('organisation as o', 'o.id', 'm.author_org_id')
    .select([
      'm.id',
      'm.recipient_id as recipientId',
      'm.kind',
      'm.answers',
      'm.body',
      'm.at',
      'm.author_org_id as authorOrgId',
      'o.name as authorOrgName',
    ])
    .orderBy('m.at')
    .orderBy('m.id');
  if (filter.referralId) q = q.where('m.referral_id', '=', filter.referralId);
  if (filter.recipientId) q = q.where('m.recipient_id', '=', filter.recipientId);
  return q.execute();
}

// ---------------------------------------------------------------- writes

export interface EventRecord {
  referralId: string;
  laOrgId: string;
  recipientId?: string | null;
  providerOrgId?: string | null;
  type: string;
  at: Instant;
  detail?: Record<string, unknown>;
}

/** Domain events as rows: the type and time in columns, everything else in `detail`. */
export function fromReferralEvent(e: ReferralEvent, laOrgId: string): EventRecord {
  const { type, at, referralId, ...detail } = e;
  return { referralId, laOrgId, type, at, detail };
}

export function fromRecipientEvent(e: RecipientEvent, laOrgId: string, providerOrgId: string): EventRecord {
  const { type, at, referralId, recipientId, ...detail } = e;
  return { referralId, laOrgId, recipientId, providerOrgId, type, at, detail };
}

export async function appendEvents(
  db: Executor,
  actor: { orgId: string | null; userId: string | null },
  events: readonly EventRecord[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('referral_event')
    .values(
      events.map((e) => ({
        referral_id: e.referralId,
        org_id: e.laOrgId,
        recipient_id: e.recipientId ?? null,
        provider_org_id: e.recipientId ? (e.providerOrgId ?? null) : null,
        type: e.type,
        at: e.at,
        actor_org_id: actor.orgId,
        actor_user_id: actor.userId,
        detail: JSON.stringify(e.detail ?? {}),
      })),
    )
    .execute();
}

export async function saveReferralState(db: Executor, s: ReferralState): Promise<void> {
  await db.updateTable('referral').set(referralStateColumns(s)).where('id', '=', s.id).execute();
}

export async function saveRecipientState(
  db: Executor,
  s: RecipientState,
  events: readonly RecipientEvent[],
): Promise<void> {
  await db
    .updateTable('referral_recipient')
    .set(recipientStateColumns(s, events))
    .where('id', '=', s.id)
    .execute();
}

/**
 * Serialises every acceptance of an offer in one home (its vacancy), on PGlite and PostgreSQL alike,
 * without row-level rights on the home: the lock is on the id, not a row.
 */
export async function lockVacancy(db: Executor, homeId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(4104, hashtext(${homeId}))`.execute(db);
}

/**
 * Runs `fn` with the application's own rights inside the caller's tenant transaction, then goes
 * back to the tenant's. For the few effects of one organisation's step on another's records that
 * the first may not read: an accepted offer ends other LAs' copies for the same bed and tells
 * them; a provider's offer moves the LA's referral to "offer received"; notifications and emails
 * go to other organisations. `fn` writes those effects and returns nothing to show the caller.
 * If `fn` throws, the whole transaction rolls back anyway.
 */
export async function withApplicationRights(trx: Executor, fn: () => Promise<void>): Promise<void> {
  const { rows } = await sql<{ tenant: boolean }>`select current_user = 'app_tenant' as tenant`.execute(trx);
  if (!rows[0]?.tenant) return fn(); // already the application (a background step)
  await sql`set local role none`.execute(trx);
  try {
    await fn();
  } finally {
    // Back to the tenant even if fn failed, in case the caller catches and carries on.
    await sql`set local role app_tenant`.execute(trx).catch(() => {});
  }
}
