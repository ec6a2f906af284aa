/**
 * The worked example used by the tender tests and docs/tenders.md: one lot, four bids, three
 * quality criteria (the arithmetic is in evaluate.test.ts).
 */
import { DEFAULT_TENDER_RULES, type TenderBids, type TenderRules } from './tender.ts';

export const WORKED_CRITERIA = [
  { id: 'safeguarding', label: 'Safeguarding', weight: 40, maxScore: 5 },
  { id: 'outcomes', label: 'Outcomes', weight: 30, maxScore: 5 },
  { id: 'staffing', label: 'Staffing', weight: 30, maxScore: 5 },
];

export const WORKED_TENDER: TenderBids = {
  criteria: WORKED_CRITERIA,
  bids: [
    {
      lot: '1',
      ref: 'B1',
      provider: 'Acorn Care',
      homes: [
        { name: 'Oak House', urn: 'SC100001', beds: 3 },
        { name: 'Elm House', urn: 'SC100002', beds: 4 },
      ],
      weeklyPrice: 420_000,
      quality: { safeguarding: 4, outcomes: 4, staffing: 3 },
    },
    {
      lot: '1',
      ref: 'B2',
      provider: 'Birch Homes',
      homes: [{ name: 'Birch Lodge', urn: 'SC200001', beds: 6 }],
      weeklyPrice: 390_000,
      quality: { safeguarding: 3, outcomes: 3, staffing: 3 },
    },
    {
      lot: '1',
      ref: 'B3',
      provider: 'Cedar Group',
      homes: [{ name: 'Cedar View', urn: null, beds: 2 }],
      weeklyPrice: 500_000,
      quality: { safeguarding: 5, outcomes: 5, staffing: 5 },
    },
    {
      lot: '1',
      ref: 'B4',
      provider: 'Dove Care',
      homes: [{ name: 'Dove Cottage', urn: 'SC400001', beds: 4 }],
      weeklyPrice: 450_000,
      quality: { safeguarding: 2, outcomes: 3, staffing: 2 },
    },
  ],
};

export function rulesWith(
  overrides: Partial<Omit<TenderRules, 'award'>> & { award?: Partial<TenderRules['award']> },
): TenderRules {
  return {
    ...DEFAULT_TENDER_RULES,
    ...overrides,
    award: { ...DEFAULT_TENDER_RULES.award, ...overrides.award },
  };
}
