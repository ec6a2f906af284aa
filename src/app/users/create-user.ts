/** Creating accounts (CLI `create-user`, the admin page, the demo seed). */
import type { Kysely } from 'kysely';
import { findOrganisationForNewUser, insertUser, userEmailTaken } from '../../db/queries/auth.ts';
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

  const org = await findOrganisationForNewUser(db, { orgId: input.orgId, org: input.org });
  if (!org) {
    errors.push({ field: 'org', message: `No organisation "${input.orgId ?? input.org}"` });
  } else if (!ROLES_BY_ORG_KIND[org.kind].includes(input.role)) {
    errors.push({
      field: 'role',
      message: `A ${org.kind} cannot have the role ${input.role}; choose one of ${ROLES_BY_ORG_KIND[org.kind].join(', ')}`,
    });
  }
  throwIfInvalid(errors, 'Cannot create the user');

  if (await userEmailTaken(db, email))
    throw new DomainError('conflict', 'An account with that email address already exists', [
      { field: 'email', message: 'An account with that email address already exists' },
    ]);
  const id = await insertUser(db, {
    orgId: org!.id,
    email,
    displayName: input.displayName.trim(),
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  return { id, orgName: org!.name };
}
