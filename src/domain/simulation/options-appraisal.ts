/**
 * An options appraisal in the style councils already use (Central Bedfordshire's placements
 * strategy rates each option Poor to Good on desirability, viability and feasibility, and L/M/H on
 * risk): every option gets a 1–5 score on every criterion, the user's weights turn them into one
 * total, and the options are ranked. Nothing is hidden: each score carries the measured value, the
 * best and worst values it was scaled between, and a sentence saying why.
 *
 * Measured criteria are scaled linearly between the worst option (1) and the best (5); rated
 * criteria take the user's rating on the same five-point scale. So a score says where an option
 * sits among these options, not against an absolute standard.
 */
import { type FieldError, throwIfInvalid } from '../shared/errors.ts';
import { formatPence } from '../shared/money.ts';

export const OPTION_KINDS = {
  'in-house': 'In-house home',
  'hard-block': 'Hard block (each LA its own beds)',
  'soft-block': 'Soft (collaborative) block',
  framework: 'Framework call-off',
  spot: 'Spot purchase',
} as const;
export type OptionKind = keyof typeof OPTION_KINDS;

/** Central Bedfordshire's five-point scale, as scores 1–5. */
export const RATINGS = {
  poor: { label: 'Poor', score: 1 },
  'moderate-poor': { label: 'Moderate/Poor', score: 2 },
  moderate: { label: 'Moderate', score: 3 },
  'moderate-good': { label: 'Moderate/Good', score: 4 },
  good: { label: 'Good', score: 5 },
  /** Risk is rated Low/Medium/High: low risk scores as Good. */
  low: { label: 'Low risk', score: 5 },
  medium: { label: 'Medium risk', score: 3 },
  high: { label: 'High risk', score: 1 },
} as const;
export type Rating = keyof typeof RATINGS;

export type Heading = 'desirability' | 'viability' | 'feasibility' | 'risk';

/** What a criterion measures; every one but `rating` comes from the model. */
export type Measure =
  | 'mean-cost'
  | 'bad-year-cost'
  | 'cost-spread'
  | 'local-share'
  | 'probability-costs-more-than-spot'
  | 'rating';

const LOWER_IS_BETTER: Record<Exclude<Measure, 'rating'>, boolean> = {
  'mean-cost': true,
  'bad-year-cost': true,
  'cost-spread': true,
  'local-share': false,
  'probability-costs-more-than-spot': true,
};

export interface Criterion {
  key: string;
  label: string;
  heading: Heading;
  /** Any non-negative numbers; only their proportions matter. */
  weight: number;
  measure: Measure;
}

/** What the model says about an option over the term (money in pence). */
export interface OptionMetrics {
  meanCost: number;
  p5Cost: number;
  p95Cost: number;
  /** Mean share of children placed locally. */
  localShare: number;
  /** Chance the option's term cost is above placing every child spot. */
  probabilityCostsMoreThanSpot: number;
}

export interface AppraisalOption {
  kind: OptionKind;
  label: string;
  metrics: OptionMetrics;
  /** The user's ratings for `rating` criteria, by criterion key. */
  ratings?: Record<string, Rating>;
  /** The user's reasoning for a rating, shown beside it. */
  notes?: Record<string, string>;
}

export interface CriterionScore {
  criterion: string;
  heading: Heading;
  value: number | null;
  best: number | null;
  worst: number | null;
  score: number;
  rating: string;
  reason: string;
}

export interface AppraisedOption {
  kind: OptionKind;
  label: string;
  scores: CriterionScore[];
  /** Weighted score as a percentage of the best possible (every criterion scoring 5). */
  weightedTotal: number;
  rank: number;
}

export interface Appraisal {
  criteria: (Criterion & { share: number })[];
  options: AppraisedOption[];
}

/** The default criteria when the user sets none: all measured, so they need no ratings. */
export const DEFAULT_CRITERIA: readonly Criterion[] = [
  {
    key: 'sufficiency',
    label: 'Desirability: children placed locally',
    heading: 'desirability',
    weight: 30,
    measure: 'local-share',
  },
  {
    key: 'cost',
    label: 'Viability: mean cost over the term',
    heading: 'viability',
    weight: 40,
    measure: 'mean-cost',
  },
  {
    key: 'risk',
    label: 'Risk: spread of the cost (p95 − p5)',
    heading: 'risk',
    weight: 30,
    measure: 'cost-spread',
  },
];

export function measureValue(m: OptionMetrics, measure: Exclude<Measure, 'rating'>): number {
  switch (measure) {
    case 'mean-cost':
      return m.meanCost;
    case 'bad-year-cost':
      return m.p95Cost;
    case 'cost-spread':
      return m.p95Cost - m.p5Cost;
    case 'local-share':
      return m.localShare;
    case 'probability-costs-more-than-spot':
      return m.probabilityCostsMoreThanSpot;
  }
}

