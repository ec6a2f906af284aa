/**
 * A referral's answers as an LA gives them: the GOV.UK question pages (one topic each), the
 * child's month of birth (the child record keeps the month, the referral the age in years), and
 * reading a whole set of answers into the domain's typed referral with errors that name the field.
 * The pages, the JSON API and drafts from an import all go through `readReferralAnswers`.
 */
import type { FormInput } from '../../domain/referrals/form-values.ts';
import type { ChildProfile, PlacementRequirements } from '../../domain/referrals/profile.ts';
import { parseReferralForm, REFERRAL_FORM_FIELDS } from '../../domain/referrals/referral-form.ts';
import { addDays, ageOn, isLocalDate, type LocalDate } from '../../domain/shared/dates.ts';
import type { FieldError } from '../../domain/shared/errors.ts';

/** Every field an LA answers: the domain's referral form plus the child's month of birth. */
export const ANSWER_FIELDS = {
  ...REFERRAL_FORM_FIELDS,
  bornIn: 'Month and year of birth',
} as const;
export type AnswerField = keyof typeof ANSWER_FIELDS;

export interface ReferralPage {
  slug: string;
  title: string;
  /** The question fields on the page, in order. */
  fields: readonly AnswerField[];
}

/** The question pages in order; each asks about one topic. */
export const REFERRAL_PAGES: readonly ReferralPage[] = [
  {
    slug: 'child',
    title: 'About the child',
    fields: ['childRef', 'bornIn', 'sex', 'legalStatus', 'primaryNeed'],
  },
  {
    slug: 'when',
    title: 'When the placement is needed',
    fields: ['neededBy', 'latestStart', 'siblingCount'],
  },
  {
    slug: 'location',
    title: 'Where the child should live',
    fields: [
      'familyPostcodeSector',
      'keepSchool',
      'schoolPostcodeSector',
      'isPreferredLocationLocal',
      'outOfLaReason',
      'outOfLaReasonOther',
      'preferredLocationNote',
    ],
  },
  {
    slug: 'needs',
    title: 'Needs and communication',
    fields: [
      'communicationNeeds',
      'communicationRequirements',
      'communicationOther',
      'culturalNeeds',
      'culturalNeedsOther',
      'homeAdaptationRequired',
    ],
  },
  { slug: 'living', title: 'Living arrangements and pets', fields: ['livingCompanions', 'pets'] },
  { slug: 'risks', title: 'Risks', fields: ['risks', 'riskOther', 'riskToOthersOther'] },
  {
    slug: 'placement-types',
    title: 'Suitable types of placement',
    fields: ['fosterSuitability', 'residentialSuitability', 'supportedAccommodationSuitability'],
  },
  {
    slug: 'support',
    title: 'Support and deprivation of liberty',
    fields: ['additionalSupport', 'additionalSupportOther', 'deprivationOfLiberty'],
  },
  { slug: 'pen-portrait', title: 'Pen portrait', fields: ['penPortrait'] },
];

/** Checkbox groups: absent from a post when nothing is ticked, which is an answer ("none"). */
export const LIST_FIELDS: ReadonlySet<string> = new Set([
  'risks',
  'communicationRequirements',
  'additionalSupport',
]);
/** Fields answered with GOV.UK date parts. */
const DATE_PARTS: Record<string, readonly string[]> = {
  latestStart: ['latestStart-day', 'latestStart-month', 'latestStart-year'],
  bornIn: ['bornIn-month', 'bornIn-year'],
};

export function pageBySlug(slug: string): ReferralPage | undefined {
  return REFERRAL_PAGES.find((p) => p.slug === slug);
}

/** The page a field is asked on (for links from the check-answers page). */
export function pageOfField(field: string): ReferralPage | undefined {
  const base = field.replace(/-(day|month|year)$/, '');
  return REFERRAL_PAGES.find((p) => (p.fields as readonly string[]).includes(base));
}

/** The raw keys a page posts (date parts instead of the date). */
export function postedKeys(page: ReferralPage): string[] {
  return page.fields.flatMap((f) => [f, ...(DATE_PARTS[f] ?? [])]);
}

export type Answers = Record<string, string | string[]>;

/** The answers a page posted, as stored in a draft (blank text kept, lists always lists). */
export function pageAnswers(page: ReferralPage, posted: Record<string, unknown>): Answers {
  const out: Answers = {};
  for (const key of postedKeys(page)) {
    const v = posted[key];
    if (LIST_FIELDS.has(key)) {
      out[key] = (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).map(String);
    } else if (v !== undefined && v !== null) {
      out[key] = String(Array.isArray(v) ? (v[0] ?? '') : v);
    }
  }
  return out;
}

export interface ReadAnswers {
  child: ChildProfile;
  requirements: PlacementRequirements;
  /** The first of the child's birth month. */
  bornIn: LocalDate;
}

export type ReadResult = { ok: true; value: ReadAnswers } | { ok: false; errors: FieldError[] };

