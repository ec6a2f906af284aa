/**
 * Contracts from the database (issue 3): the generated region of 20 LAs, 300 block beds and five
 * years of ledger history (src/domain/contracts/sample-region.ts, the same seed as the in-memory
 * charges bench) written into a fresh database, then, reading as the region's hub under row-level
 * security, every contract, its ledger and the spot-rate table:
 *   - one month's statements for every LA (target 200 ms), database reads included;
 *   - the whole-term KPIs of every contract (target 1 s), database reads included.
 * On in-memory PGlite always, and on PostgreSQL when DATABASE_URL is set (in a throwaway database
 * created and dropped here).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Database } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadContractRecords, loadLedgers, loadSpotRates } from '../src/db/queries/contracts.ts';
import { type WrittenRegion, writeRegion } from '../src/db/queries/contracts-sample.ts';
import { withSystem, withTenant } from '../src/db/tenant.ts';
import { contractKpis } from '../src/domain/contracts/kpis.ts';
import { regionStatements } from '../src/domain/contracts/region-statements.ts';
import { generateRegion, type SampleRegion } from '../src/domain/contracts/sample-region.ts';
import { contractPeriod } from '../src/domain/contracts/term.ts';
import { type Measurement, onEachDatabase, time } from './lib.ts';

const MONTH = { from: '2025-03-01', to: '2025-04-01' };
const AS_OF = '2025-03-01';

async function measure(database: Database, region: SampleRegion, label: string): Promise<Measurement[]> {
  const t0 = performance.now();
  await migrateToLatest(database.db);
  const written: WrittenRegion = await writeRegion(database.db, region);
  await withSystem(database.db, (trx) =>
    trx
      .insertInto('spot_rate')
      .values(
        region.spotRates.map((r) => ({
          org_id: written.hub.orgId,
          region_code: written.regionCode,
          need_segment: r.segment,
          from_date: r.from,
          weekly_pence: r.weekly,
        })),
      )
      .execute(),
  );
  if (database.kind === 'postgres') await sql`analyze`.execute(database.db);
  const loadSeconds = (performance.now() - t0) / 1000;
  const contractIds = region.contracts.map((c) => written.ids.get(c.contract.id)!);
  const intervals = await database.db
    .selectFrom('bed_interval')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();

  let las = 0;
  const month = await time(
    () =>
      withTenant(database.db, written.hub, async (trx) => {
        const contracts = (await loadContractRecords(trx, contractIds)).map((r) => r.contract);
        const ledgers = await loadLedgers(trx, contracts, MONTH);
        las = regionStatements(
          contracts.map((contract) => ({ contract, ledger: ledgers.get(contract.id)! })),
          MONTH,
        ).byLa.length;
      }),
    { runs: 20, warmup: 3 },
  );
  const kpis = await time(
    () =>
      withTenant(database.db, written.hub, async (trx) => {
        const rates = await loadSpotRates(trx, written.regionCode, written.hub.orgId);
        const contracts = (await loadContractRecords(trx, contractIds)).map((r) => r.contract);
        const ledgers = await loadLedgers(trx, contracts);
        for (const c of contracts) contractKpis(c, ledgers.get(c.id)!, rates, contractPeriod(c), AS_OF);
      }),
    { runs: 10, warmup: 2 },
  );
  const facts = `${contractIds.length} contracts, ${intervals.n} ledger intervals; loaded in ${loadSeconds.toFixed(1)} s`;
  return [
    {
      name: `${label}: one month's statements for all ${las} LAs with the database reads, p95`,
      value: month.p95,
      unit: 'ms',
      target: 200,
      note: facts,
    },
    { name: `${label}: one month's statements, median`, value: month.median, unit: 'ms' },
    {
      name: `${label}: whole-term KPIs for every contract with the database reads, p95`,
      value: kpis.p95,
      unit: 'ms',
      target: 1000,
    },
    { name: `${label}: whole-term KPIs, median`, value: kpis.median, unit: 'ms' },
  ];
}

export default async function bench(): Promise<Measurement[]> {
  const region = generateRegion({ seed: 2021 });
  return onEachDatabase('contracts', 2, (database, label) => measure(database, region, label));
}
