/**
 * Contracts read from the database are the engine's contracts: a generated region written to the
 * tables and read back (as the region's hub, under row-level security) gives exactly the engine's
 * statements and KPIs on the same facts, month by month over the whole term; the demo's stored
 * terms are the engine's shape and pass its validation; bad stored terms are refused by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import {
  loadContract,
  loadContractRecord,
  loadLedger,
  loadSpotRates,
} from '../../src/db/queries/contracts.ts';
import { type WrittenRegion, writeRegion } from '../../src/db/queries/contracts-sample.ts';
import { withSystem, withTenant } from '../../src/db/tenant.ts';
import { validateContractAndLedger } from '../../src/domain/contracts/frame.ts';
import { contractKpis } from '../../src/domain/contracts/kpis.ts';
import { generateRegion, type SampleRegion } from '../../src/domain/contracts/sample-region.ts';
import type { ContractStatement } from '../../src/domain/contracts/statements.ts';
import { monthlyStatements } from '../../src/domain/contracts/statements.ts';
import { contractPeriod } from '../../src/domain/contracts/term.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { testDatabase } from '../helpers/db.ts';

let empty: Database;
let demo: Database;
let region: SampleRegion;
let written: WrittenRegion;

beforeAll(async () => {
  [empty, demo] = await Promise.all([testDatabase({ demo: false }), testDatabase({ demo: true })]);
  region = generateRegion({ seed: 11, las: 6, beds: 36, years: 4, bedsPerContract: 12 });
  written = await writeRegion(empty.db, region);
});
afterAll(async () => {
  await empty.close();
  await demo.close();
});

/** Statements with every id replaced by the region's own (database uuid → region id). */
function comparable(statements: readonly ContractStatement[], back: (id: string) => string) {
  const line = (l: ContractStatement['las'][number]['lines'][number]) => ({
    la: back(l.la),
    kind: l.kind,
    placement: l.placement ? back(l.placement) : undefined,
    bed: l.bed ? back(l.bed) : undefined,
    extraType: l.extraType,
    days: l.days,
    weeklyRates: l.weeklyRates,
    sevenths: l.sevenths,
    sharePpm: l.sharePpm,
    amount: l.amount,
  });
  const order = (a: ReturnType<typeof line>, b: ReturnType<typeof line>) =>
    JSON.stringify(a).localeCompare(JSON.stringify(b));
  return statements.map((s) => ({
    month: s.month,
    period: s.period,
    las: s.las.map((l) => ({ la: back(l.la), total: l.total, lines: l.lines.map(line).sort(order) })),
    provider: {
      total: s.provider.total,
      pools: s.provider.pools,
      lines: s.provider.lines.map(line).sort(order),
      byLa: s.provider.byLa.map((b) => ({ la: back(b.la), total: b.total })),
    },
    reconciliation: s.reconciliation,
  }));
}

