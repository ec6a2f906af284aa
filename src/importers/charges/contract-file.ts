/**
 * Reads contract.json, the contract as a commissioner writes it by hand: money in pounds
 * ("£4,200" or 4200), rates and shares as percentages or fractions, dates as YYYY-MM-DD or
 * dd/mm/yyyy. Returns the domain contract (pence, ppm, ISO dates) and the optional spot-rate
 * table, or every problem with its field path. docs/contracts.md documents the format.
 */
import { z } from 'zod';
import {
  type Contract,
  DEFAULT_MAX_BEDS_PER_SETTING,
  type UpliftRule,
  type VacancyRules,
} from '../../domain/contracts/contract.ts';
import { sharesFromEntries } from '../../domain/contracts/shares.ts';
import type { SpotRate } from '../../domain/contracts/spot-rates.ts';
import { validateSpotRates } from '../../domain/contracts/spot-rates.ts';
import { validateContract } from '../../domain/contracts/validate-contract.ts';
import { CONTRACT_KINDS, NEED_SEGMENTS, type NeedSegment } from '../../domain/shared/codes.ts';
import { isLocalDate, parseUkDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';

const date = z.string({ error: 'give a date as YYYY-MM-DD or dd/mm/yyyy' }).transform((s, ctx) => {
  const d = isLocalDate(s.trim()) ? s.trim() : parseUkDate(s);
  if (!d) ctx.addIssue({ code: 'custom', message: `"${s}" is not a real date (YYYY-MM-DD or dd/mm/yyyy)` });
  return d ?? '';
});

const pounds = z
  .union([z.number(), z.string()], { error: 'give an amount in pounds, e.g. 4200 or "£4,200.00"' })
  .transform((v, ctx) => {
    const p = parsePounds(typeof v === 'number' ? String(v) : v);
    if (p === undefined || p <= 0)
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an amount in pounds above zero` });
    return p ?? 0;
  });

/** A percentage (3.4 or "3.4%") as whole parts per million; at most four decimal places. */
const percent = z
  .union([z.number(), z.string()], { error: 'give a percentage, e.g. 3.4 or "3.4%"' })
  .transform((v, ctx) => {
    const text = String(v).trim().replace(/%$/, '');
    const ppm = Number(text) * 10_000;
    if (!/^-?\d+(\.\d{1,4})?$/.test(text) || !Number.isFinite(ppm)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${v}" is not a percentage with at most four decimal places`,
      });
    }
    return Math.round(ppm);
  });

/** At most `max`: a term of 50 years or a notice of 10 is already far past any real contract. */
const whole = (what: string, min = 0, max = 600) =>
  z
    .number({ error: `${what} is a whole number` })
    .int(`${what} is a whole number`)
    .min(min)
    .max(max, `${what} is at most ${max}`);
const id = z.string({ error: 'give an id' }).trim().min(1, 'give an id');
const segment = z.enum(Object.keys(NEED_SEGMENTS) as [NeedSegment, ...NeedSegment[]], {
  error: `use one of: ${Object.keys(NEED_SEGMENTS).join(', ')}`,
});

const upliftSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({ kind: z.literal('fixed'), percent }),
    z.strictObject({
      kind: z.literal('index'),
      index: z.string().trim().min(1),
      series: z.array(z.strictObject({ from: date, percent })).min(1, 'give at least one index figure'),
      capPercent: percent.optional(),
      floorPercent: percent.optional(),
    }),
  ],
  { error: 'uplift kind is none, fixed or index' },
);

const schema = z.strictObject({
  id,
  name: z.string({ error: 'give the contract a name' }).trim().min(1, 'give the contract a name'),
  kind: z.enum(Object.keys(CONTRACT_KINDS) as [keyof typeof CONTRACT_KINDS], {
    error: `use one of: ${Object.keys(CONTRACT_KINDS).join(', ')}`,
  }),
  provider: z.strictObject({ id, name: z.string().trim().min(1) }),
  term: z.strictObject({
    start: date,
    initialMonths: whole('the initial period in months', 1),
    extensions: z
      .array(
        z.strictObject({ months: whole('an extension in months', 1), exercised: z.boolean().optional() }),
      )
      .default([]),
    extensionNoticeMonths: whole('the notice for an extension decision in months').default(6),
  }),
  breakClause: z
    .strictObject({ noticeMonths: whole('the notice in months'), dates: z.array(date).optional() })
    .optional(),
  shares: z
    .array(z.strictObject({ la: id, name: z.string().optional(), share: z.union([z.string(), z.number()]) }))
    .min(1),
  lots: z.array(z.strictObject({ id, name: z.string().trim().min(1), weeklyPrice: pounds })).min(1),
  homes: z
    .array(
      z.strictObject({
        id,
        name: z.string().trim().min(1),
        lot: id,
        weeklyPrice: pounds.optional(),
        beds: z.array(z.union([id, z.strictObject({ id, from: date.optional() })])).min(1),
      }),
    )
    .min(1),
  maxBedsPerSetting: whole('the cap per setting', 1).default(DEFAULT_MAX_BEDS_PER_SETTING),
  uplift: upliftSchema.default({ kind: 'none' }),
  vacancy: z
    .strictObject({
      holdDays: whole('the hold period in days'),
      holdPayer: z
        .enum(['leaving-la', 'shared'], { error: 'use leaving-la or shared' })
        .default('leaving-la'),
      afterHold: z.enum(['void-shared', 'released'], { error: 'use void-shared or released' }),
      retainerPercent: percent.default(0),
    })
    .optional(),
  spotRates: z.array(z.strictObject({ segment, from: date, weeklyPrice: pounds })).default([]),
});

