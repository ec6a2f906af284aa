/**
 * Organisations as the use cases look them up (each under the caller's row-level security): one
 * by id, and the local authorities.
 */
import type { Selectable } from 'kysely';
import { DomainError } from '../../domain/shared/errors.ts';
import type { OrganisationTable } from '../schema.ts';
import type { Executor } from '../tenant.ts';

export interface OrganisationSummary {
  id: string;
  name: string;
  kind: Selectable<OrganisationTable>['kind'];
  laCode: string | null;
  regionCode: string;
}

/** One organisation, or undefined when there is none the caller can see. */
export async function findOrganisation(
  db: Executor,
  orgId: string,
): Promise<OrganisationSummary | undefined> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind', 'la_code as laCode', 'region_code as regionCode'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}

/** The same, for an organisation that must be there (the caller's own, a referral's LA). */
export async function requireOrganisation(db: Executor, orgId: string): Promise<OrganisationSummary> {
  const org = await findOrganisation(db, orgId);
  if (!org) throw new DomainError('not-found', 'No such organisation');
  return org;
}

/** Every local authority: id, name and DfE code. */
export async function localAuthorities(
  db: Executor,
): Promise<Array<{ id: string; name: string; laCode: string | null }>> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'la_code as laCode'])
    .where('kind', '=', 'local-authority')
    .execute();
}
