/**
 * A small, realistic scenario for tests and examples to start from: three LAs sharing a four-bed
 * block at Central Bedfordshire's block rate (£1,918/week) against its average spot rate
 * (£4,144/week), three-year term, 30-day hold, voids paid in full.
 */
import { PPM } from '../shared/money.ts';
import type { Scenario } from './scenario.ts';

export function exampleScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: 'Example soft block',
    startDate: '2025-04-01',
    termMonths: 36,
    las: [
      { code: 'A', name: 'Authority A', referralsPerYear: 4, sharePpm: 500_000 },
      { code: 'B', name: 'Authority B', referralsPerYear: 2, sharePpm: 300_000 },
      { code: 'C', name: 'Authority C', referralsPerYear: 1, sharePpm: PPM - 800_000 },
    ],
    stayLength: { kind: 'lognormal', meanDays: 270, sdDays: 220 },
    matching: { probability: 0.7, days: 14 },
    block: {
      beds: 4,
      weeklyPence: 191_800,
      annualUpliftPercent: 2,
      holdDays: 30,
      voidRule: { kind: 'pay-in-full' },
      startsAs: 'empty',
    },
    spot: { weeklyPence: 414_400, annualInflationPercent: 4, outOfAreaProbability: 0.6 },
    ...overrides,
  };
}
