/**
 * Reading the tender forms (GOV.UK field names, so errors land beside their field): a new tender
 * (reference, name, lots, quality criteria, participating LAs), its rules, and one bid entered by
 * hand. Each returns the domain value or the field errors, never half of one.
 */
import type { FieldError } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';
import {
  type Bid,
  type BidHome,
  checkRules,
  DEFAULT_TENDER_RULES,
  PRICE_METHODS,
  type PriceMethod,
  type QualityCriterion,
  type TenderRules,
} from '../../domain/tenders/tender.ts';
import { criterionId } from '../../importers/tenders/bid-columns.ts';

export type Form = Record<string, string | string[] | undefined>;

const text = (f: Form, k: string) => {
  const v = f[k];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const list = (f: Form, k: string) => {
  const v = f[k];
  return (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map((x) => x.trim()).filter(Boolean);
};
const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, text: l.trim() }))
    .filter((l) => l.text !== '');

export interface NewTender {
  reference: string;
  name: string;
  lots: { code: string; name: string }[];
  criteria: QualityCriterion[];
  partyOrgIds: string[];
}

/** "1: West London residential" → lot 1 named so; "2" → lot 2 named "Lot 2". */
export function parseLots(s: string, field = 'lots'): { lots: NewTender['lots']; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const lots: NewTender['lots'] = [];
  for (const { line, text: t } of lines(s)) {
    const m = /^([^:]{1,20})(?::\s*(.*))?$/.exec(t);
    const code = m?.[1]?.trim() ?? '';
    if (!m || code === '' || /\s/.test(code)) {
      errors.push({
        field,
        message: `Line ${line}: write a lot as its reference, a colon and its name, like “1: Residential beds”`,
      });
      continue;
    }
    if (lots.some((l) => l.code === code)) {
      errors.push({ field, message: `Line ${line}: lot ${code} is listed twice` });
      continue;
    }
    const name = (m[2] ?? '').trim() || `Lot ${code}`;
    if (name.length > 200)
      errors.push({ field, message: `Line ${line}: the lot’s name is longer than 200 characters` });
    lots.push({ code, name });
  }
  if (lots.length === 0 && errors.length === 0) errors.push({ field, message: 'Enter at least one lot' });
  return { lots, errors };
}

