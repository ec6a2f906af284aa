import type { AuditEventTable } from '../schema.ts';
import type { Executor, Tenant } from '../tenant.ts';

export interface AuditEntry {
  action: AuditEventTable['action'];
  entityType: string;
  entityId?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends to the audit log in the caller's transaction, so the record commits with the access. */
export async function appendAudit(
  db: Executor,
  tenant: Pick<Tenant, 'orgId' | 'userId'>,
  entries: AuditEntry[],
) {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_event')
    .values(
      entries.map((e) => ({
        org_id: tenant.orgId,
        user_id: tenant.userId,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId ?? null,
        detail: JSON.stringify(e.detail ?? {}),
      })),
    )
    .execute();
}

export async function listAudit(db: Executor, opts: { limit: number; before?: string; entityType?: string }) {
  let q = db
    .selectFrom('audit_event')
    .leftJoin('app_user', 'app_user.id', 'audit_event.user_id')
    .select([
      'audit_event.id',
      'audit_event.at',
      'audit_event.action',
      'audit_event.entity_type as entityType',
      'audit_event.entity_id as entityId',
      'audit_event.detail',
      'app_user.display_name as userName',
    ])
    .orderBy('audit_event.id', 'desc')
    .limit(opts.limit);
  if (opts.before) q = q.where('audit_event.id', '<', opts.before);
  if (opts.entityType) q = q.where('audit_event.entity_type', '=', opts.entityType);
  return q.execute();
}
