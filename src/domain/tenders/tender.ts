/**
 * A tender for block beds: the bids received per lot, the quality criteria they were marked
 * against, and the rules of evaluation and award. Defaults follow the Essex cabinet report
 * (seeds/002): 70:30 price to quality, 6 to 18 beds, up to 8 providers, at most 5 beds in any
 * setting. Plain data, so bids can come from a file (src/importers/tenders) or from the database.
 */
import type { FieldError } from '../shared/errors.ts';
import type { Pence } from '../shared/money.ts';

export interface QualityCriterion {
  /** Short code, unique in the tender (e.g. 'safeguarding'). */
  id: string;
  label: string;
  /** Share of the quality marks, in whole percent; the criteria's weights add up to 100. */
  weight: number;
  /** The top mark an evaluator can give (marks run from 0). */
  maxScore: number;
}

export interface BidHome {
  name: string;
  /** Ofsted URN when the home is registered; identifies the setting when present. */
  urn: string | null;
  /** Beds offered in this home. */
  beds: number;
  /** Row of the bids file (1-based), for messages. */
  row?: number;
}

export interface Bid {
  lot: string;
  /** The bidder's reference, unique within the lot. */
  ref: string;
  provider: string;
  /** Homes in the bidder's order of preference. */
  homes: readonly BidHome[];
  /** Price per bed per week, the same for every bed of the bid. */
  weeklyPrice: Pence;
  /** Moderated marks by criterion id. */
  quality: Readonly<Record<string, number>>;
  row?: number;
}

export interface TenderBids {
  criteria: readonly QualityCriterion[];
  bids: readonly Bid[];
}

export const PRICE_METHODS = {
  'lowest-relative': 'Lowest price relative: lowest ÷ price × price weight',
  'ceiling-deviation': 'Deviation from the ceiling: (ceiling − price) ÷ (ceiling − lowest) × price weight',
  'lowest-deviation':
    'Deviation from the lowest: (1 − (price − lowest) ÷ lowest) × price weight, not below 0',
} as const;
export type PriceMethod = keyof typeof PRICE_METHODS;

export interface AwardRules {
  minBeds: number;
  maxBeds: number;
  maxProviders: number;
  maxBedsPerSetting: number;
  /** True: a home gets all the beds it offered (up to the per-setting cap) or none. */
  wholeSettings: boolean;
}

export interface TenderRules {
  /** Whole percent; price and quality weights add up to 100. */
  priceWeight: number;
  qualityWeight: number;
  priceMethod: PriceMethod;
  /** Bids above it are excluded; required by 'ceiling-deviation'. */
  priceCeiling: Pence | null;
  /** Bids whose quality marks are below this share of the maximum (whole percent) are excluded. */
  minQualityPercent: number;
  award: AwardRules;
  /** Price weights for the sensitivity view (quality = 100 − price). */
  sensitivity: { from: number; to: number; step: number };
}

export const DEFAULT_TENDER_RULES: TenderRules = {
  priceWeight: 70,
  qualityWeight: 30,
  priceMethod: 'lowest-relative',
  priceCeiling: null,
  minQualityPercent: 0,
  award: { minBeds: 6, maxBeds: 18, maxProviders: 8, maxBedsPerSetting: 5, wholeSettings: false },
  sensitivity: { from: 50, to: 90, step: 5 },
};

