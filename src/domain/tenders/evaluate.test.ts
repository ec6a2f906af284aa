import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { evaluateTender } from './evaluate.ts';
import { DEFAULT_TENDER_RULES } from './tender.ts';
import { rulesWith, WORKED_TENDER } from './testing.ts';

/*
 * The worked example (testing.ts), at the default 70:30, lowest price relative.
 * Criteria: Safeguarding 40%, Outcomes 30%, Staffing 30%, each marked out of 5.
 *
 *        price   price points (lowest £3,900)        quality share                  quality points   total
 *  B1   £4,200   3,900 / 4,200 × 70 = 65.00          4/5×40 + 4/5×30 + 3/5×30 = 74%  0.74 × 30 = 22.20   87.20
 *  B2   £3,900   3,900 / 3,900 × 70 = 70.00          3/5×100 = 60%                   0.60 × 30 = 18.00   88.00
 *  B3   £5,000   3,900 / 5,000 × 70 = 54.60          5/5×100 = 100%                  1.00 × 30 = 30.00   84.60
 *  B4   £4,500   3,900 / 4,500 × 70 = 60.666… → 60.67  2/5×40 + 3/5×30 + 2/5×30 = 46%  0.46 × 30 = 13.80   74.47
 *
 * Ranking: B2, B1, B3, B4.
 */
describe('evaluateTender: the worked example', () => {
  const result = evaluateTender(WORKED_TENDER);
  const lot = result.lots[0]!;

  it('scores price and quality and ranks the bids as worked by hand', () => {
    expect(lot.scores.map((s) => [s.ref, s.pricePoints, s.qualityPoints, s.total, s.rank])).toEqual([
      ['B2', 70, 18, 88, 1],
      ['B1', 65, 22.2, 87.2, 2],
      ['B3', 54.6, 30, 84.6, 3],
      ['B4', 60.67, 13.8, 74.47, 4],
    ]);
  });

  it('awards 18 beds in rank order, capping Birch Lodge at 5 beds a setting', () => {
    // B2 Birch Lodge 6 offered → 5 (cap); B1 Oak 3 (8), Elm 4 (12); B3 Cedar 2 (14); B4 Dove 4 (18).
    expect(lot.award.lines.map((l) => [l.home, l.bedsAwarded])).toEqual([
      ['Birch Lodge', 5],
      ['Oak House', 3],
      ['Elm House', 4],
      ['Cedar View', 2],
      ['Dove Cottage', 4],
    ]);
    expect(lot.award.lines[0]!.note).toBe('capped at 5 beds a setting');
    // 5 × £3,900 + 7 × £4,200 + 2 × £5,000 + 4 × £4,500 = £19,500 + £29,400 + £10,000 + £18,000 = £76,900
    expect(lot.award).toMatchObject({
      feasible: true,
      totalBeds: 18,
      weeklyCost: 7_690_000,
      annualCost: 399_880_000,
    });
    expect(lot.award.providers).toEqual(['Birch Homes', 'Acorn Care', 'Cedar Group', 'Dove Care']);
  });

  it('gives part of a home when the maximum is reached, or none with whole homes only', () => {
    const part = evaluateTender(WORKED_TENDER, rulesWith({ award: { maxBeds: 16 } })).lots[0]!.award;
    // 5 + 3 + 4 + 2 = 14, so Dove Cottage gets 2 of its 4.
    expect(part.lines.at(-1)).toMatchObject({ home: 'Dove Cottage', bedsAwarded: 2 });
    expect(part.lines.at(-1)!.note).toBe('the total would pass the maximum of 16 beds');
    const whole = evaluateTender(WORKED_TENDER, rulesWith({ award: { maxBeds: 16, wholeSettings: true } }))
      .lots[0]!.award;
    expect(whole.lines.at(-1)).toMatchObject({ home: 'Dove Cottage', bedsAwarded: 0 });
    expect(whole.totalBeds).toBe(14);
  });

  it('stops at the provider limit', () => {
    const award = evaluateTender(WORKED_TENDER, rulesWith({ award: { maxProviders: 2 } })).lots[0]!.award;
    // Birch 5 + Acorn 7 = 12; Cedar and Dove would be a third and fourth provider.
    expect(award.totalBeds).toBe(12);
    expect(award.lines.find((l) => l.home === 'Cedar View')!.note).toBe(
      'the limit of 2 providers is reached',
    );
  });

  it('skips a home when taking it would make a valid award impossible (where a greedy award fails)', () => {
    // Exactly 9 beds, at most 2 providers, whole homes. Greedy: Birch 5, Oak 3 = 8, then Elm 4 is
    // too many and Cedar, Dove are third providers: stuck at 8. Exact: Birch 5 + Elm 4 = 9.
    const award = evaluateTender(
      WORKED_TENDER,
      rulesWith({ award: { minBeds: 9, maxBeds: 9, maxProviders: 2, wholeSettings: true } }),
    ).lots[0]!.award;
    expect(award.lines.map((l) => l.bedsAwarded)).toEqual([5, 0, 4, 0, 0]);
    expect(award.lines[1]!.note).toMatch(/would leave no valid award/);
  });

  it('says why no award is possible', () => {
    const award = evaluateTender(WORKED_TENDER, rulesWith({ award: { minBeds: 30, maxBeds: 40 } })).lots[0]!
      .award;
    // Capacity within the caps: Birch 5 + Acorn 7 + Cedar 2 + Dove 4 = 18 < 30.
    expect(award.feasible).toBe(false);
    expect(award.reason).toBe(
      'the eligible bids can provide at most 18 beds from 8 providers (at most 5 a setting), fewer than the minimum of 30',
    );
    expect(award.totalBeds).toBe(0);
  });

  it('keeps an audit trail of every step with the arithmetic', () => {
    const texts = lot.audit.map((s) => s.text);
    expect(texts[0]).toMatch(/^Rules: price 70%, quality 30%; Lowest price relative/);
    expect(texts).toContain('Lowest eligible price: £3,900.00 a bed a week (bid B2).');
    expect(texts).toContain('Price: lowest £3,900.00 ÷ price £4,500.00 × 70 = 60.67.');
    expect(texts).toContain(
      'Quality: Safeguarding 4/5 × 40% + Outcomes 4/5 × 30% + Staffing 3/5 × 30% = 74% of the quality marks × 30 = 22.20.',
    );
    expect(texts).toContain('Total: 60.67 + 13.80 = 74.47.');
    expect(texts).toContain('Ranking: 1. B2 (88.00), 2. B1 (87.20), 3. B3 (84.60), 4. B4 (74.47).');
    expect(texts).toContain(
      'Birch Lodge: 5 of 6 beds offered (capped at 5 beds a setting); 5 beds from 1 provider so far.',
    );
    expect(lot.audit.map((s) => s.seq)).toEqual(lot.audit.map((_, i) => i + 1));
  });
});

