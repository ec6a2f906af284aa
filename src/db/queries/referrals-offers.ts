/**
 * The reads and writes of a referral's steps after it is sent (src/app/referrals): a provider's
 * responses and offers, the LA's answers, acceptances, withdrawals and outcomes, the provider's
 * inbox, targeted sends and the expiry of overdue copies. Each runs in the caller's transaction
 * under its row-level security; the locks (`forUpdate`) are where the use cases rely on them.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Instant } from '../../domain/referrals/instant.ts';
import type { RecipientStatus } from '../../domain/referrals/recipient.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { ContractTable, HomeTable, PlacementTable, ReferralTable } from '../schema.ts';
import type { ReferralMessageTable, ReferralOutcomeTable } from '../tables/referrals.ts';
import type { Executor } from '../tenant.ts';
import { LIVE_RECIPIENT_STATUSES, type RecipientRow } from './referrals.ts';

// ---------------------------------------------------------------- names

/** A home's name, or undefined when the caller cannot see it (or there is no such home). */
export async function findHomeName(db: Executor, homeId: string): Promise<string | undefined> {
  return (await db.selectFrom('home').select('name').where('id', '=', homeId).executeTakeFirst())?.name;
}

/** A home's name; throws when there is no such home (or the caller cannot see it). */
export async function homeNameOrThrow(db: Executor, homeId: string): Promise<string> {
  const home = await db.selectFrom('home').select('name').where('id', '=', homeId).executeTakeFirstOrThrow();
  return home.name;
}

/** A home with its placement type and its provider's name (for notifications and the outcome). */
export interface HomeWithProvider {
  id: string;
  name: string;
  placementType: Selectable<HomeTable>['placement_type'];
  providerName: string;
}

/** The home with its provider's name; throws when there is no such home. */
export async function homeWithProvider(db: Executor, homeId: string): Promise<HomeWithProvider> {
  return db
    .selectFrom('home')
    .innerJoin('organisation as p', 'p.id', 'home.org_id')
    .select(['home.id', 'home.name', 'home.placement_type as placementType', 'p.name as providerName'])
    .where('home.id', '=', homeId)
    .executeTakeFirstOrThrow();
}

/** A referral's reference; throws when there is no such referral. */
export async function referralReference(
  db: Executor,
  referralId: string,
): Promise<Pick<Selectable<ReferralTable>, 'reference'>> {
  return db.selectFrom('referral').select('reference').where('id', '=', referralId).executeTakeFirstOrThrow();
}

/** The child's own reference (referring LA only: reads `child`); undefined when not visible. */
export async function findChildRef(
  db: Executor,
  childId: string,
): Promise<{ child_ref: string } | undefined> {
  return db.selectFrom('child').select('child_ref').where('id', '=', childId).executeTakeFirst();
}

// ---------------------------------------------------------------- messages

/** Writes a question (provider) or an answer (LA) on a referral's copy. */
export async function insertReferralMessage(
  db: Executor,
  message: Insertable<ReferralMessageTable>,
): Promise<void> {
  await db.insertInto('referral_message').values(message).execute();
}

/** A message on the given copy, with its kind (to check that a question is open); undefined if none. */
export async function findMessageOfRecipient(
  db: Executor,
  messageId: string,
  recipientId: string,
): Promise<Pick<Selectable<ReferralMessageTable>, 'id' | 'kind'> | undefined> {
  return db
    .selectFrom('referral_message')
    .select(['id', 'kind'])
    .where('id', '=', messageId)
    .where('recipient_id', '=', recipientId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- offers and acceptance

/** The live contract covering a bed on a day: its terms and the bed's home; undefined if none. */
export async function liveContractOfBed(
  db: Executor,
  bedId: string,
  on: LocalDate,
): Promise<{ terms: Selectable<ContractTable>['terms']; homeId: string } | undefined> {
  return db
    .selectFrom('contract_bed')
    .innerJoin('contract', 'contract.id', 'contract_bed.contract_id')
    .innerJoin('bed', 'bed.id', 'contract_bed.bed_id')
    .select(['contract.terms', 'bed.home_id as homeId'])
    .where('contract_bed.bed_id', '=', bedId)
    .where('contract.status', '=', 'live')
    .where('contract.start_date', '<=', on)
    .where('contract.end_date', '>', on)
    .executeTakeFirst();
}

/** A placement's route and its contract's kind (null when on no contract); throws if none. */
export async function placementRouteAndContractKind(
  db: Executor,
  placementId: string,
): Promise<{ route: PlacementTable['route']; contractKind: ContractTable['kind'] | null }> {
  return db
    .selectFrom('placement')
    .leftJoin('contract', 'contract.id', 'placement.contract_id')
    .select(['placement.route', 'contract.kind as contractKind'])
    .where('placement.id', '=', placementId)
    .executeTakeFirstOrThrow();
}

/** Links a placed referral to the placement written in the bed ledger. */
export async function setReferralPlacement(
  db: Executor,
  referralId: string,
  placementId: string,
): Promise<void> {
  await db.updateTable('referral').set({ placement_id: placementId }).where('id', '=', referralId).execute();
}

/**
 * Other referrals' live copies at a home, locked (`for update`) in id order: the copies an
 * accepted offer there may fill or move to another bed.
 */
export async function lockLiveRecipientsAtHome(
  db: Executor,
  homeId: string,
  exceptReferralId: string,
): Promise<RecipientRow[]> {
  return db
    .selectFrom('referral_recipient')
    .selectAll()
    .where('home_id', '=', homeId)
    .where('referral_id', '<>', exceptReferralId)
    .where('status', 'in', [...LIVE_RECIPIENT_STATUSES])
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Moves a copy sent against a vacancy to another free bed of the same home. */
export async function setRecipientVacancyBed(
  db: Executor,
  recipientId: string,
  bedId: string,
): Promise<void> {
  await db
    .updateTable('referral_recipient')
    .set({ vacancy_bed_id: bedId })
    .where('id', '=', recipientId)
    .execute();
}

/** How many of a referral's copies are still live. */
export async function countLiveRecipients(db: Executor, referralId: string): Promise<number> {
  const live = await db
    .selectFrom('referral_recipient')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('referral_id', '=', referralId)
    .where('status', 'in', [...LIVE_RECIPIENT_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(live.n);
}

// ---------------------------------------------------------------- expiry

/**
 * Live copies past their deadline (an offer past `offer_expires_at`, anything else past
 * `respond_by`), earliest deadline first, at most `limit`: claimed `for update skip locked`, so
 * servers running this at once each take their own rows.
 */
export async function claimOverdueRecipients(
  db: Executor,
  now: Instant,
  limit: number,
): Promise<RecipientRow[]> {
  return db
    .selectFrom('referral_recipient')
    .selectAll()
    .where('status', 'in', [...LIVE_RECIPIENT_STATUSES])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'offered'), eb('offer_expires_at', '<=', new Date(now))]),
        eb.and([eb('status', '<>', 'offered'), eb('respond_by', '<=', new Date(now))]),
      ]),
    )
    .orderBy('respond_by')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

