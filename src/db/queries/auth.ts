/** Sign-in, sessions and users: system queries made before any tenant is known. */
import { sql } from 'kysely';
import type { AppUserTable } from '../schema.ts';
import type { Executor } from '../tenant.ts';

export interface SessionUser {
  userId: string;
  email: string;
  displayName: string;
  role: 'placement-officer' | 'commissioner' | 'hub-analyst' | 'provider-manager' | 'admin';
  orgId: string;
  orgName: string;
  orgKind: 'local-authority' | 'provider' | 'hub';
  laCode: string | null;
  regionCode: string;
}

const userColumns = [
  'app_user.id as userId',
  'app_user.email',
  'app_user.display_name as displayName',
  'app_user.role',
  'organisation.id as orgId',
  'organisation.name as orgName',
  'organisation.kind as orgKind',
  'organisation.la_code as laCode',
  'organisation.region_code as regionCode',
] as const;

export async function findUserForSignIn(db: Executor, email: string) {
  return db
    .selectFrom('app_user')
    .innerJoin('organisation', 'organisation.id', 'app_user.org_id')
    .select([
      ...userColumns,
      'app_user.password_hash as passwordHash',
      'app_user.disabled_at as disabledAt',
      'app_user.totp_enabled_at as totpEnabledAt',
    ])
    .where('app_user.email', '=', email)
    .executeTakeFirst();
}

export async function insertSession(
  db: Executor,
  s: { idHash: string; userId: string; csrfToken: string; expiresAt: Date; secondFactor: 'pending' | 'done' },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      expires_at: s.expiresAt,
      second_factor: s.secondFactor,
    })
    .execute();
}

/**
 * How many changes to sessions and users this process has made (sign-out, revocation, a second
 * factor completed or changed). A session remembered before the latest change is read again
 * (src/app/auth/sessions.ts, `SessionCache`).
 */
let sessionWrites = 0;
export const sessionWriteCount = (): number => sessionWrites;
const wrote = () => {
  sessionWrites++;
};

/** The live session and its user, or undefined when expired, revoked, idle too long or disabled. */
export async function findLiveSession(db: Executor, idHash: string, idleMinutes: number) {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .innerJoin('organisation', 'organisation.id', 'app_user.org_id')
    .select([
      ...userColumns,
      'session.csrf_token as csrfToken',
      'session.last_seen_at as lastSeenAt',
      'session.expires_at as expiresAt',
      'session.second_factor as secondFactor',
      'app_user.totp_enabled_at as totpEnabledAt',
    ])
    .where('session.id_hash', '=', idHash)
    .where('session.revoked_at', 'is', null)
    .where('session.expires_at', '>', sql<Date>`now()`)
    .where('session.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, idHash: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: sql`now()` }).where('id_hash', '=', idHash).execute();
}

export async function revokeSession(db: Executor, idHash: string): Promise<void> {
  await db.updateTable('session').set({ revoked_at: sql`now()` }).where('id_hash', '=', idHash).execute();
  wrote();
}

export async function revokeUserSessions(db: Executor, userId: string): Promise<number> {
  const r = await db
    .updateTable('session')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  wrote();
  return Number(r.numUpdatedRows);
}

/** Disables or enables a user of `orgId` (the caller's organisation); undefined when not theirs. */
export async function setUserDisabled(db: Executor, orgId: string, userId: string, disabled: boolean) {
  const row = await db
    .updateTable('app_user')
    .set({ disabled_at: disabled ? new Date() : null })
    .where('id', '=', userId)
    .where('org_id', '=', orgId)
    .returning(['id', 'display_name as displayName'])
    .executeTakeFirst();
  wrote();
  return row;
}

export async function recordSignInAttempt(
  db: Executor,
  a: { email: string; ip: string; succeeded: boolean },
) {
  await db.insertInto('sign_in_attempt').values(a).execute();
}

/** Failed attempts for an email since its last success, within the window. */
export async function recentFailures(db: Executor, email: string, windowMinutes: number) {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select([sql<string>`count(*)`.as('failures'), sql<Date | null>`max(at)`.as('lastFailure')])
    .where('email', '=', email)
    .where('succeeded', '=', false)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${windowMinutes})`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('sign_in_attempt as ok')
            .select('ok.id')
            .where('ok.email', '=', email)
            .where('ok.succeeded', '=', true)
            .whereRef('ok.at', '>', 'sign_in_attempt.at'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), lastFailure: row.lastFailure };
}

export async function recentIpFailures(db: Executor, ip: string, windowMinutes: number): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select(sql<string>`count(*)`.as('n'))
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${windowMinutes})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function completeSecondFactor(db: Executor, idHash: string): Promise<void> {
  await db.updateTable('session').set({ second_factor: 'done' }).where('id_hash', '=', idHash).execute();
  wrote();
}

export async function totpState(db: Executor, userId: string) {
  return db
    .selectFrom('app_user')
    .select(['totp_secret as secret', 'totp_enabled_at as enabledAt', 'totp_last_step as lastStep', 'email'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function setTotp(
  db: Executor,
  userId: string,
  v: { secret?: string | null; enabledAt?: Date | null; lastStep?: number | null },
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({
      ...(v.secret !== undefined ? { totp_secret: v.secret } : {}),
      ...(v.enabledAt !== undefined ? { totp_enabled_at: v.enabledAt } : {}),
      ...(v.lastStep !== undefined
        ? { totp_last_step: v.lastStep === null ? null : String(v.lastStep) }
        : {}),
    })
    .where('id', '=', userId)
    .execute();
  wrote();
}

/**
 * The organisation a new user joins: by id when `orgId` is given, else by LA code or by name
 * (case-insensitive).
 */
export async function findOrganisationForNewUser(db: Executor, by: { orgId?: string; org?: string }) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where((eb) =>
      by.orgId
        ? eb('id', '=', by.orgId)
        : eb.or([
            eb('la_code', '=', by.org ?? ''),
            eb(eb.fn('lower', ['name']), '=', (by.org ?? '').toLowerCase()),
          ]),
    )
    .executeTakeFirst();
}

/** Whether an account with this (normalised) email address exists. */
export async function userEmailTaken(db: Executor, email: string): Promise<boolean> {
  const existing = await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
  return existing !== undefined;
}

/** Creates a user account; returns its id. */
export async function insertUser(
  db: Executor,
  u: { orgId: string; email: string; displayName: string; role: AppUserTable['role']; passwordHash: string },
): Promise<string> {
  const row = await db
    .insertInto('app_user')
    .values({
      org_id: u.orgId,
      email: u.email,
      display_name: u.displayName,
      role: u.role,
      password_hash: u.passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The users of an organisation, by name (the admin's user list). */
export async function listOrganisationUsers(db: Executor, orgId: string) {
  return db
    .selectFrom('app_user')
    .select([
      'id',
      'email',
      'display_name as displayName',
      'role',
      'disabled_at as disabledAt',
      'created_at as createdAt',
    ])
    .where('org_id', '=', orgId)
    .orderBy('display_name')
    .execute();
}

/** Runs `select 1`: throws when the database does not answer (the `/healthz` check, no tenant). */
export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}
