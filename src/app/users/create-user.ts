/** Creating accounts (CLI `create-user`, the admin page, the demo seed). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ROLES_BY_ORG_KIND, type Role } from '../../domain/shared/codes.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { normaliseEmail } from '../auth/sign-in.ts';

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  password: string;
  /** Organisation by id, or by LA code / exact name (the CLI's way). */
  orgId?: string;
  org?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(db: Kysely<DB>, input: NewUser): Promise<{ id: string; orgName: string }> {
  const errors: FieldError[] = [];
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email))
    errors.push({ field: 'email', message: 'Enter an email address like name@example.org' });
  if (!input.displayName.trim()) errors.push({ field: 'displayName', message: 'Enter the person’s name' });
  const pw = passwordProblem(input.password);
  if (pw) errors.push({ field: 'password', message: pw });

  const org = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where((eb) =>
      input.orgId
        ? eb('id', '=', input.orgId)
        : eb.or([
            eb('la_code', '=', input.org ?? ''),
            eb(eb.fn('lower', ['name']), '=', (input.org ?? '').toLowerCase()),
          ]),
    )
    .executeTakeFirst();
  if (!org) {
    errors.push({ field: 'org', message: `No organisation "${input.orgId ?? input.org}"` });
  } else if (!ROLES_BY_ORG_KIND[org.kind].includes(input.role)) {
    errors.push({
      field: 'role',
      message: `A ${org.kind} cannot have the role ${input.role}; choose one of ${ROLES_BY_ORG_KIND[org.kind].join(', ')}`,
    });
  }
  throwIfInvalid(errors, 'Cannot create the user');

  const existing = await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
  if (existing)
    throw new DomainError('conflict', 'An account with that email address already exists', [
      { field: 'email', message: 'An account with that email address already exists' },
    ]);
  const row = await db
    .insertInto('app_user')
    .values({
      org_id: org!.id,
      email,
      display_name: input.displayName.trim(),
      role: input.role,
      password_hash: await hashPassword(input.password),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, orgName: org!.name };
}
