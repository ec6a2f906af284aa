/**
 * The charges engine, in memory (issue 3): a generated region of 20 LAs, 300 block beds and five
 * years of ledger history (src/domain/contracts/sample-region.ts, seeded, reusable for the database
 * benchmark). Times one month's statements for every LA (target 200 ms) and the whole-term KPIs of
 * every contract (target 1 s). Each run gets fresh ledger objects, so the per-ledger index is
 * rebuilt and counted, as it would be after loading from the database.
 */
import { contractKpis } from '../src/domain/contracts/kpis.ts';
import { regionStatements } from '../src/domain/contracts/region-statements.ts';
import { generateRegion } from '../src/domain/contracts/sample-region.ts';
import { monthlyStatements } from '../src/domain/contracts/statements.ts';
import { contractPeriod } from '../src/domain/contracts/term.ts';
import { type Measurement, time } from './lib.ts';

export default async function bench(): Promise<Measurement[]> {
  const region = generateRegion({ seed: 2021 });
  const fresh = () => region.contracts.map((c) => ({ contract: c.contract, ledger: { ...c.ledger } }));
  const placements = region.contracts.reduce((n, c) => n + c.ledger.placements.length, 0);
  const facts = `${region.contracts.length} contracts, ${placements} placements`;
  let las = 0;

  const month = await time(
    () => {
      las = regionStatements(fresh(), { from: '2025-03-01', to: '2025-04-01' }).byLa.length;
    },
    { runs: 20, warmup: 3 },
  );
  const kpis = await time(
    () => {
      for (const { contract, ledger } of fresh()) {
        contractKpis(contract, ledger, region.spotRates, contractPeriod(contract), '2025-03-01');
      }
    },
    { runs: 10, warmup: 2 },
  );
  const term = await time(
    () => {
      for (const { contract, ledger } of fresh())
        monthlyStatements(contract, ledger, contractPeriod(contract));
    },
    { runs: 5, warmup: 1 },
  );
  return [
    {
      name: `one month's statements for all ${las} LAs, p95`,
      value: month.p95,
      unit: 'ms',
      target: 200,
      note: facts,
    },
    { name: "one month's statements, median", value: month.median, unit: 'ms' },
    { name: 'whole-term KPIs for every contract, p95', value: kpis.p95, unit: 'ms', target: 1000 },
    { name: 'whole-term KPIs, median', value: kpis.median, unit: 'ms' },
    { name: 'all 60 months of statements for every contract, median', value: term.median, unit: 'ms' },
  ];
}