/*
 * Sensitivity. Each bid's total is linear in the price weight w:
 *   total(w) = 100 q + w (p − q), p = price share, q = quality share.
 *   B1: p = 3,900/4,200 = 0.928571, q = 0.74 → 74 + 0.188571 w
 *   B2: p = 1,           q = 0.60 → 60 + 0.4 w
 *   B3: p = 0.78,        q = 1    → 100 − 0.22 w
 *   B4: p = 0.866667,    q = 0.46 → 46 + 0.406667 w
 * Crossings between 50 and 90:
 *   B1 = B3: 26 = 0.408571 w → w = 63.64;  B2 = B3: 40 = 0.62 w → 64.52
 *   B2 = B1: 14 = 0.211429 w → 66.22;      B4 = B3: 54 = 0.626667 w → 86.17
 * So B3 leads up to 63.64, B1 to 66.22, then B2.
 */
describe('evaluateTender: sensitivity of the worked example', () => {
  const lot = evaluateTender(WORKED_TENDER, rulesWith({ award: { maxBeds: 12 } })).lots[0]!;

  it('finds the weights at which the winner changes, and every overtake', () => {
    expect(lot.sensitivity.winnerChanges).toEqual([
      { atPriceWeight: 63.64, from: 'B3', to: 'B1' },
      { atPriceWeight: 66.22, from: 'B1', to: 'B2' },
    ]);
    expect(lot.sensitivity.overtakes.map((o) => [o.atPriceWeight, o.bid, o.overtakes])).toEqual([
      [63.64, 'B1', 'B3'],
      [64.52, 'B2', 'B3'],
      [66.22, 'B2', 'B1'],
      [86.17, 'B4', 'B3'],
    ]);
    expect(lot.audit.map((s) => s.text)).toContain(
      'At a price weight above 63.64%, B1 ranks first instead of B3.',
    );
  });

  it('re-runs ranking and award on the grid of weights', () => {
    const points = lot.sensitivity.points;
    expect(points.map((p) => p.priceWeight)).toEqual([50, 55, 60, 65, 70, 75, 80, 85, 90]);
    expect(points.map((p) => p.winner)).toEqual(['B3', 'B3', 'B3', 'B1', 'B2', 'B2', 'B2', 'B2', 'B2']);
    // At 70 (the tender's own weights): Birch 5 + Oak 3 + Elm 4 = 12.
    expect(points[4]).toMatchObject({ bedsByBid: { B2: 5, B1: 7 }, awardChanged: false });
    // At 50, B3 leads: Cedar 2 + Oak 3 + Elm 4 = 9, then Birch gets the last 3.
    expect(points[0]).toMatchObject({
      ranking: ['B3', 'B1', 'B2', 'B4'],
      bedsByBid: { B3: 2, B1: 7, B2: 3 },
      awardChanged: true,
    });
  });
});

