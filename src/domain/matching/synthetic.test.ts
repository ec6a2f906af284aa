import { describe, expect, it } from 'vitest';
import { rankForProvider } from './rank.ts';
import { matchOptions } from './score.ts';
import { syntheticCaseload } from './synthetic.ts';

describe('synthetic caseload', () => {
  it('is the same for the same seed and different for another', () => {
    const a = syntheticCaseload(4, 30, 5, '2026-03-02');
    expect(syntheticCaseload(4, 30, 5, '2026-03-02')).toEqual(a);
    expect(syntheticCaseload(5, 30, 5, '2026-03-02')).not.toEqual(a);
  });

  it('gives ranking real work: some pairs eligible, most refused for a stated reason', () => {
    const { referrals, targets } = syntheticCaseload(4, 200, 50, '2026-03-02');
    const inbox = rankForProvider(targets, referrals, matchOptions('2026-03-02'));
    const eligible = inbox.reduce((n, v) => n + v.ranked.length, 0);
    const refused = inbox.reduce((n, v) => n + v.ineligible.length, 0);
    expect(eligible + refused).toBe(200 * 50);
    expect(eligible / (200 * 50)).toBeGreaterThan(0.1);
    expect(refused / (200 * 50)).toBeGreaterThan(0.3);
    const rules = new Set(inbox.flatMap((v) => v.ineligible.flatMap((i) => i.failures.map((f) => f.rule))));
    for (const rule of ['age', 'sex', 'registration', 'excluded-need', 'start-date'])
      expect(rules).toContain(rule);
  });
});
