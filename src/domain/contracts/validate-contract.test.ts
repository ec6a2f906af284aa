import { describe, expect, it } from 'vitest';
import type { Contract } from './contract.ts';
import { assertValidContract, validateContract } from './validate-contract.ts';
import { WEST_LONDON_CONTRACT as wl } from './west-london-example.ts';

const fields = (c: Contract) => validateContract(c).map((e) => `${e.field}: ${e.message}`);

describe('contract validation', () => {
  it('accepts the worked example', () => {
    expect(validateContract(wl)).toEqual([]);
  });

  it('caps blocked beds per setting (five by default, as in Essex) and names the home', () => {
    const six = wl.homes[0]!.beds.concat([{ id: 'cedar-5' }, { id: 'cedar-6' }]);
    const c = { ...wl, homes: [{ ...wl.homes[0]!, beds: six }, wl.homes[1]!] };
    expect(fields(c)).toEqual(['homes[0].beds: 6 beds in Cedar House is more than the cap of 5 per setting']);
    expect(fields({ ...c, maxBedsPerSetting: 6 })).toEqual([]);
  });

  it('refuses shares that do not sum to one, an extension taken after one declined, and unknown lots', () => {
    const c: Contract = {
      ...wl,
      shares: wl.shares.slice(1),
      term: {
        ...wl.term,
        extensions: [
          { months: 12, exercised: false },
          { months: 12, exercised: true },
        ],
      },
      homes: [{ ...wl.homes[0]!, lot: 'lot-9' }, wl.homes[1]!],
    };
    expect(fields(c)).toEqual([
      'shares: the shares sum to 857142 parts per million, not 1,000,000',
      'term.extensions[1].exercised: cannot be exercised after an earlier extension was not',
      'homes[0].lot: "lot-9" is not a lot of this contract',
    ]);
    expect(() => assertValidContract(c)).toThrow(/Contract wl-soft-block has errors/);
  });

  it('keeps vacancy rules consistent with the kind of contract', () => {
    const framework: Contract = { ...wl, kind: 'framework' };
    expect(fields(framework)).toEqual([
      'vacancy: a framework call-off pays only for occupied nights: no hold, beds released, no retainer',
    ]);
    const hard: Contract = { ...wl, kind: 'hard-block', vacancy: { ...wl.vacancy, afterHold: 'released' } };
    expect(fields(hard)).toEqual([
      'vacancy.afterHold: a hard block pays for every bed always: empty beds stay paid (void-shared)',
    ]);
    const retainer: Contract = { ...wl, vacancy: { ...wl.vacancy, retainerPpm: 100_000 } };
    expect(fields(retainer)).toEqual([
      'vacancy.retainerPpm: a retainer only applies when beds are released after the hold',
    ]);
  });

  it('checks an index uplift has figures in order, a floor under its cap, and a figure by the first anniversary', () => {
    const c: Contract = {
      ...wl,
      uplift: {
        kind: 'index',
        index: 'CPI',
        series: [
          { from: '2026-05-01', ratePpm: 30_000 },
          { from: '2026-01-01', ratePpm: 20_000 },
        ],
        capPpm: 10_000,
        floorPpm: 20_000,
      },
    };
    expect(fields(c)).toEqual([
      'uplift.series[1].from: figures must be in date order',
      'uplift.capPpm: the cap is below the floor',
      'uplift.series: the first index figure must apply on or before the first anniversary (2026-04-14)',
    ]);
  });
});