describe('evaluateTender: other price methods and exclusions', () => {
  it('scores deviation from a ceiling: the ceiling gets nothing, bids above it are excluded', () => {
    const lot = evaluateTender(
      WORKED_TENDER,
      rulesWith({ priceMethod: 'ceiling-deviation', priceCeiling: 480_000 }),
    ).lots[0]!;
    // Ceiling £4,800, lowest £3,900, range £900.
    // B1: (4,800 − 4,200) / 900 × 70 = 46.666… → 46.67;  B4: (4,800 − 4,500) / 900 × 70 = 23.33
    const b1 = lot.scores.find((s) => s.ref === 'B1')!;
    expect(b1.pricePoints).toBe(46.67);
    expect(lot.scores.find((s) => s.ref === 'B4')!.pricePoints).toBe(23.33);
    const b3 = lot.scores.find((s) => s.ref === 'B3')!;
    expect(b3).toMatchObject({
      rank: null,
      total: null,
      excluded: 'price £5,000.00 is above the ceiling of £4,800.00',
    });
    expect(lot.scores.at(-1)!.ref).toBe('B3');
  });

  it('scores deviation from the lowest: each 1% above it loses 1% of the marks', () => {
    const lot = evaluateTender(WORKED_TENDER, rulesWith({ priceMethod: 'lowest-deviation' })).lots[0]!;
    // B3: (1 − (5,000 − 3,900) / 3,900) × 70 = (1 − 0.282051…) × 70 = 50.256… → 50.26
    expect(lot.scores.find((s) => s.ref === 'B3')!.pricePoints).toBe(50.26);
  });

  it('leaves out bids below the minimum quality before finding the lowest price', () => {
    const lot = evaluateTender(WORKED_TENDER, rulesWith({ minQualityPercent: 65 })).lots[0]!;
    // B2 (60%) and B4 (46%) are out; the lowest eligible price is B1's £4,200.
    expect(lot.scores.filter((s) => s.rank !== null).map((s) => s.ref)).toEqual(['B1', 'B3']);
    expect(lot.scores.find((s) => s.ref === 'B1')!.pricePoints).toBe(70);
  });

  it('refuses rules and bids that do not add up, naming the field', () => {
    const bad = () => evaluateTender(WORKED_TENDER, { ...DEFAULT_TENDER_RULES, priceWeight: 60 });
    expect(bad).toThrow(DomainError);
    try {
      bad();
    } catch (e) {
      expect((e as DomainError).fieldErrors[0]).toMatchObject({ field: 'quality-weight' });
    }
    const twice = {
      ...WORKED_TENDER,
      bids: [...WORKED_TENDER.bids, { ...WORKED_TENDER.bids[3]!, ref: 'B5', row: 9 }],
    };
    expect(() => evaluateTender(twice)).toThrow(/Dove Cottage is already offered in lot 1 by bid B4/);
  });
});
