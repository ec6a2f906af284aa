/**
 * A provider marks a bed unavailable: provider-led (staffing, repairs: not paid) or agreed with
 * the LAs (e.g. the impact on current residents: paid as void). The bed must be free for those
 * days; the ledger's constraint refuses an overlap even if two people try at once.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { findBed, insertUnavailabilityInterval, intervalsOverlapping } from '../../db/queries/ledger.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { isLocalDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';

export interface Unavailability {
  bedId: string;
  kind: 'unavailable-provider' | 'unavailable-agreed';
  from: LocalDate;
  /** Exclusive: the first day the bed can be used again; omitted while it continues. */
  to?: LocalDate;
  reason: string;
}

export async function markUnavailable(trx: Tx, tenant: Tenant, input: Unavailability): Promise<string> {
  const errors: FieldError[] = [];
  if (!['unavailable-provider', 'unavailable-agreed'].includes(input.kind)) {
    errors.push({ field: 'kind', message: 'Say whether this is provider-led or agreed with the LAs' });
  }
  if (!isLocalDate(input.from))
    errors.push({ field: 'from', message: 'Enter the first day the bed is unavailable' });
  if (input.to !== undefined && !isLocalDate(input.to))
    errors.push({ field: 'to', message: 'Enter a real date' });
  if (isLocalDate(input.from) && input.to && isLocalDate(input.to) && input.to <= input.from) {
    errors.push({
      field: 'to',
      message: 'The bed must become available again after the first unavailable day',
    });
  }
  if (!input.reason.trim())
    errors.push({ field: 'reason', message: 'Give the reason (for example staffing or repairs)' });
  if (input.reason.length > 500)
    errors.push({ field: 'reason', message: 'Keep the reason to 500 characters or fewer' });
  throwIfInvalid(errors, 'Cannot mark the bed unavailable');

  const bed = await findBed(trx, input.bedId);
  if (!bed || bed.orgId !== tenant.orgId) throw new DomainError('not-found', 'No such bed');
  const busy = await intervalsOverlapping(trx, bed.id, input.from, input.to);
  if (busy.length > 0) {
    const b = busy[0]!;
    const what = b.kind === 'placement' ? 'occupied' : 'already unavailable';
    throw new DomainError(
      'bed-unavailable',
      `${bed.label} is ${what} from ${b.from}${b.to ? ` to ${b.to}` : ''}`,
      [{ field: 'from', message: `${bed.label} is ${what} from ${b.from}${b.to ? ` to ${b.to}` : ''}` }],
    );
  }
  const id = await insertUnavailabilityInterval(trx, {
    org_id: tenant.orgId,
    bed_id: bed.id,
    bed_seq: bed.seq,
    kind: input.kind,
    from_date: input.from,
    to_date: input.to ?? null,
    reason: input.reason.trim(),
    created_by: tenant.userId,
  });
  await appendAudit(trx, tenant, [
    {
      action: 'create',
      entityType: 'bed-unavailability',
      entityId: id,
      detail: { bedId: bed.id, kind: input.kind },
    },
  ]);
  return id;
}
