/**
 * Ending a placement: the child's last night is the day before `endDate` (end dates are exclusive).
 * The bed's hold period starts on `endDate`; holds and voids are derived, never written.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { findPlacementToEnd, setPlacementEnd, setPlacementIntervalEnd } from '../../db/queries/ledger.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { isLocalDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, throwIfInvalid } from '../../domain/shared/errors.ts';

export async function endPlacement(
  trx: Tx,
  tenant: Tenant,
  input: { placementId: string; endDate: LocalDate; ending: 'planned' | 'unplanned' },
): Promise<void> {
  throwIfInvalid(
    [
      ...(isLocalDate(input.endDate) ? [] : [{ field: 'endDate', message: 'Enter a real end date' }]),
      ...(['planned', 'unplanned'].includes(input.ending)
        ? []
        : [{ field: 'ending', message: 'Say whether the ending was planned' }]),
    ],
    'Cannot end the placement',
  );
  const p = await findPlacementToEnd(trx, input.placementId);
  if (!p) throw new DomainError('not-found', 'No such placement');
  if (p.end_date) throw new DomainError('conflict', `This placement already ended on ${p.end_date}`);
  if (input.endDate <= p.start_date) {
    throw new DomainError('validation', 'The end date must be after the start date', [
      { field: 'endDate', message: `The end date must be after the start date (${p.start_date})` },
    ]);
  }
  // An open placement blocks every later day of its bed, so ending it can only free days.
  await setPlacementEnd(trx, p.id, input.endDate, input.ending);
  await setPlacementIntervalEnd(trx, p.id, input.endDate, input.ending);
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'placement',
      entityId: p.id,
      detail: { childId: p.child_id, ended: input.endDate, ending: input.ending },
    },
  ]);
}
