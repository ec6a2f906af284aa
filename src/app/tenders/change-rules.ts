/**
 * Changing a tender's rules (weights, price method, limits of the award): kept in the tender's
 * history with what each setting was and became, who changed it and when.
 */
import type { Kysely } from 'kysely';
import { appendTenderEvent, bumpRevision } from '../../db/queries/tenders.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import { DomainError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { checkRules, type TenderRules } from '../../domain/tenders/tender.ts';
import { requireTender, rulesOf, runsTender } from './load.ts';

/** Each setting that differs, as "was → now" in words. */
export function rulesDiff(
  before: TenderRules,
  after: TenderRules,
): Record<string, { from: unknown; to: unknown }> {
  const flat = (r: TenderRules): Record<string, unknown> => ({
    priceWeight: r.priceWeight,
    qualityWeight: r.qualityWeight,
    priceMethod: r.priceMethod,
    priceCeiling: r.priceCeiling,
    minQualityPercent: r.minQualityPercent,
    minBeds: r.award.minBeds,
    maxBeds: r.award.maxBeds,
    maxProviders: r.award.maxProviders,
    maxBedsPerSetting: r.award.maxBedsPerSetting,
    wholeSettings: r.award.wholeSettings,
    sensitivity: `${r.sensitivity.from}:${r.sensitivity.to}:${r.sensitivity.step}`,
  });
  const a = flat(before);
  const b = flat(after);
  return Object.fromEntries(
    Object.keys(a)
      .filter((k) => a[k] !== b[k])
      .map((k) => [k, { from: a[k], to: b[k] }]),
  );
}

export async function changeRules(
  db: Kysely<DB>,
  tenant: Tenant,
  tenderId: string,
  rules: TenderRules,
): Promise<{ changed: number }> {
  throwIfInvalid(checkRules(rules), 'The rules are not valid');
  return withTenant(db, tenant, async (trx) => {
    const tender = await requireTender(trx, tenderId, { lock: true });
    if (!runsTender(tender, tenant))
      throw new DomainError('forbidden', 'Only the hub running the tender changes it');
    if (tender.status !== 'open')
      throw new DomainError('conflict', 'The tender is closed: its bids and rules cannot change');
    const diff = rulesDiff(rulesOf(tender), rules);
    if (Object.keys(diff).length === 0) return { changed: 0 };
    await bumpRevision(trx, tenderId, { rules });
    await appendTenderEvent(trx, tenant, tenderId, 'rules-changed', { changes: diff });
    return { changed: Object.keys(diff).length };
  });
}
