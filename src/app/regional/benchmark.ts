/**
 * The price benchmark for one viewer: the region's price facts (no child data) read through the
 * regional-analytics path, and everything shown computed in ONE `benchmarkPack` call, so every
 * table on the page, in the API answer and in the export is suppressed together.
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit.ts';
import { regionalPriceFacts } from '../../db/queries/regional.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import { type BenchmarkPack, benchmarkPack } from '../../domain/pricing/benchmark-pack.ts';
import { benchmarkTables } from '../../domain/pricing/benchmark-tables.ts';
import type { DataTable } from '../../domain/pricing/data-table.ts';
import type { Release } from './release.ts';

export interface BenchmarkView {
  release: Release;
  pack: BenchmarkPack;
  tables: DataTable[];
  /** Placements in the release over all LAs, as published (null when hidden); the viewer's own. */
  placements: number | null;
  ownPlacements: number;
}

export async function loadBenchmark(
  db: Kysely<DB>,
  tenant: Tenant,
  release: Release,
  opts: { export?: boolean } = {},
): Promise<BenchmarkView> {
  const records = await withTenant(db, tenant, async (trx) => {
    const facts = await regionalPriceFacts(trx, release.cutoff);
    await appendAudit(trx, tenant, [
      {
        action: opts.export ? 'export' : 'read',
        entityType: 'regional-prices',
        entityId: null,
        detail: { view: release.view, cutoff: release.cutoff, placements: facts.length },
      },
    ]);
    return facts;
  });
  return benchmarkFor(records, release);
}

/** The pure part (also used by the benchmark): one pack, its tables. */
export function benchmarkFor(records: Parameters<typeof benchmarkPack>[0], release: Release): BenchmarkView {
  const pack = benchmarkPack(records, { viewer: release.viewer, minCell: release.minCell });
  const ownByProvider = new Map<string, number>();
  let own = 0;
  if (release.viewer.laCode) {
    for (const r of records) {
      if (r.laCode !== release.viewer.laCode) continue;
      own++;
      ownByProvider.set(r.providerId, (ownByProvider.get(r.providerId) ?? 0) + 1);
    }
  }
  return {
    release,
    pack,
    tables: benchmarkTables(pack, { ownPlacementsByProvider: ownByProvider }),
    placements:
      pack.tables.byRoute.cells.find((c) => c.level.length === 0)?.all?.count ??
      (records.length === 0 ? 0 : null),
    ownPlacements: own,
  };
}