// ---------------------------------------------------------------- outcomes

/** A placement's home, its placement type and start date; undefined when not visible. */
export async function findPlacementHome(
  db: Executor,
  placementId: string,
): Promise<{ type: Selectable<HomeTable>['placement_type']; startOn: string; homeId: string } | undefined> {
  return db
    .selectFrom('placement')
    .innerJoin('home', 'home.id', 'placement.home_id')
    .select(['home.placement_type as type', 'placement.start_date as startOn', 'placement.home_id as homeId'])
    .where('placement.id', '=', placementId)
    .executeTakeFirst();
}

/** Writes a referral's outcome record, unless it already has one. */
export async function insertReferralOutcome(
  db: Executor,
  outcome: Insertable<ReferralOutcomeTable>,
): Promise<void> {
  await db
    .insertInto('referral_outcome')
    .values(outcome)
    .onConflict((oc) => oc.column('referral_id').doNothing())
    .execute();
}

/** Ended referrals (placed, withdrawn, closed, with an outcome) that have no outcome record yet. */
export async function referralsMissingOutcome(db: Executor, limit: number): Promise<Array<{ id: string }>> {
  return db
    .selectFrom('referral')
    .select('referral.id')
    .where('referral.status', 'in', ['placed', 'withdrawn', 'closed'])
    .where('referral.outcome', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('referral_outcome as o')
            .select('o.referral_id')
            .whereRef('o.referral_id', '=', 'referral.id'),
        ),
      ),
    )
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- the provider's inbox

/** An instant as canonical ISO text in UTC (what `normaliseInstant` gives), straight from SQL. */
const ISO = (col: ReturnType<typeof sql.ref>) =>
  sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One live copy at the provider, as a tuple: id, home id, status, respond-by and offer-expires-at
 * (canonical ISO text), and the number of open questions.
 */
export type InboxCopy = [string, string, RecipientStatus, string, string | null, number];

/**
 * The provider's live copies, one row per referral with its copies as a JSON list ordered by
 * deadline (a referral routed to 50 homes costs one row, not 50).
 */
export async function liveCopiesByReferral(
  db: Executor,
  providerOrgId: string,
): Promise<Array<{ referralId: string; copies: InboxCopy[] }>> {
  return db
    .selectFrom('referral_recipient as r')
    .select([
      'r.referral_id as referralId',
      sql<InboxCopy[]>`json_agg(json_build_array(
        r.id, r.home_id, r.status, ${ISO(sql.ref('r.respond_by'))}, ${ISO(sql.ref('r.offer_expires_at'))},
        cardinality(r.open_question_ids)) ORDER BY r.respond_by)`.as('copies'),
    ])
    .where('r.provider_org_id', '=', providerOrgId)
    .where('r.status', 'in', [...LIVE_RECIPIENT_STATUSES])
    .groupBy('r.referral_id')
    .execute();
}

/** What the matching engine needs of a referral (see `domainReferral`). */
export type ReferralProfileRow = Pick<
  Selectable<ReferralTable>,
  'id' | 'org_id' | 'profile' | 'requirements' | 'created_at'
>;

/** The referrals' profiles and requirements, in id order (no query for an empty list). */
export async function referralProfiles(
  db: Executor,
  referralIds: readonly string[],
): Promise<ReferralProfileRow[]> {
  if (referralIds.length === 0) return [];
  return db
    .selectFrom('referral')
    .select(['id', 'org_id', 'profile', 'requirements', 'created_at'])
    .where('id', 'in', [...referralIds])
    .orderBy('id')
    .execute();
}