/** "Safeguarding, 40, 5": label, weight (percent of the quality marks), top mark. */
export function parseCriteria(
  s: string,
  field = 'criteria',
): { criteria: QualityCriterion[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const criteria: QualityCriterion[] = [];
  for (const { line, text: t } of lines(s)) {
    const m = /^(.+?)\s*[,;]\s*(\d+)\s*%?\s*[,;]\s*(\d+)$/.exec(t);
    if (!m) {
      errors.push({
        field,
        message: `Line ${line}: write a criterion as its name, its weight and its top mark, like “Safeguarding, 40, 5”`,
      });
      continue;
    }
    const label = m[1]!.trim();
    const weight = Number(m[2]);
    const maxScore = Number(m[3]);
    const id = criterionId(label);
    if (label.length > 100)
      errors.push({ field, message: `Line ${line}: the name is longer than 100 characters` });
    if (criteria.some((c) => c.id === id))
      errors.push({ field, message: `Line ${line}: ${label} is listed twice` });
    if (weight < 1 || weight > 100)
      errors.push({ field, message: `Line ${line}: the weight must be from 1 to 100` });
    if (maxScore < 1 || maxScore > 1000)
      errors.push({ field, message: `Line ${line}: the top mark must be from 1 to 1000` });
    criteria.push({ id, label, weight, maxScore });
  }
  if (criteria.length === 0 && errors.length === 0)
    errors.push({ field, message: 'Enter at least one quality criterion' });
  const total = criteria.reduce((a, c) => a + c.weight, 0);
  if (criteria.length > 0 && errors.length === 0 && total !== 100)
    errors.push({ field, message: `The weights must add up to 100 (they add up to ${total})` });
  return { criteria, errors };
}

export function readNewTender(
  f: Form,
  regionLaIds: readonly string[],
): { value: NewTender | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const reference = text(f, 'reference');
  const name = text(f, 'name');
  if (reference === '') errors.push({ field: 'reference', message: 'Enter a reference for the tender' });
  else if (reference.length > 40)
    errors.push({ field: 'reference', message: 'The reference must be 40 characters or fewer' });
  if (name === '') errors.push({ field: 'name', message: 'Enter a name for the tender' });
  else if (name.length > 200)
    errors.push({ field: 'name', message: 'The name must be 200 characters or fewer' });
  const lots = parseLots(text(f, 'lots'));
  const criteria = parseCriteria(text(f, 'criteria'));
  errors.push(...lots.errors, ...criteria.errors);
  const parties = list(f, 'parties');
  if (parties.some((p) => !regionLaIds.includes(p)))
    errors.push({ field: 'parties', message: 'Choose local authorities of your region' });
  if (errors.length) return { value: null, errors };
  return {
    value: {
      reference,
      name,
      lots: lots.lots,
      criteria: criteria.criteria,
      partyOrgIds: [...new Set(parties)],
    },
    errors,
  };
}

/** The rules form's field for each of checkRules' fields (named as the command-line options are). */
const RULE_FIELDS: Record<string, string> = {
  'price-weight': 'priceWeight',
  'quality-weight': 'qualityWeight',
  'price-method': 'priceMethod',
  'price-ceiling': 'priceCeiling',
  'min-quality': 'minQuality',
  'min-beds': 'minBeds',
  'max-beds': 'maxBeds',
  'max-providers': 'maxProviders',
  'max-beds-per-setting': 'maxBedsPerSetting',
  sensitivity: 'sensitivityFrom',
};

/** The form's values for the rules (for re-displaying the form). */
export function rulesFormValues(r: TenderRules): Record<string, string | boolean> {
  return {
    priceWeight: String(r.priceWeight),
    qualityWeight: String(r.qualityWeight),
    priceMethod: r.priceMethod,
    priceCeiling: r.priceCeiling === null ? '' : (r.priceCeiling / 100).toFixed(2),
    minQuality: String(r.minQualityPercent),
    minBeds: String(r.award.minBeds),
    maxBeds: String(r.award.maxBeds),
    maxProviders: String(r.award.maxProviders),
    maxBedsPerSetting: String(r.award.maxBedsPerSetting),
    wholeSettings: r.award.wholeSettings,
    sensitivityFrom: String(r.sensitivity.from),
    sensitivityTo: String(r.sensitivity.to),
    sensitivityStep: String(r.sensitivity.step),
  };
}

export function readRules(f: Form): { value: TenderRules | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const whole = (k: string, label: string, fallback: number): number => {
    const t = text(f, k);
    if (t === '') return fallback;
    if (!/^\d+$/.test(t)) {
      errors.push({ field: k, message: `${label} must be a whole number` });
      return fallback;
    }
    return Number(t);
  };
  const d = DEFAULT_TENDER_RULES;
  const priceWeightText = text(f, 'priceWeight');
  const qualityWeightText = text(f, 'qualityWeight');
  let price = whole('priceWeight', 'The price weight', d.priceWeight);
  let quality = whole('qualityWeight', 'The quality weight', d.qualityWeight);
  if (priceWeightText !== '' && qualityWeightText === '') quality = 100 - price;
  if (qualityWeightText !== '' && priceWeightText === '') price = 100 - quality;
  const method = text(f, 'priceMethod') || d.priceMethod;
  if (!Object.hasOwn(PRICE_METHODS, method))
    errors.push({ field: 'priceMethod', message: 'Choose how price is scored' });
  let ceiling: number | null = null;
  const ceilingText = text(f, 'priceCeiling');
  if (ceilingText !== '') {
    ceiling = parsePounds(ceilingText) ?? null;
    if (ceiling === null || ceiling <= 0)
      errors.push({
        field: 'priceCeiling',
        message: 'Enter the price ceiling in pounds, like 5200 or £5,200.00',
      });
  }
  const rules: TenderRules = {
    priceWeight: price,
    qualityWeight: quality,
    priceMethod: method as PriceMethod,
    priceCeiling: ceiling,
    minQualityPercent: whole('minQuality', 'The minimum quality', d.minQualityPercent),
    award: {
      minBeds: whole('minBeds', 'The fewest beds', d.award.minBeds),
      maxBeds: whole('maxBeds', 'The most beds', d.award.maxBeds),
      maxProviders: whole('maxProviders', 'The most providers', d.award.maxProviders),
      maxBedsPerSetting: whole('maxBedsPerSetting', 'The most beds in a home', d.award.maxBedsPerSetting),
      wholeSettings: text(f, 'wholeSettings') === 'yes',
    },
    sensitivity: {
      from: whole('sensitivityFrom', 'The first price weight', d.sensitivity.from),
      to: whole('sensitivityTo', 'The last price weight', d.sensitivity.to),
      step: whole('sensitivityStep', 'The step', d.sensitivity.step),
    },
  };
  if (errors.length) return { value: null, errors };
  const ruleErrors = checkRules(rules).map((e) => ({
    field: RULE_FIELDS[e.field] ?? e.field,
    message: /^(must|is) /.test(e.message)
      ? `${RULE_LABELS[e.field] ?? e.field} ${e.message}`
      : `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}`,
  }));
  if (ruleErrors.length) return { value: null, errors: ruleErrors };
  return { value: rules, errors };
}

const RULE_LABELS: Record<string, string> = {
  'price-weight': 'The price weight',
  'quality-weight': 'The quality weight',
  'price-ceiling': 'The price ceiling',
  'min-quality': 'The minimum quality',
  'min-beds': 'The fewest beds',
  'max-beds': 'The most beds',
  'max-providers': 'The most providers',
  'max-beds-per-setting': 'The most beds in a home',
  sensitivity: 'The sensitivity range',
};

/** One bid typed into the form: homes one a line as "name, URN, beds" (URN optional). */
export function readBidForm(
  f: Form,
  lots: readonly { code: string }[],
  criteria: readonly QualityCriterion[],
): { value: Bid | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const lot = text(f, 'lot') || lots[0]?.code || '';
  if (!lots.some((l) => l.code === lot)) errors.push({ field: 'lot', message: 'Choose a lot' });
  const ref = text(f, 'bidRef');
  if (ref === '') errors.push({ field: 'bidRef', message: 'Enter the bid’s reference' });
  else if (ref.length > 200)
    errors.push({ field: 'bidRef', message: 'The reference must be 200 characters or fewer' });
  const provider = text(f, 'provider');
  if (provider === '') errors.push({ field: 'provider', message: 'Enter the provider’s name' });
  else if (provider.length > 200)
    errors.push({ field: 'provider', message: 'The name must be 200 characters or fewer' });
  const priceText = text(f, 'weeklyPrice');
  const weeklyPrice = parsePounds(priceText);
  if (priceText === '') errors.push({ field: 'weeklyPrice', message: 'Enter the weekly price a bed' });
  else if (weeklyPrice === undefined || weeklyPrice <= 0)
    errors.push({
      field: 'weeklyPrice',
      message: 'Enter the weekly price in pounds, like 4200 or £4,200.00',
    });
  const homes: BidHome[] = [];
  for (const { line, text: t } of lines(text(f, 'homes'))) {
    const parts = t.split(',').map((p) => p.trim());
    const beds = Number(parts.at(-1));
    const name = parts[0] ?? '';
    const urn = parts.length === 3 ? parts[1] || null : null;
    if (
      parts.length < 2 ||
      parts.length > 3 ||
      name === '' ||
      !/^\d+$/.test(parts.at(-1) ?? '') ||
      beds < 1 ||
      beds > 100
    ) {
      errors.push({
        field: 'homes',
        message: `Line ${line}: write a home as its name, its URN if it has one, and its beds, like “Oak House, SC100001, 3”`,
      });
      continue;
    }
    homes.push({ name, urn, beds });
  }
  if (homes.length === 0 && !errors.some((e) => e.field === 'homes'))
    errors.push({ field: 'homes', message: 'Enter at least one home' });
  const quality: Record<string, number> = {};
  for (const c of criteria) {
    const key = `mark-${c.id}`;
    const t = text(f, key);
    const mark = Number(t);
    if (t === '' || !/^\d+(\.\d{1,2})?$/.test(t) || mark > c.maxScore) {
      errors.push({
        field: key,
        message: `Enter a mark for ${c.label} from 0 to ${c.maxScore} (at most 2 decimals)`,
      });
      continue;
    }
    quality[c.id] = mark;
  }
  if (errors.length) return { value: null, errors };
  return { value: { lot, ref, provider, homes, weeklyPrice: weeklyPrice!, quality }, errors };
}
