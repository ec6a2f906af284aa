import { describe, expect, it } from 'vitest';
import { regionStatements } from './region-statements.ts';
import { generateRegion } from './sample-region.ts';

describe('a region month', () => {
  it('gives every LA its statements from each of its contracts, and LA totals equal provider totals', () => {
    const region = generateRegion({ seed: 11 });
    const month = regionStatements(region.contracts, { from: '2024-02-01', to: '2024-03-01' });
    expect(month.byLa.map((l) => l.la)).toEqual(region.las.map((l) => l.id));
    for (const la of month.byLa) {
      const contracts = region.contracts.filter((c) => c.contract.shares.some((s) => s.la === la.la));
      expect(la.statements.map((s) => s.contract)).toEqual(contracts.map((c) => c.contract.id));
    }
    const owed = month.byLa.reduce((a, l) => a + l.total, 0);
    expect(owed).toBeGreaterThan(0);
    expect(month.byProvider.reduce((a, p) => a + p.total, 0)).toBe(owed);
  });
});
