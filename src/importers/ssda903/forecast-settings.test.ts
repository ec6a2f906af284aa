import { describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_COSTS } from '../../domain/forecasting/spend.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { readScenarios, readUnitCosts } from './forecast-settings.ts';

describe('forecast settings files', () => {
  it('reads unit costs in pounds into pence, keeping defaults for categories left out', () => {
    const c = readUnitCosts('{"weekly": {"residential": 6200.5}, "annualUplift": 0.05}');
    expect(c.weekly.residential).toBe(620_050);
    expect(c.weekly['agency-fostering']).toBe(DEFAULT_UNIT_COSTS.weekly['agency-fostering']);
    expect(c.annualUplift).toBe(0.05);
  });

  it('refuses unknown categories and fields, naming them', () => {
    expect(() => readUnitCosts('{"weekly": {"castle": 1}}')).toThrow(DomainError);
    try {
      readUnitCosts('{"weekly": {"residential": -1}, "inflation": 2}');
    } catch (e) {
      const fields = (e as DomainError).fieldErrors.map((f) => f.field);
      expect(fields).toContain('weekly.residential');
      expect(fields.join(' ')).toMatch(/inflation|costs/);
    }
    expect(() => readUnitCosts('not json')).toThrow(/not JSON/);
  });

  it('reads scenarios as a list or under "scenarios"', () => {
    expect(readScenarios('[{"name": "fewer", "entryChange": -0.1}]')).toEqual([
      { name: 'fewer', entryChange: -0.1 },
    ]);
    expect(
      readScenarios(
        '{"scenarios": [{"name": "step", "stepDownPerYear": 0.1, "entryChangeByAgeBand": {"16-17": 0.2}}]}',
      )[0],
    ).toMatchObject({
      name: 'step',
      entryChangeByAgeBand: { '16-17': 0.2 },
    });
    expect(() => readScenarios('[{"name": "x", "entryChangeByAgeBand": {"6-8": 1}}]')).toThrow(DomainError);
    expect(() => readScenarios('[{"entryChange": 1}]')).toThrow(DomainError);
  });
});
