/**
 * The sufficiency gaps for one viewer: the region's referral facts (no child data) through the
 * regional-analytics path, the region's homes as supply, and every count of children from ONE
 * jointly suppressed release (`gapRelease`, built on `countRelease`).
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit.ts';
import { regionalReferralFacts, regionLas, regionSupply } from '../../db/queries/regional.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import type { DataTable } from '../../domain/pricing/data-table.ts';
import { type GapRelease, gapRelease } from '../../domain/pricing/gap-release.ts';
import { gapTables } from '../../domain/pricing/gap-tables.ts';
import type { ReferralSummary, SupplySummary } from '../../domain/pricing/gap-types.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { gapReleaseOffThread } from '../../workers/gap-release-pool.ts';
import type { Release } from './release.ts';

export interface GapsView {
  release: Release;
  gaps: GapRelease;
  tables: DataTable[];
  names: Record<string, string>;
  supplyDay: LocalDate;
}

export async function loadGaps(
  db: Kysely<DB>,
  tenant: Tenant,
  release: Release,
  today: LocalDate,
  opts: { export?: boolean } = {},
): Promise<GapsView> {
  const { referrals, supply, names } = await withTenant(db, tenant, async (trx) => {
    const facts = await regionalReferralFacts(trx, release.cutoff);
    const homes = await regionSupply(trx, tenant.regionCode, today);
    const las = await regionLas(trx, tenant.regionCode);
    await appendAudit(trx, tenant, [
      {
        action: opts.export ? 'export' : 'read',
        entityType: 'regional-gaps',
        entityId: null,
        detail: { view: release.view, cutoff: release.cutoff, referrals: facts.length },
      },
    ]);
    return { referrals: facts, supply: homes, names: Object.fromEntries(las.map((l) => [l.laCode, l.name])) };
  });
  // The suppression takes seconds for a large region: in a worker thread, remembered (see the pool).
  const gaps = await gapReleaseOffThread(referrals, supply, {
    viewer: release.viewer,
    minCell: release.minCell,
  });
  return { release, gaps, tables: gapTables(gaps, names), names, supplyDay: today };
}

export function gapsFor(
  referrals: readonly ReferralSummary[],
  supply: readonly SupplySummary[],
  release: Release,
  names: Record<string, string>,
  supplyDay: LocalDate,
): GapsView {
  const gaps = gapRelease(referrals, supply, { viewer: release.viewer, minCell: release.minCell });
  return { release, gaps, tables: gapTables(gaps, names), names, supplyDay };
}
