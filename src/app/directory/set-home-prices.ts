/**
 * A provider states the weekly prices it offers for a home, each from a date (for example a
 * standard placement, and a solo one). They replace the home's price list; LAs and hubs see them,
 * other providers never do.
 */
import { findHome, replacePrices } from '../../db/queries/directory.ts';
import type { Executor, Tenant } from '../../db/tenant.ts';
import { isLocalDate, type LocalDate, parseUkDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';

export interface PriceRow {
  label: string;
  weekly: string;
  from: string;
}

export function readDay(text: string): LocalDate | undefined {
  const t = text.trim();
  return isLocalDate(t) ? t : parseUkDate(t);
}

export async function setHomePrices(
  db: Executor,
  tenant: Tenant,
  homeId: string,
  rows: readonly PriceRow[],
): Promise<number> {
  const home = await findHome(db, homeId);
  if (!home || home.providerOrgId !== tenant.orgId) throw new DomainError('not-found', 'No such home');
  const errors: FieldError[] = [];
  const prices: { label: string; weeklyPence: number; fromDate: LocalDate }[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const n = i + 1;
    if (!r.label.trim() && !r.weekly.trim() && !r.from.trim()) return;
    const label = r.label.trim() || 'Standard placement';
    const pence = parsePounds(r.weekly);
    const from = readDay(r.from);
    if (label.length > 100)
      errors.push({ field: `label${n}`, message: 'The name must be 100 characters or fewer' });
    if (pence === undefined || pence <= 0 || pence > 10_000_000)
      errors.push({ field: `weekly${n}`, message: 'Enter a weekly price in pounds, like 4,850 or 4850.00' });
    if (!from) errors.push({ field: `from${n}`, message: 'Enter the date the price starts, like 1/4/2026' });
    if (seen.has(`${label}|${from}`))
      errors.push({ field: `label${n}`, message: 'The same price is listed twice' });
    seen.add(`${label}|${from}`);
    if (pence !== undefined && pence > 0 && from) prices.push({ label, weeklyPence: pence, fromDate: from });
  });
  throwIfInvalid(errors, 'The prices have errors');
  await replacePrices(db, tenant, homeId, prices);
  return prices.length;
}
