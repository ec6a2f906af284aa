import { describe, expect, it } from 'vitest';
import { validateContractAndLedger } from './frame.ts';
import { generateRegion } from './sample-region.ts';

describe('the sample region generator', () => {
  const region = generateRegion({ seed: 42 });

  it('makes 20 LAs and 300 block beds over five years, each LA in at least one contract', () => {
    expect(region.las).toHaveLength(20);
    const beds = region.contracts.flatMap((c) => c.contract.homes.flatMap((h) => h.beds));
    expect(beds).toHaveLength(300);
    expect(region.range).toEqual({ from: '2021-04-01', to: '2026-04-01' });
    const inSome = new Set(region.contracts.flatMap((c) => c.contract.shares.map((s) => s.la)));
    expect(inSome.size).toBe(20);
    expect(region.contracts.some((c) => c.contract.kind === 'hard-block')).toBe(true);
    expect(region.contracts.some((c) => c.contract.vacancy.afterHold === 'released')).toBe(true);
  });

  it('makes only contracts and ledgers that pass validation, with history in every state', () => {
    for (const { contract, ledger } of region.contracts) {
      expect(validateContractAndLedger(contract, ledger)).toEqual([]);
    }
    const ledgers = region.contracts.map((c) => c.ledger);
    expect(ledgers.flatMap((l) => l.placements).length).toBeGreaterThan(1000);
    expect(ledgers.flatMap((l) => l.unavailability).some((u) => u.kind === 'agreed')).toBe(true);
    expect(ledgers.flatMap((l) => l.decommissions).length).toBeGreaterThan(0);
  });

  it('gives the same region for the same seed and a different one for another', () => {
    expect(generateRegion({ seed: 42 })).toEqual(region);
    expect(generateRegion({ seed: 43 }).contracts[0]!.ledger).not.toEqual(region.contracts[0]!.ledger);
  });
});
