import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/errors.ts';
import { readContractFile } from './contract-file.ts';

const example = JSON.parse(
  readFileSync(new URL('../../../docs/examples/charges/contract.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function problems(json: unknown): string[] {
  try {
    readContractFile(typeof json === 'string' ? json : JSON.stringify(json));
    return [];
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return e.fieldErrors.map((f) => `${f.field}: ${f.message}`);
  }
}

describe('contract.json', () => {
  it('turns pounds into pence and percentages into ppm, with defaults for what is left out', () => {
    const minimal = {
      id: 'c',
      name: 'Spot',
      kind: 'spot',
      provider: { id: 'p', name: 'P' },
      term: { start: '01/04/2025', initialMonths: 12 },
      shares: [{ la: 'brent', share: '100%' }],
      lots: [{ id: 'l', name: 'L', weeklyPrice: '£4,144' }],
      homes: [{ id: 'h', name: 'H', lot: 'l', beds: ['b1', { id: 'b2', from: '2025-06-01' }] }],
      uplift: {
        kind: 'index',
        index: 'CPI',
        series: [{ from: '2026-01-01', percent: '3.4%' }],
        capPercent: 5,
      },
    };
    const { contract, spotRates } = readContractFile(JSON.stringify(minimal));
    expect(contract.term).toEqual({
      start: '2025-04-01',
      initialMonths: 12,
      extensions: [],
      extensionNoticeMonths: 6,
    });
    expect(contract.lots[0]!.weeklyPrice).toBe(414_400);
    expect(contract.uplift).toEqual({
      kind: 'index',
      index: 'CPI',
      series: [{ from: '2026-01-01', ratePpm: 34_000 }],
      capPpm: 50_000,
    });
    expect(contract.vacancy).toEqual({
      holdDays: 0,
      holdPayer: 'leaving-la',
      afterHold: 'released',
      retainerPpm: 0,
    });
    expect(contract.maxBedsPerSetting).toBe(5);
    expect(contract.homes[0]!.beds).toEqual([{ id: 'b1' }, { id: 'b2', from: '2025-06-01' }]);
    expect(spotRates).toEqual([]);
  });

  it('names the path of every malformed field', () => {
    const bad = {
      ...example,
      kind: 'block',
      term: { start: '2025-02-30', initialMonths: 36.5 },
      lots: [{ id: 'lot-1', name: 'Lot', weeklyPrice: 'lots' }],
      colour: 'blue',
    };
    expect(problems(bad)).toEqual([
      'kind: use one of: hard-block, soft-block, framework, spot',
      'term.start: "2025-02-30" is not a real date (YYYY-MM-DD or dd/mm/yyyy)',
      'term.initialMonths: the initial period in months is a whole number',
      'lots[0].weeklyPrice: "lots" is not an amount in pounds above zero',
      'file: Unrecognized key: "colour"',
    ]);
  });

  it('applies the business rules with the file’s own field names', () => {
    expect(
      problems({ ...example, vacancy: { holdDays: 28, afterHold: 'void-shared', retainerPercent: 10 } }),
    ).toEqual(['vacancy.retainerPercent: a retainer only applies when beds are released after the hold']);
    const { vacancy: _, ...noVacancy } = example;
    expect(problems(noVacancy)).toEqual([
      'vacancy: a block needs its vacancy rules: holdDays, holdPayer and afterHold',
    ]);
    expect(problems('{ "id": ')).toEqual([expect.stringMatching(/^file: not valid JSON/)]);
  });
});
