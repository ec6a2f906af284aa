import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import {
  CATEGORY_KEYS,
  categoryOf,
  compileCategoryMap,
  DEFAULT_CATEGORY_RULES,
  describeCategoryRules,
} from './categories.ts';
import { codeIndex } from './ssda903-codes.ts';

const cat = (map: ReturnType<typeof compileCategoryMap>, year: number, place: string, provider: string) =>
  CATEGORY_KEYS[categoryOf(map, year, codeIndex('PLACE', place), codeIndex('PLACE_PROVIDER', provider))];

describe('placement categories', () => {
  const map = compileCategoryMap(DEFAULT_CATEGORY_RULES, 2019, 2027);

  it('splits unrelated foster care by who provides it, and keeps kinship apart', () => {
    expect(cat(map, 2024, 'U6', 'PR1')).toBe('in-house-fostering');
    expect(cat(map, 2024, 'U4', 'PR4')).toBe('agency-fostering');
    expect(cat(map, 2024, 'U5', 'PR5')).toBe('agency-fostering');
    expect(cat(map, 2024, 'U3', 'PR4')).toBe('kinship');
  });

  it('counts supported accommodation before and after the K3 reform, and Z1 and its successors as other', () => {
    expect(cat(map, 2023, 'H5', 'PR4')).toBe('supported');
    expect(cat(map, 2025, 'K3', 'PR4')).toBe('supported');
    expect(cat(map, 2025, 'Z1', 'PR4')).toBe('other');
    expect(cat(map, 2026, 'Z12', '')).toBe('other');
    expect(cat(map, 2024, 'K1', 'PR2')).toBe('secure');
    expect(cat(map, 2024, 'K2', 'PR4')).toBe('residential');
  });

  it('applies rules only in their collection years, so a local mapping can follow a code change', () => {
    const local = compileCategoryMap(
      [{ category: 'residential', place: ['Z12', 'Z13'], fromYear: 2026 }, ...DEFAULT_CATEGORY_RULES],
      2019,
      2027,
    );
    expect(cat(local, 2026, 'Z12', '')).toBe('residential');
    expect(cat(local, 2025, 'Z12', '')).toBe('other');
    // Years outside the compiled range use the nearest one.
    expect(cat(local, 2030, 'Z13', '')).toBe('residential');
  });

  it('refuses a rule naming a code that does not exist', () => {
    expect(() => compileCategoryMap([{ category: 'residential', place: ['K9'] }], 2020, 2024)).toThrow(
      DomainError,
    );
  });

  it('describes every PLACE code somewhere', () => {
    const text = describeCategoryRules().join('\n');
    for (const code of ['U1', 'U4', 'K1', 'K2', 'K3', 'H5', 'P1', 'A6', 'Z14', 'T4'])
      expect(text).toContain(code);
  });
});