type Parsed = z.infer<typeof schema>;

/** Turns a zod path into the field names used in messages: homes[0].beds[1].from. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );
}

/** The file's name for a domain field (the file gives percentages where the domain holds ppm). */
function fileField(field: string): string {
  return field
    .replace(/retainerPpm$/, 'retainerPercent')
    .replace(/capPpm$/, 'capPercent')
    .replace(/floorPpm$/, 'floorPercent')
    .replace(/ratePpm$/, 'percent')
    .replace(/^(shares\[\d+\])\.ppm$/, '$1.share');
}

function uplift(u: Parsed['uplift']): UpliftRule {
  if (u.kind === 'none') return u;
  if (u.kind === 'fixed') return { kind: 'fixed', ratePpm: u.percent };
  return {
    kind: 'index',
    index: u.index,
    series: u.series.map((p) => ({ from: p.from, ratePpm: p.percent })),
    ...(u.capPercent === undefined ? {} : { capPpm: u.capPercent }),
    ...(u.floorPercent === undefined ? {} : { floorPpm: u.floorPercent }),
  };
}

function vacancy(p: Parsed, errors: FieldError[]): VacancyRules {
  if (p.vacancy) {
    const { holdDays, holdPayer, afterHold, retainerPercent } = p.vacancy;
    return { holdDays, holdPayer, afterHold, retainerPpm: retainerPercent };
  }
  if (p.kind === 'hard-block' || p.kind === 'soft-block') {
    errors.push({
      field: 'vacancy',
      message: 'a block needs its vacancy rules: holdDays, holdPayer and afterHold',
    });
  }
  return { holdDays: 0, holdPayer: 'leaving-la', afterHold: 'released', retainerPpm: 0 };
}

export interface ContractFile {
  contract: Contract;
  spotRates: SpotRate[];
}

/** Parses and checks contract.json; throws one `validation` DomainError listing every problem. */
export function readContractFile(text: string): ContractFile {
  const fail = (errors: FieldError[]): never => {
    throw new DomainError(
      'validation',
      'The contract file has errors',
      errors.map((e) => ({ record: 'contract file', ...e })),
    );
  };
  const undecodable = text.indexOf('\uFFFD');
  if (undecodable >= 0) {
    return fail([
      {
        row: text.slice(0, undecodable).split('\n').length,
        field: 'file',
        message: 'the file is not UTF-8 text (a character from another encoding, such as Windows-1252)',
      },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return fail([{ field: 'file', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const r = schema.safeParse(json);
  if (!r.success)
    return fail(r.error.issues.map((i) => ({ field: fieldPath(i.path) || 'file', message: i.message })));
  const p = r.data;
  const errors: FieldError[] = [];
  let shares: Contract['shares'] = [];
  try {
    shares = sharesFromEntries(
      p.shares.map((s) => ({ la: s.la, share: s.share, ...(s.name ? { name: s.name } : {}) })),
    );
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    errors.push(...e.fieldErrors);
  }
  const contract: Contract = {
    id: p.id,
    name: p.name,
    kind: p.kind,
    provider: p.provider,
    term: p.term,
    ...(p.breakClause ? { breakClause: p.breakClause } : {}),
    shares,
    lots: p.lots,
    homes: p.homes.map((h) => ({
      ...h,
      beds: h.beds.map((b) =>
        typeof b === 'string' ? { id: b } : b.from ? { id: b.id, from: b.from } : { id: b.id },
      ),
    })),
    maxBedsPerSetting: p.maxBedsPerSetting,
    uplift: uplift(p.uplift),
    vacancy: vacancy(p, errors),
  };
  const spotRates = p.spotRates.map((s) => ({ segment: s.segment, from: s.from, weekly: s.weeklyPrice }));
  if (errors.length === 0) {
    errors.push(
      ...validateContract(contract).map(({ record: _, ...e }) => ({ ...e, field: fileField(e.field) })),
    );
  }
  errors.push(...validateSpotRates(spotRates));
  if (errors.length > 0) fail(errors);
  return { contract, spotRates };
}