export function validateAppraisal(
  options: readonly AppraisalOption[],
  criteria: readonly Criterion[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (options.length === 0) errors.push({ field: 'options', message: 'list at least one option' });
  if (criteria.length === 0) errors.push({ field: 'criteria', message: 'list at least one criterion' });
  const keys = new Set<string>();
  criteria.forEach((c, i) => {
    if (keys.has(c.key)) errors.push({ field: `criteria[${i}].key`, message: `"${c.key}" is used twice` });
    keys.add(c.key);
    if (!(Number.isFinite(c.weight) && c.weight >= 0))
      errors.push({ field: `criteria[${i}].weight`, message: 'must be 0 or more' });
  });
  if (criteria.length > 0 && !criteria.some((c) => c.weight > 0))
    errors.push({ field: 'criteria', message: 'at least one criterion needs a weight above 0' });
  options.forEach((o, i) => {
    for (const c of criteria) {
      if (c.measure === 'rating' && !o.ratings?.[c.key])
        errors.push({ field: `options[${i}].ratings.${c.key}`, message: `rate ${o.label} on "${c.label}"` });
    }
  });
  return errors;
}

export function appraiseOptions(
  options: readonly AppraisalOption[],
  criteria: readonly Criterion[],
): Appraisal {
  throwIfInvalid(validateAppraisal(options, criteria), 'The options appraisal is incomplete');
  const totalWeight = criteria.reduce((a, c) => a + c.weight, 0);
  const scored = options.map((o) => {
    const scores = criteria.map((c) => scoreOne(o, c, options));
    const weighted = criteria.reduce((a, c, i) => a + c.weight * scores[i]!.score, 0);
    const weightedTotal = round6((100 * weighted) / (5 * totalWeight));
    return { kind: o.kind, label: o.label, scores, weightedTotal, rank: 0, cost: o.metrics.meanCost };
  });
  const order = [...scored].sort((a, b) => b.weightedTotal - a.weightedTotal || a.cost - b.cost);
  order.forEach((o, i) => {
    o.rank = i + 1;
  });
  return {
    criteria: criteria.map((c) => ({ ...c, share: c.weight / totalWeight })),
    options: order.map(({ cost: _cost, ...o }) => o),
  };
}

function scoreOne(o: AppraisalOption, c: Criterion, all: readonly AppraisalOption[]): CriterionScore {
  if (c.measure === 'rating') {
    const r = RATINGS[o.ratings![c.key]!];
    const note = o.notes?.[c.key];
    return {
      criterion: c.key,
      heading: c.heading,
      value: null,
      best: null,
      worst: null,
      score: r.score,
      rating: r.label,
      reason: `Rated ${r.label} by the commissioner${note ? `: ${note}` : '.'}`,
    };
  }
  const measure = c.measure;
  const lower = LOWER_IS_BETTER[measure];
  const values = all.map((x) => measureValue(x.metrics, measure));
  const best = lower ? Math.min(...values) : Math.max(...values);
  const worst = lower ? Math.max(...values) : Math.min(...values);
  const value = measureValue(o.metrics, measure);
  // Rounded to a millionth so that options level on a criterion tie exactly, whatever the float noise.
  const score = best === worst ? 5 : round6(1 + (4 * (worst - value)) / (worst - best));
  const bestBy = all.filter((x) => measureValue(x.metrics, measure) === best).map((x) => x.label);
  const reason =
    best === worst
      ? `${describe(measure, value)}, the same for every option.`
      : value === best
        ? `${describe(measure, value)}: the best of the options (the worst is ${quantity(measure, worst)}).`
        : `${describe(measure, value)}, against ${quantity(measure, best)} for the best (${bestBy.join(', ')}).`;
  return {
    criterion: c.key,
    heading: c.heading,
    value,
    best,
    worst,
    score,
    rating: nearestRating(score),
    reason,
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function nearestRating(score: number): string {
  const labels = ['Poor', 'Moderate/Poor', 'Moderate', 'Moderate/Good', 'Good'];
  return labels[Math.min(4, Math.max(0, Math.round(score) - 1))]!;
}

/** The bare figure: "£1,234,567" or "72%". */
function quantity(measure: Exclude<Measure, 'rating'>, v: number): string {
  const money = measure === 'mean-cost' || measure === 'bad-year-cost' || measure === 'cost-spread';
  return money ? formatPence(Math.round(v), { wholePounds: true }) : `${Math.round(v * 100)}%`;
}

/** The figure with what it measures. */
function describe(measure: Exclude<Measure, 'rating'>, v: number): string {
  const q = quantity(measure, v);
  switch (measure) {
    case 'mean-cost':
      return `${q} mean cost over the term`;
    case 'bad-year-cost':
      return `${q} in a bad run (p95)`;
    case 'cost-spread':
      return `${q} between a good and a bad run (p5 to p95)`;
    case 'local-share':
      return `${q} of children placed locally`;
    case 'probability-costs-more-than-spot':
      return `${q} chance of costing more than spot`;
  }
}
