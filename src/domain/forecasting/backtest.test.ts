import { describe, expect, it } from 'vitest';
import { type BacktestPoint, score } from './backtest.ts';

describe('score', () => {
  const point = (over: Partial<BacktestPoint>): BacktestPoint => ({
    cutoff: '2023-03-31',
    month: '2023-04-30',
    horizon: 1,
    category: 'residential',
    actual: 100,
    forecast: 100,
    naive: 100,
    p2_5: 80,
    p10: 90,
    p90: 110,
    p97_5: 120,
    ...over,
  });

  it('averages absolute percentage errors and counts interval hits, for the model and for naive alike', () => {
    const s = score(
      [
        point({ actual: 100, forecast: 110, naive: 90 }),
        point({ actual: 50, forecast: 45, naive: 60, p10: 51, p90: 55, p2_5: 40, p97_5: 60, horizon: 12 }),
      ],
      12,
    );
    expect(s.mape).toBeCloseTo((0.1 + 0.1) / 2, 10);
    expect(s.naiveMape).toBeCloseTo((0.1 + 0.2) / 2, 10);
    expect(s.mapeAtHorizon).toBeCloseTo(0.1, 10);
    expect(s.naiveMapeAtHorizon).toBeCloseTo(0.2, 10);
    expect(s.coverage80).toBe(0.5);
    expect(s.coverage95).toBe(1);
  });
});
