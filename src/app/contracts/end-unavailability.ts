/**
 * A provider ends one of its beds' unavailability: the bed can be used again from `to` (exclusive
 * end, as everywhere). Ending it earlier only frees days; ending an open one, or moving a planned
 * end later, must not run into the bed's next fact (the ledger's constraint refuses it anyway).
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { findOwnUnavailability, setUnavailabilityEnd } from '../../db/queries/contracts.ts';
import { intervalsOverlapping } from '../../db/queries/ledger.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { isLocalDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, throwIfInvalid } from '../../domain/shared/errors.ts';

export async function endUnavailability(
  trx: Tx,
  tenant: Tenant,
  input: { unavailabilityId: string; to: LocalDate },
): Promise<void> {
  const u = await findOwnUnavailability(trx, tenant.orgId, input.unavailabilityId);
  if (!u) throw new DomainError('not-found', 'No such unavailability');
  throwIfInvalid(
    isLocalDate(input.to) ? [] : [{ field: 'to', message: 'Enter the day the bed can be used again' }],
    'Cannot end the unavailability',
  );
  if (input.to <= u.from) {
    throwIfInvalid(
      [
        {
          field: 'to',
          message: `The bed can be used again only after the first unavailable day (${u.from})`,
        },
      ],
      'Cannot end the unavailability',
    );
  }
  if (u.to && input.to > u.to) {
    const next = (await intervalsOverlapping(trx, u.bedId, u.to, input.to)).find((i) => i.id !== u.id);
    if (next) {
      throwIfInvalid(
        [
          {
            field: 'to',
            message: `${u.bedLabel} has another record from ${next.from}: choose an earlier day`,
          },
        ],
        'Cannot end the unavailability',
      );
    }
  }
  await setUnavailabilityEnd(trx, u.id, input.to);
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'bed-unavailability',
      entityId: u.id,
      detail: { bedId: u.bedId, from: u.from, was: u.to, to: input.to },
    },
  ]);
}
