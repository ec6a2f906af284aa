import { describe, expect, it } from 'vitest';
import { qualityFraction, qualityPointsHundredths } from './quality-scoring.ts';

describe('quality scores', () => {
  it('weights each mark as a share of its maximum, exactly, with criteria marked out of different maxima', () => {
    const criteria = [
      { id: 'a', label: 'A', weight: 50, maxScore: 4 },
      { id: 'b', label: 'B', weight: 50, maxScore: 10 },
    ];
    // 3.5/4 × 50% + 7/10 × 50% = 43.75% + 35% = 78.75% → × 30 = 23.625 → 23.63 (half up)
    const bid = { quality: { a: 3.5, b: 7 } };
    expect(qualityFraction(bid, criteria)).toBeCloseTo(0.7875, 12);
    expect(qualityPointsHundredths(bid, criteria, 30)).toBe(2363);
    // Full marks are the whole quality weight.
    expect(qualityPointsHundredths({ quality: { a: 4, b: 10 } }, criteria, 30)).toBe(3000);
    expect(qualityPointsHundredths({ quality: { a: 0, b: 0 } }, criteria, 30)).toBe(0);
  });
});