/** A setting is a home: its URN when it has one, else its name (case and spacing ignored). */
export function settingKey(home: Pick<BidHome, 'urn' | 'name'>): string {
  return home.urn
    ? `urn:${home.urn.trim().toUpperCase()}`
    : `name:${home.name.trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

const isWhole = (n: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(n) && n >= min && n <= max;

/** Problems with the rules themselves (fields named as the CLI options are). */
export function checkRules(rules: TenderRules): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (!isWhole(rules.priceWeight, 0, 100)) err('price-weight', 'must be a whole percentage from 0 to 100');
  if (!isWhole(rules.qualityWeight, 0, 100))
    err('quality-weight', 'must be a whole percentage from 0 to 100');
  if (rules.priceWeight + rules.qualityWeight !== 100) {
    err(
      'quality-weight',
      `price and quality weights must add up to 100 (they add up to ${rules.priceWeight + rules.qualityWeight})`,
    );
  }
  if (rules.priceCeiling !== null && !isWhole(rules.priceCeiling, 1))
    err('price-ceiling', 'must be a positive amount');
  if (rules.priceMethod === 'ceiling-deviation' && rules.priceCeiling === null) {
    err('price-ceiling', 'is required by the ceiling-deviation price method');
  }
  if (!isWhole(rules.minQualityPercent, 0, 100))
    err('min-quality', 'must be a whole percentage from 0 to 100');
  const a = rules.award;
  if (!isWhole(a.minBeds, 0)) err('min-beds', 'must be a whole number, 0 or more');
  if (!isWhole(a.maxBeds, 1, 500)) err('max-beds', 'must be a whole number from 1 to 500');
  if (a.minBeds > a.maxBeds) err('min-beds', `must not exceed the maximum (${a.maxBeds})`);
  if (!isWhole(a.maxProviders, 1, 100)) err('max-providers', 'must be a whole number from 1 to 100');
  if (!isWhole(a.maxBedsPerSetting, 1, 100))
    err('max-beds-per-setting', 'must be a whole number from 1 to 100');
  const s = rules.sensitivity;
  if (!isWhole(s.from, 0, 100) || !isWhole(s.to, 0, 100) || !isWhole(s.step, 1, 100) || s.from > s.to) {
    err('sensitivity', 'must be FROM:TO:STEP whole percentages with FROM ≤ TO and STEP ≥ 1');
  }
  return errors;
}

/** Business rules for the bids: criteria that add up, marks within range, one home once per lot. */
export function checkBids(tender: TenderBids): FieldError[] {
  const errors: FieldError[] = [];
  const { criteria, bids } = tender;
  if (criteria.length === 0)
    errors.push({ field: 'quality', message: 'at least one quality criterion is needed' });
  const ids = new Set<string>();
  for (const c of criteria) {
    const field = `quality: ${c.label}`;
    if (ids.has(c.id)) errors.push({ field, message: 'the criterion appears twice' });
    ids.add(c.id);
    if (!isWhole(c.weight, 1, 100))
      errors.push({ field, message: 'weight must be a whole percentage from 1 to 100' });
    if (!isWhole(c.maxScore, 1, 1000))
      errors.push({ field, message: 'max must be a whole number from 1 to 1000' });
  }
  const weights = criteria.reduce((a, c) => a + c.weight, 0);
  if (criteria.length > 0 && weights !== 100) {
    errors.push({
      field: 'quality',
      message: `criteria weights must add up to 100 (they add up to ${weights})`,
    });
  }
  if (bids.length === 0) errors.push({ field: 'bid_ref', message: 'there are no bids' });
  const refs = new Set<string>();
  const settings = new Map<string, string>();
  for (const bid of bids) {
    const row = bid.row;
    const lotRef = `${bid.lot}\u0000${bid.ref}`;
    if (refs.has(lotRef))
      errors.push({ row, field: 'bid_ref', message: `bid ${bid.ref} appears twice in lot ${bid.lot}` });
    refs.add(lotRef);
    if (!isWhole(bid.weeklyPrice, 1))
      errors.push({ row, field: 'weekly_price', message: 'must be a positive amount' });
    for (const c of criteria) {
      const mark = bid.quality[c.id];
      if (
        mark === undefined ||
        !Number.isFinite(mark) ||
        mark < 0 ||
        mark > c.maxScore ||
        Math.round(mark * 100) !== mark * 100
      ) {
        errors.push({
          row,
          field: `quality: ${c.label}`,
          message: `must be a mark from 0 to ${c.maxScore} (at most 2 decimals)`,
        });
      }
    }
    if (bid.homes.length === 0) errors.push({ row, field: 'home', message: 'the bid offers no home' });
    for (const home of bid.homes) {
      if (!isWhole(home.beds, 1, 100))
        errors.push({ row: home.row ?? row, field: 'beds', message: 'must be a whole number from 1 to 100' });
      const key = `${bid.lot}\u0000${settingKey(home)}`;
      const other = settings.get(key);
      if (other !== undefined) {
        errors.push({
          row: home.row ?? row,
          field: 'home',
          message: `${home.name} is already offered in lot ${bid.lot} by bid ${other}`,
        });
      } else settings.set(key, bid.ref);
    }
  }
  return errors;
}
