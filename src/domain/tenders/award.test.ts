import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SILENT } from './audit.ts';
import { awardLot } from './award.ts';
import { scoreLot } from './score.ts';
import type { AwardRules, Bid } from './tender.ts';
import { rulesWith } from './testing.ts';

const criteria = [{ id: 'q', label: 'Quality', weight: 100, maxScore: 10 }];

const bidsArb = fc
  .array(
    fc.record({
      provider: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
      price: fc.integer({ min: 3000, max: 6000 }),
      mark: fc.integer({ min: 0, max: 10 }),
      beds: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((specs) =>
    specs.map(
      (s, i): Bid => ({
        lot: '1',
        ref: `B${i + 1}`,
        provider: s.provider,
        homes: s.beds.map((beds, h) => ({ name: `Home ${i + 1}.${h + 1}`, urn: null, beds })),
        weeklyPrice: s.price * 100,
        quality: { q: s.mark },
      }),
    ),
  );

const awardRulesArb = fc.record<AwardRules>({
  minBeds: fc.integer({ min: 0, max: 12 }),
  maxBeds: fc.integer({ min: 1, max: 14 }),
  maxProviders: fc.integer({ min: 1, max: 3 }),
  maxBedsPerSetting: fc.integer({ min: 1, max: 5 }),
  wholeSettings: fc.boolean(),
});

/** Every award that keeps the rules, by brute force; the best is the lexicographically greatest. */
function bruteForce(units: { provider: string; cap: number }[], rules: AwardRules): number[] | null {
  let best: number[] | null = null;
  const current: number[] = [];
  const walk = (i: number) => {
    if (i === units.length) {
      const total = current.reduce((a, b) => a + b, 0);
      const providers = new Set(units.filter((_, k) => current[k]! > 0).map((u) => u.provider));
      if (total < rules.minBeds || total > rules.maxBeds || providers.size > rules.maxProviders) return;
      if (!best || lexGreater(current, best)) best = [...current];
      return;
    }
    const cap = units[i]!.cap;
    const options = rules.wholeSettings ? [0, cap] : Array.from({ length: cap + 1 }, (_, k) => k);
    for (const o of options) {
      current.push(o);
      walk(i + 1);
      current.pop();
    }
  };
  walk(0);
  return best;
}

function lexGreater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

describe('awardLot', () => {
  it('finds exactly the lexicographically best award in rank order, or says there is none', () => {
    fc.assert(
      fc.property(bidsArb, awardRulesArb, (bids, award) => {
        const rules = rulesWith({ award });
        const scores = scoreLot(bids, criteria, rules, { price: 70, quality: 30 }, SILENT);
        const result = awardLot(bids, scores, award, SILENT);
        const units = result.lines.map((l) => ({
          provider: l.provider,
          cap: Math.min(l.bedsOffered, award.maxBedsPerSetting),
        }));
        const best = bruteForce(units, award);
        expect(result.feasible).toBe(best !== null);
        if (best) expect(result.lines.map((l) => l.bedsAwarded)).toEqual(best);
        else expect(result.totalBeds).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every rule whenever it awards', () => {
    fc.assert(
      fc.property(bidsArb, awardRulesArb, (bids, award) => {
        const rules = rulesWith({ award });
        const scores = scoreLot(bids, criteria, rules, { price: 70, quality: 30 }, SILENT);
        const result = awardLot(bids, scores, award, SILENT);
        if (!result.feasible) return;
        expect(result.totalBeds).toBeGreaterThanOrEqual(award.minBeds);
        expect(result.totalBeds).toBeLessThanOrEqual(award.maxBeds);
        expect(result.providers.length).toBeLessThanOrEqual(award.maxProviders);
        for (const l of result.lines) {
          expect(l.bedsAwarded).toBeLessThanOrEqual(Math.min(l.bedsOffered, award.maxBedsPerSetting));
          if (award.wholeSettings)
            expect([0, Math.min(l.bedsOffered, award.maxBedsPerSetting)]).toContain(l.bedsAwarded);
          if (l.bedsAwarded < l.bedsOffered) expect(l.note).not.toBeNull();
        }
      }),
      { numRuns: 200 },
    );
  });
});
