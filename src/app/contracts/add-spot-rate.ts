/**
 * Adding a row to the spot-rate table (the counterfactual blocks are measured against): a weekly
 * rate for a need segment from a date, kept by the caller's organisation for its region.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { insertSpotRate, spotRateExists } from '../../db/queries/contracts.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { isCode, NEED_SEGMENTS, type NeedSegment } from '../../domain/shared/codes.ts';
import { isLocalDate, parseUkDate } from '../../domain/shared/dates.ts';
import { type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';

export interface SpotRateInput {
  segment?: string | null;
  /** YYYY-MM-DD or dd/mm/yyyy. */
  from?: string | null;
  /** Pounds a week ("£5,750" or "5750")… */
  weeklyPrice?: string | number | null;
  /** …or pence (the API). */
  weeklyPence?: number | null;
}

export async function addSpotRate(trx: Tx, tenant: Tenant, input: SpotRateInput): Promise<string> {
  const errors: FieldError[] = [];
  const segment = (input.segment ?? '').trim();
  if (!isCode(NEED_SEGMENTS, segment)) errors.push({ field: 'segment', message: 'Choose the need segment' });
  const raw = (input.from ?? '').trim();
  const from = isLocalDate(raw) ? raw : parseUkDate(raw);
  if (!from) errors.push({ field: 'from', message: 'Enter the date the rate applies from as a real date' });
  let weekly: number | undefined;
  if (input.weeklyPence !== undefined && input.weeklyPence !== null) {
    weekly = Number.isSafeInteger(input.weeklyPence) && input.weeklyPence > 0 ? input.weeklyPence : undefined;
    if (weekly === undefined)
      errors.push({ field: 'weeklyPence', message: 'Enter the weekly rate in whole pence, more than 0' });
  } else {
    const p = parsePounds(String(input.weeklyPrice ?? ''));
    weekly = p !== undefined && p > 0 && p <= 100_000_000 ? p : undefined;
    if (weekly === undefined)
      errors.push({ field: 'weeklyPrice', message: 'Enter the weekly rate in pounds, for example 5750' });
  }
  throwIfInvalid(errors, 'The spot rate has errors');
  if (await spotRateExists(trx, tenant.orgId, segment, from!)) {
    throwIfInvalid(
      [{ field: 'from', message: `You already have a rate for this segment from ${from}` }],
      'The spot rate has errors',
    );
  }
  const id = await insertSpotRate(trx, {
    orgId: tenant.orgId,
    regionCode: tenant.regionCode,
    segment: segment as NeedSegment,
    from: from!,
    weekly: weekly!,
  });
  await appendAudit(trx, tenant, [
    { action: 'create', entityType: 'spot-rate', entityId: id, detail: { segment, from, weekly } },
  ]);
  return id;
}