/** Reads the month of birth from `bornIn` ('2012-05' or '2012-05-01') or its month and year parts. */
function readBornIn(form: FormInput, today: LocalDate): { bornIn?: LocalDate; error?: string } {
  const text = (k: string) => {
    const v = form[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s === undefined || s === null ? '' : String(s).trim();
  };
  let month = text('bornIn-month');
  let year = text('bornIn-year');
  const whole = text('bornIn');
  if (!month && !year && whole) {
    const m = /^(\d{4})-(\d{1,2})(?:-01)?$/.exec(whole);
    if (!m) return { error: 'Enter the month and year of birth, like 2012-05' };
    year = m[1]!;
    month = m[2]!;
  }
  if (!month && !year) return { error: "Enter the child's month and year of birth" };
  if (!month || !year) return { error: `Month and year of birth must include a ${month ? 'year' : 'month'}` };
  if (!/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: 'Month and year of birth must be a real month, like 5 and 2012' };
  }
  const bornIn = `${year}-${month.padStart(2, '0')}-01`;
  if (!isLocalDate(bornIn)) return { error: 'Month and year of birth must be a real month, like 5 and 2012' };
  if (bornIn > today) return { error: 'Month and year of birth must be in the past' };
  if (ageOn(bornIn, today) > 17) return { error: 'The child must be under 18' };
  return { bornIn };
}

/**
 * Reads a whole set of answers judged on `today`: the domain's form rules plus the month of birth,
 * from which the age in years is worked out (a month, not a date of birth, is all that is kept).
 * Errors are in page order, one per field.
 */
export function readReferralAnswers(form: FormInput, today: LocalDate): ReadResult {
  const born = readBornIn(form, today);
  const withAge: FormInput = { ...form, ageYears: born.bornIn ? ageOn(born.bornIn, today) : '' };
  const parsed = parseReferralForm(withAge, today);
  const errors: FieldError[] = [];
  if (born.error) errors.push({ field: 'bornIn', message: born.error });
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      if (e.field === 'ageYears') {
        if (!born.error) errors.push({ field: 'bornIn', message: e.message });
      } else errors.push(e);
    }
  }
  if (errors.length > 0) return { ok: false, errors: inPageOrder(errors) };
  if (!parsed.ok || !born.bornIn)
    return { ok: false, errors: [{ field: 'bornIn', message: 'Enter the month of birth' }] };
  return { ok: true, value: { ...parsed.value, bornIn: born.bornIn } };
}

const ORDER = REFERRAL_PAGES.flatMap((p) => p.fields as readonly string[]);
function inPageOrder(errors: readonly FieldError[]): FieldError[] {
  const rank = (f: string) => {
    const i = ORDER.indexOf(f.replace(/-(day|month|year)$/, ''));
    return i === -1 ? ORDER.length : i;
  };
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}

/**
 * Complete, valid answers for the questions not yet reached, so that one page can be checked on
 * its own (its fields' rules, including those joining its answers) before the rest are given.
 */
function placeholders(today: LocalDate): Answers {
  return {
    childRef: 'PLACEHOLDER-1',
    bornIn: `${Number(today.slice(0, 4)) - 14}-${today.slice(5, 7)}`,
    sex: 'male',
    primaryNeed: 'ebd',
    neededBy: 'gt-5-days',
    latestStart: addDays(today, 10),
    siblingCount: '0',
    isPreferredLocationLocal: 'yes',
    keepSchool: 'no',
    communicationNeeds: 'no',
    communicationRequirements: ['none'],
    homeAdaptationRequired: 'no',
    culturalNeeds: 'not-known',
    livingCompanions: 'no-preference',
    pets: 'not-known',
    additionalSupport: [],
    deprivationOfLiberty: 'no',
    fosterSuitability: 'not-specified',
    residentialSuitability: 'preferred',
    supportedAccommodationSuitability: 'unsuitable',
    penPortrait: 'Placeholder.',
  };
}

/**
 * Checks one page's answers against the answers given so far: the errors for this page's fields
 * only (other pages are judged when they are answered, and all together before sending).
 */
export function checkPage(
  page: ReferralPage,
  draft: Answers,
  posted: Answers,
  today: LocalDate,
): FieldError[] {
  const merged: Answers = { ...placeholders(today) };
  const mine = new Set(postedKeys(page));
  for (const [k, v] of Object.entries(draft)) if (!mine.has(k)) merged[k] = v;
  for (const f of page.fields) delete merged[f];
  Object.assign(merged, posted);
  // A date answered in parts replaces the placeholder's whole date.
  for (const [f, parts] of Object.entries(DATE_PARTS)) {
    if (parts.some((p) => merged[p] !== undefined && merged[p] !== '')) delete merged[f];
  }
  const r = readReferralAnswers(merged, today);
  if (r.ok) return [];
  const fields = new Set<string>(page.fields);
  return r.errors.filter((e) => fields.has(e.field.replace(/-(day|month|year)$/, '')));
}

/** Which pages have been answered (every posted key present), for the task list. */
export function answeredPages(draft: Answers): Set<string> {
  const done = new Set<string>();
  for (const p of REFERRAL_PAGES) {
    if (draft[`_page_${p.slug}`] === 'done') done.add(p.slug);
  }
  return done;
}