describe('a database round trip', () => {
  it('gives the same monthly statements as the engine on the same facts, to the penny, over the whole term', async () => {
    const back = new Map([...written.ids].map(([k, v]) => [v, k]));
    const toRegion = (id: string) => back.get(id) ?? `unknown ${id}`;
    let months = 0;
    for (const { contract, ledger } of region.contracts) {
      const id = written.ids.get(contract.id)!;
      const loaded = await withTenant(empty.db, written.hub, async (trx) => {
        const c = (await loadContract(trx, id))!;
        return { contract: c, ledger: await loadLedger(trx, c) };
      });
      expect(loaded.ledger.placements).toHaveLength(ledger.placements.length);
      expect(loaded.ledger.unavailability).toHaveLength(ledger.unavailability.length);
      expect(validateContractAndLedger(loaded.contract, loaded.ledger)).toEqual([]);
      const range = contractPeriod(contract);
      const fromEngine = monthlyStatements(contract, ledger, range);
      const fromDb = monthlyStatements(loaded.contract, loaded.ledger, range);
      expect(comparable(fromDb, toRegion)).toEqual(comparable(fromEngine, (x) => x));
      for (const s of fromDb) expect(s.reconciliation.difference).toBe(0);
      months += fromDb.length;
    }
    expect(months).toBeGreaterThan(100);
  });

  it('gives the same statements when only one month’s facts are read', async () => {
    const { contract } = region.contracts[0]!;
    const id = written.ids.get(contract.id)!;
    const month = { from: '2023-06-01', to: '2023-07-01' };
    const [whole, part] = await withTenant(empty.db, written.hub, async (trx) => {
      const c = (await loadContract(trx, id))!;
      return [
        monthlyStatements(c, await loadLedger(trx, c), month),
        monthlyStatements(c, await loadLedger(trx, c, month), month),
      ];
    });
    expect(part).toEqual(whole);
  });

  it('gives the same KPIs as the engine, with the spot-rate table from the database', async () => {
    const { contract, ledger } = region.contracts[1]!;
    const id = written.ids.get(contract.id)!;
    await withSystem(empty.db, (trx) =>
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
    const range = contractPeriod(contract);
    const fromDb = await withTenant(empty.db, written.hub, async (trx) => {
      const c = (await loadContract(trx, id))!;
      const rates = await loadSpotRates(trx, written.regionCode, written.hub.orgId);
      return contractKpis(c, await loadLedger(trx, c), rates, range, '2023-01-01');
    });
    const fromEngine = contractKpis(contract, ledger, region.spotRates, range, '2023-01-01');
    const pick = (k: typeof fromDb) => ({
      bedDays: k.bedDays,
      costs: k.costs,
      spot: k.spotCounterfactual,
      savings: k.savings,
      occupancy: [k.occupancyOfPaid, k.occupancyOfAvailable],
      breakEven: k.breakEven,
      stability: k.stability,
      proximity: k.proximity,
      las: k.byLa.map((l) => [l.sharePpm, l.usageShare, l.costs.total]),
      homes: k.byHome.map((h) => [h.beds, h.costs.total, h.bedDays]),
      decisions: k.decisions,
    });
    expect(pick(fromDb)).toEqual(pick(fromEngine));
  });
});

describe('the demo’s contracts', () => {
  it('store the engine’s terms and pass its validation with their ledgers', async () => {
    const contracts = await demo.db.selectFrom('contract').select(['id', 'reference']).execute();
    expect(contracts.map((c) => c.reference).sort()).toEqual(['WL-SB-001', 'WL-SB-002']);
    for (const c of contracts) {
      const r = await withSystem(demo.db, async (trx) => {
        const record = (await loadContractRecord(trx, c.id))!;
        return { record, ledger: await loadLedger(trx, record.contract) };
      });
      expect(validateContractAndLedger(r.record.contract, r.ledger)).toEqual([]);
      expect(r.record.contract.uplift.kind).toBe('index');
      expect(r.ledger.placements.length).toBeGreaterThan(20);
      expect(r.ledger.placements.some((p) => p.extras?.length)).toBe(true);
    }
  });

  it('refuses stored terms that are not the engine’s shape, naming the field', async () => {
    const c = await demo.db.selectFrom('contract').select(['id', 'terms']).executeTakeFirstOrThrow();
    const bad = {
      ...(c.terms as Record<string, unknown>),
      vacancy: { holdDays: -1, afterHold: 'paid-void' },
    };
    await withSystem(demo.db, async (trx) => {
      await trx
        .updateTable('contract')
        .set({ terms: JSON.stringify(bad) })
        .where('id', '=', c.id)
        .execute();
      const err = await loadContract(trx, c.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      const fields = (err as DomainError).fieldErrors.map((f) => f.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'terms.vacancy.holdDays',
          'terms.vacancy.holdPayer',
          'terms.vacancy.afterHold',
        ]),
      );
      // Put it back for the other tests.
      await trx
        .updateTable('contract')
        .set({ terms: JSON.stringify(c.terms) })
        .where('id', '=', c.id)
        .execute();
    });
  });
});
