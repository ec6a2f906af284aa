/**
 * `contract.terms`: the contract engine's terms as stored JSON (docs/contracts.md, "Data in the
 * database"), in the engine's own units: pence, parts per million, ISO dates. Parties and their
 * shares live in contract_party, blocked beds in contract_bed, names in organisation and home; the
 * rest of the engine's `Contract` lives here. Read through zod, so a row written by hand or by an
 * older version is refused with the field named rather than charged wrongly.
 */
import { z } from 'zod';
import {
  type BreakClause,
  DEFAULT_MAX_BEDS_PER_SETTING,
  type Lot,
  type Term,
  type UpliftRule,
  type VacancyRules,
} from '../../domain/contracts/contract.ts';
import { isLocalDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { fieldPath } from '../../importers/charges/contract-file.ts';

const day = z.string().refine(isLocalDate, 'a date as YYYY-MM-DD');
const whole = (min = 0) => z.number().int().min(min);
const ppm = z.number().int().gt(-1_000_000);

export const StoredUplift = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed'), ratePpm: ppm }),
  z.strictObject({
    kind: z.literal('index'),
    index: z.string().min(1),
    series: z.array(z.strictObject({ from: day, ratePpm: ppm })),
    capPpm: ppm.optional(),
    floorPpm: ppm.optional(),
  }),
]);

export const StoredTerms = z.strictObject({
  term: z.strictObject({
    /** Informational: the row's start_date is the contract's start. */
    start: day.optional(),
    initialMonths: whole(1),
    extensions: z.array(z.strictObject({ months: whole(1), exercised: z.boolean().optional() })).default([]),
    extensionNoticeMonths: whole().default(6),
  }),
  breakClause: z.strictObject({ noticeMonths: whole(), dates: z.array(day).optional() }).optional(),
  lots: z
    .array(z.strictObject({ id: z.string().min(1), name: z.string().min(1), weeklyPrice: whole(1) }))
    .min(1),
  /** Each blocked home's lot and, when it differs from the lot's, its own starting price. */
  homes: z
    .array(
      z.strictObject({ id: z.string().min(1), lot: z.string().min(1), weeklyPrice: whole(1).optional() }),
    )
    .default([]),
  maxBedsPerSetting: whole(1).default(DEFAULT_MAX_BEDS_PER_SETTING),
  uplift: StoredUplift.default({ kind: 'none' }),
  vacancy: z.strictObject({
    holdDays: whole(),
    holdPayer: z.enum(['leaving-la', 'shared']),
    afterHold: z.enum(['void-shared', 'released']),
    retainerPpm: whole().max(1_000_000).default(0),
  }),
});

export interface ContractTerms {
  term: Omit<Term, 'start'> & { start?: string };
  breakClause?: BreakClause;
  lots: Lot[];
  homes: Array<{ id: string; lot: string; weeklyPrice?: number }>;
  maxBedsPerSetting: number;
  uplift: UpliftRule;
  vacancy: VacancyRules;
}

/** Reads stored terms, or refuses them naming every bad field (`terms.vacancy.holdDays`). */
export function parseTerms(json: unknown, contractRef: string): ContractTerms {
  const r = StoredTerms.safeParse(typeof json === 'string' ? JSON.parse(json) : json);
  if (!r.success) {
    const fields = r.error.issues.map((i) => ({
      record: `contract ${contractRef}`,
      field: `terms.${fieldPath(i.path)}`,
      message: i.message,
    }));
    throw new DomainError(
      'unprocessable',
      `The stored terms of contract ${contractRef} are not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      fields,
    );
  }
  const t = r.data;
  return {
    term: {
      ...(t.term.start ? { start: t.term.start } : {}),
      initialMonths: t.term.initialMonths,
      extensions: t.term.extensions.map((e) =>
        e.exercised === undefined ? { months: e.months } : { months: e.months, exercised: e.exercised },
      ),
      extensionNoticeMonths: t.term.extensionNoticeMonths,
    },
    ...(t.breakClause
      ? {
          breakClause: {
            noticeMonths: t.breakClause.noticeMonths,
            ...(t.breakClause.dates ? { dates: t.breakClause.dates } : {}),
          },
        }
      : {}),
    lots: t.lots,
    homes: t.homes.map((h) => (h.weeklyPrice === undefined ? { id: h.id, lot: h.lot } : h)),
    maxBedsPerSetting: t.maxBedsPerSetting,
    uplift: t.uplift as UpliftRule,
    vacancy: t.vacancy,
  };
}
