/**
 * The scenario file (docs/simulation.md describes it for people): JSON that a commissioner can write
 * by hand or download from the web pages. Money is in pounds (`weeklyPounds: 1918`), as people
 * quote it; liability shares are decimals (`share: 0.25`) or parts per million (`sharePpm`).
 * Objects are strict, so a misspelt field is an error rather than a silently ignored assumption.
 * This schema checks shapes and types; the domain (validate-scenario.ts) checks the business rules.
 */
import { z } from 'zod';
import { NEED_SEGMENTS } from '../../domain/shared/codes.ts';

const money = z.number().finite();
const segments = z.enum(Object.keys(NEED_SEGMENTS) as [string, ...string[]]);
const optionKinds = z.enum(['in-house', 'hard-block', 'soft-block', 'framework', 'spot']);
const ratings = z.enum([
  'poor',
  'moderate-poor',
  'moderate',
  'moderate-good',
  'good',
  'low',
  'medium',
  'high',
]);

export const laSchema = z
  .strictObject({
    code: z.string(),
    name: z.string(),
    referralsPerYear: z.number(),
    share: z.number().optional(),
    sharePpm: z.number().int().optional(),
    outOfAreaProbability: z.number().optional(),
  })
  .refine((la) => (la.share === undefined) !== (la.sharePpm === undefined), {
    message:
      'give either "share" (a decimal such as 0.25) or "sharePpm" (parts per million), not both or neither',
    path: ['share'],
  });

export const stayLengthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('empirical'), days: z.array(z.number()) }),
  z.strictObject({ kind: z.literal('exponential'), meanDays: z.number() }),
  z.strictObject({ kind: z.literal('lognormal'), meanDays: z.number(), sdDays: z.number() }),
  z.strictObject({ kind: z.literal('gamma'), meanDays: z.number(), shape: z.number() }),
]);

export const voidRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pay-in-full') }),
  z.strictObject({ kind: z.literal('retainer'), percent: z.number() }),
  z.strictObject({ kind: z.literal('release'), outsideFillMeanDays: z.number().optional() }),
]);

const criterionSchema = z.strictObject({
  key: z.string().min(1),
  label: z.string().min(1),
  heading: z.enum(['desirability', 'viability', 'feasibility', 'risk']),
  weight: z.number(),
  measure: z.enum([
    'mean-cost',
    'bad-year-cost',
    'cost-spread',
    'local-share',
    'probability-costs-more-than-spot',
    'rating',
  ]),
});

export const scenarioFileSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  name: z.string(),
  startDate: z.string(),
  termMonths: z.number(),
  breakClause: z
    .strictObject({
      earliestNoticeMonth: z.number(),
      noticeMonths: z.number(),
      occupancyBelow: z.number(),
      reviewMonths: z.number().default(3),
    })
    .optional(),
  las: z.array(laSchema).max(100),
  stayLength: stayLengthSchema,
  matching: z.strictObject({ probability: z.number(), days: z.number() }),
  block: z.strictObject({
    beds: z.number(),
    weeklyPounds: money,
    annualUpliftPercent: z.number().default(0),
    holdDays: z.number().default(0),
    voidRule: voidRuleSchema.default({ kind: 'pay-in-full' }),
    startsAs: z.enum(['empty', 'steady-state']).default('empty'),
  }),
  spot: z.strictObject({
    weeklyPounds: money,
    annualInflationPercent: z.number().default(0),
    outOfAreaProbability: z.number(),
  }),
  needsMix: z.partialRecord(segments, z.number()).optional(),
  simulation: z
    .strictObject({
      runs: z.number().int().min(1).max(1_000_000).optional(),
      seed: z.number().int().optional(),
      sweep: z
        .strictObject({
          minBeds: z.number().int().min(0).default(0),
          maxBeds: z.number().int().min(0).max(200),
          weeklyPounds: z.array(money).max(20).optional(),
        })
        .refine((s) => s.minBeds <= s.maxBeds, {
          message: 'minBeds must not be above maxBeds',
          path: ['minBeds'],
        })
        .optional(),
      pooling: z.boolean().default(false),
    })
    .optional(),
  appraisal: z
    .strictObject({
      inHouse: z.strictObject({ weeklyPounds: money, setUpPounds: money.default(0) }).optional(),
      framework: z
        .strictObject({ weeklyPounds: money, localProbability: z.number().min(0).max(1) })
        .optional(),
      criteria: z.array(criterionSchema).min(1).optional(),
      ratings: z.partialRecord(optionKinds, z.record(z.string(), ratings)).optional(),
      notes: z.partialRecord(optionKinds, z.record(z.string(), z.string())).optional(),
    })
    .optional(),
});

export type ScenarioFileJson = z.input<typeof scenarioFileSchema>;
export type ParsedScenarioFile = z.output<typeof scenarioFileSchema>;
