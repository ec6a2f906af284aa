import { describe, expect, it } from 'vitest';
import {
  financialQuarter,
  financialYear,
  routeOfContract,
  toPdsSplit,
  weeklyTotal,
  zeroSplit,
} from './price-record.ts';

describe('price records', () => {
  it('puts days in financial years and quarters that sort in time order', () => {
    expect(financialYear('2024-03-31')).toBe('2023-24');
    expect(financialYear('2024-04-01')).toBe('2024-25');
    expect(financialYear('2099-12-01')).toBe('2099-00');
    expect(financialQuarter('2024-04-01')).toBe('2024-25 Q1');
    expect(financialQuarter('2024-09-30')).toBe('2024-25 Q2');
    expect(financialQuarter('2024-12-31')).toBe('2024-25 Q3');
    expect(financialQuarter('2025-01-01')).toBe('2024-25 Q4');
    const days = ['2023-05-01', '2024-02-01', '2024-04-01', '2024-11-11', '2025-03-31'];
    const quarters = days.map(financialQuarter);
    expect([...quarters].sort()).toEqual(quarters);
  });

  it('folds our seven cost components into the standard’s four without losing a penny', () => {
    const split = {
      core: 400_000,
      education: 50_000,
      health: 7_000,
      therapy: 12_000,
      transport: 3_000,
      additional: 20_000,
      other: 1_000,
    };
    const pds = toPdsSplit(split);
    expect(pds).toEqual({
      coreWeeklyCost: 400_000,
      additionalSupportWeeklyCost: 35_000, // additional 20,000 + therapy 12,000 + transport 3,000
      educationWeeklyCost: 50_000,
      otherWeeklyCost: 8_000, // health 7,000 + other 1,000
    });
    expect(Object.values(pds).reduce((a, b) => a + b, 0)).toBe(weeklyTotal({ weekly: split }));
    expect(weeklyTotal({ weekly: zeroSplit() })).toBe(0);
  });

  it('counts hard and soft blocks as block purchases', () => {
    expect(routeOfContract('hard-block')).toBe('block');
    expect(routeOfContract('soft-block')).toBe('block');
    expect(routeOfContract('framework')).toBe('framework');
    expect(routeOfContract('spot')).toBe('spot');
  });
});
