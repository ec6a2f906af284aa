/** A hub analyst starts a tender: its lots, quality criteria, participating LAs and the default rules. */
import type { Kysely } from 'kysely';
import { appendTenderEvent, findTenderIdByReference, insertTender } from '../../db/queries/tenders.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { DEFAULT_TENDER_RULES, type TenderRules } from '../../domain/tenders/tender.ts';
import type { NewTender } from './tender-form.ts';

export async function createTender(
  db: Kysely<DB>,
  tenant: Tenant,
  t: NewTender,
  rules: TenderRules = DEFAULT_TENDER_RULES,
): Promise<string> {
  if (tenant.orgKind !== 'hub' || tenant.role !== 'hub-analyst')
    throw new DomainError('forbidden', 'Only hub analysts run tenders');
  return withTenant(db, tenant, async (trx) => {
    const taken = await findTenderIdByReference(trx, tenant.orgId, t.reference);
    if (taken)
      throw new DomainError('validation', 'That reference is taken', [
        { field: 'reference', message: `Your hub already has a tender with the reference ${t.reference}` },
      ]);
    const id = await insertTender(trx, tenant, { ...t, rules });
    await appendTenderEvent(trx, tenant, id, 'created', {
      reference: t.reference,
      lots: t.lots.map((l) => l.code),
      criteria: t.criteria.map((c) => `${c.label} ${c.weight}% (max ${c.maxScore})`),
      parties: t.partyOrgIds.length,
    });
    return id;
  });
}
