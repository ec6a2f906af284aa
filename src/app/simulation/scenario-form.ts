/**
 * The scenario as GOV.UK form fields, both ways. Form fields are named by the scenario file's own
 * dotted paths (`block.weeklyPounds`, `las[2].share`), so an error from the file reader or the
 * engine lands on the field to fix; the few that differ are mapped here:
 *
 * - percentages: people type 25 for 25%; the file holds 0.25 (shares, probabilities, occupancy);
 * - the start date is a GOV.UK date input (`startDate-day`, `-month`, `-year`);
 * - each stay-length shape has its own inputs (`stayLength.lognormal.meanDays`), the empirical list
 *   is one text area (`stayLength.days`);
 * - liability shares are read as percentages or fractions (1/7) and must add up to 100%; they are
 *   stored exactly, in parts per million.
 *
 * `fileFromForm` returns the file with every problem at once, each named by its form field;
 * `formFromFile` gives the values to show.
 */
import { NEED_SEGMENTS } from '../../domain/shared/codes.ts';
import type { FieldError } from '../../domain/shared/errors.ts';
import { apportion, PPM } from '../../domain/shared/money.ts';
import {
  type Criterion,
  DEFAULT_CRITERIA,
  OPTION_KINDS,
  type OptionKind,
  RATINGS,
} from '../../domain/simulation/options-appraisal.ts';
import { parseScenarioFile } from '../../importers/scenario/parse-scenario-file.ts';
import type { ScenarioFileJson } from '../../importers/scenario/scenario-schema.ts';

export type Form = Record<string, string | string[] | undefined>;
export type FormValues = Record<string, string>;

/** The feasibility criterion the web form offers beside the default measured ones (rated by the user). */
export const FEASIBILITY: Criterion = {
  key: 'feasibility',
  label: 'Feasibility: market and resources',
  heading: 'feasibility',
  weight: 0,
  measure: 'rating',
};

/** Criteria a new scenario starts with: the measured defaults, and feasibility (weight 0 until rated). */
export function defaultCriteria(): Criterion[] {
  return [...DEFAULT_CRITERIA.map((c) => ({ ...c })), { ...FEASIBILITY }];
}

const SEGMENTS = Object.keys(NEED_SEGMENTS);
const KINDS = Object.keys(OPTION_KINDS) as OptionKind[];
const STAY_KINDS = ['empirical', 'exponential', 'lognormal', 'gamma'] as const;
const HEADINGS = ['desirability', 'viability', 'feasibility', 'risk'] as const;
const MEASURES = [
  'mean-cost',
  'bad-year-cost',
  'cost-spread',
  'local-share',
  'probability-costs-more-than-spot',
  'rating',
] as const;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** Fields shown as percentages on the form, held as fractions in the file. */
function isPercentField(field: string): boolean {
  return (
    /^las\[\d+\]\.(share|outOfAreaProbability)$/.test(field) ||
    /^needsMix\./.test(field) ||
    [
      'matching.probability',
      'spot.outOfAreaProbability',
      'breakClause.occupancyBelow',
      'appraisal.framework.localProbability',
    ].includes(field)
  );
}

/** A number as people type it: "4,144", "£4144.50", "25%"; undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.replace(/[£,%\s]/g, '');
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
  return Number(t);
}

/** A share typed as a percentage ("25", "14.29%") or a fraction ("1/7"), as a fraction of 1. */
export function parseShare(text: string): number | undefined {
  const f = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (f) return Number(f[2]) > 0 ? Number(f[1]) / Number(f[2]) : undefined;
  const n = parseNumber(text);
  return n === undefined ? undefined : n / 100;
}

/** A fraction as a percentage for a form field: 0.25 → "25", 0.142857 → "14.2857". */
export function percentText(x: number | undefined | null): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '';
  return String(Math.round(x * 100 * 10_000) / 10_000);
}

function numText(x: number | undefined | null): string {
  return x === undefined || x === null || !Number.isFinite(x) ? '' : String(x);
}

export interface LaRow {
  index: number;
  code: string;
  name: string;
}

export interface CriterionRow extends Criterion {
  index: number;
}

/** What the details form shows: field values by name, and the repeated rows. */
export interface ScenarioFormView {
  values: FormValues;
  las: LaRow[];
  criteria: CriterionRow[];
}

// ---------------------------------------------------------------- file → form

export function formFromFile(file: ScenarioFileJson): ScenarioFormView {
  const v: FormValues = {};
  v.name = file.name ?? '';
  v.description = file.description ?? '';
  const [y = '', m = '', d = ''] = (file.startDate ?? '').split('-');
  v['startDate-day'] = d.replace(/^0/, '');
  v['startDate-month'] = m.replace(/^0/, '');
  v['startDate-year'] = y;
  v.termMonths = numText(file.termMonths);
  const bc = file.breakClause;
  v['breakClause.use'] = bc ? 'yes' : 'no';
  v['breakClause.earliestNoticeMonth'] = numText(bc?.earliestNoticeMonth);
  v['breakClause.noticeMonths'] = numText(bc?.noticeMonths);
  v['breakClause.occupancyBelow'] = percentText(bc?.occupancyBelow);
  v['breakClause.reviewMonths'] = numText(bc?.reviewMonths ?? 3);
  const las = (file.las ?? []).map((la, index) => {
    const at = `las[${index}]`;
    v[`${at}.code`] = la.code;
    v[`${at}.name`] = la.name;
    v[`${at}.referralsPerYear`] = numText(la.referralsPerYear);
    v[`${at}.share`] = percentText(la.sharePpm !== undefined ? la.sharePpm / PPM : la.share);
    v[`${at}.outOfAreaProbability`] = percentText(la.outOfAreaProbability);
    return { index, code: la.code, name: la.name };
  });
  v.lasCount = String(las.length);
  const st = file.stayLength;
  v['stayLength.kind'] = st?.kind ?? 'lognormal';
  if (st?.kind === 'empirical') v['stayLength.days'] = st.days.join(', ');
  if (st?.kind === 'exponential') v['stayLength.exponential.meanDays'] = numText(st.meanDays);
  if (st?.kind === 'lognormal') {
    v['stayLength.lognormal.meanDays'] = numText(st.meanDays);
    v['stayLength.lognormal.sdDays'] = numText(st.sdDays);
  }
  if (st?.kind === 'gamma') {
    v['stayLength.gamma.meanDays'] = numText(st.meanDays);
    v['stayLength.gamma.shape'] = numText(st.shape);
  }
  v['matching.probability'] = percentText(file.matching?.probability);
  v['matching.days'] = numText(file.matching?.days);
  const b = file.block;
  v['block.beds'] = numText(b?.beds);
  v['block.weeklyPounds'] = numText(b?.weeklyPounds);
  v['block.annualUpliftPercent'] = numText(b?.annualUpliftPercent ?? 0);
  v['block.holdDays'] = numText(b?.holdDays ?? 0);
  const vr = b?.voidRule ?? { kind: 'pay-in-full' };
  v['block.voidRule.kind'] = vr.kind;
  v['block.voidRule.percent'] = vr.kind === 'retainer' ? numText(vr.percent) : '';
  v['block.voidRule.outsideFillMeanDays'] = vr.kind === 'release' ? numText(vr.outsideFillMeanDays) : '';
  v['block.startsAs'] = b?.startsAs ?? 'empty';
  v['spot.weeklyPounds'] = numText(file.spot?.weeklyPounds);
  v['spot.annualInflationPercent'] = numText(file.spot?.annualInflationPercent ?? 0);
  v['spot.outOfAreaProbability'] = percentText(file.spot?.outOfAreaProbability);
  for (const s of SEGMENTS)
    v[`needsMix.${s}`] = percentText((file.needsMix as Record<string, number> | undefined)?.[s]);
  const sim = file.simulation;
  v['simulation.runs'] = numText(sim?.runs ?? 2000);
  v['simulation.seed'] = numText(sim?.seed ?? 1);
  v['simulation.sweep.use'] = sim?.sweep ? 'yes' : 'no';
  v['simulation.sweep.minBeds'] = numText(sim?.sweep?.minBeds ?? 0);
  v['simulation.sweep.maxBeds'] = numText(sim?.sweep?.maxBeds);
  v['simulation.sweep.weeklyPounds'] = (sim?.sweep?.weeklyPounds ?? []).join(', ');
  v['simulation.pooling'] = sim?.pooling ? 'yes' : '';
  const a = file.appraisal;
  v['appraisal.use'] = a ? 'yes' : 'no';
  v['appraisal.inHouse.weeklyPounds'] = numText(a?.inHouse?.weeklyPounds);
  v['appraisal.inHouse.setUpPounds'] = numText(a?.inHouse?.setUpPounds);
  v['appraisal.framework.weeklyPounds'] = numText(a?.framework?.weeklyPounds);
  v['appraisal.framework.localProbability'] = percentText(a?.framework?.localProbability);
  // The feasibility rating is always offered (it is left out again on saving while unweighted and unrated).
  const listed = a?.criteria ?? defaultCriteria();
  const withFeasibility = listed.some((c) => c.key === FEASIBILITY.key)
    ? listed
    : [...listed, { ...FEASIBILITY }];
  const criteria = withFeasibility.map((c, index) => {
    const at = `appraisal.criteria[${index}]`;
    v[`${at}.key`] = c.key;
    v[`${at}.label`] = c.label;
    v[`${at}.heading`] = c.heading;
    v[`${at}.measure`] = c.measure;
    v[`${at}.weight`] = numText(c.weight);
    return { ...c, index };
  });
  v['appraisal.criteriaCount'] = String(criteria.length);
  for (const k of KINDS)
    for (const c of criteria.filter((x) => x.measure === 'rating')) {
      v[`appraisal.ratings.${k}.${c.key}`] = a?.ratings?.[k]?.[c.key] ?? '';
      v[`appraisal.notes.${k}.${c.key}`] = a?.notes?.[k]?.[c.key] ?? '';
    }
  return { values: v, las, criteria };
}

// ---------------------------------------------------------------- form → file

export interface FormResult {
  file: ScenarioFileJson;
  errors: FieldError[];
  view: ScenarioFormView;
}

/** Reads the details form into a scenario file, naming every problem by its form field. */
export function fileFromForm(form: Form): FormResult {
  const errors: FieldError[] = [];
  const values: FormValues = {};
  const text = (name: string) => {
    const t = one(form[name]);
    values[name] = t;
    return t;
  };
  const bad = new Set<string>();
  const fail = (field: string, message: string) => {
    bad.add(field);
    errors.push({ field, message });
  };
  /** A number field; a blank optional one is undefined; a bad one is reported and read as 0. */
  const num = (
    name: string,
    what: string,
    opts: { optional?: boolean; percent?: boolean; whole?: boolean } = {},
  ): number | undefined => {
    const t = text(name);
    if (t === '') {
      if (opts.optional) return undefined;
      fail(name, `Enter ${what}`);
      return 0;
    }
    const n = parseNumber(t);
    if (n === undefined) {
      fail(name, `${capital(what)} must be a number`);
      return 0;
    }
    if (opts.whole && !Number.isInteger(n)) {
      fail(name, `${capital(what)} must be a whole number`);
      return 0;
    }
    return opts.percent ? n / 100 : n;
  };

  const name = text('name');
  const description = text('description');
  const day = text('startDate-day');
  const month = text('startDate-month');
  const year = text('startDate-year');
  let startDate = '';
  if (!day || !month || !year) fail('startDate', 'Enter the start date as a day, month and year');
  else if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    fail('startDate', 'The start date must be a real date, for example 1 4 2027');
  else startDate = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const termMonths = num('termMonths', 'the term in months', { whole: true });

  const useBreak = text('breakClause.use') === 'yes';
  const breakClause = useBreak
    ? {
        earliestNoticeMonth: num('breakClause.earliestNoticeMonth', 'the first month notice can be served', {
          whole: true,
        })!,
        noticeMonths: num('breakClause.noticeMonths', 'the months of notice', { whole: true })!,
        occupancyBelow: num('breakClause.occupancyBelow', 'the occupancy that triggers the break', {
          percent: true,
        })!,
        reviewMonths: num('breakClause.reviewMonths', 'the months occupancy is reviewed over', {
          whole: true,
        })!,
      }
    : undefined;
  if (!useBreak)
    for (const f of ['earliestNoticeMonth', 'noticeMonths', 'occupancyBelow', 'reviewMonths'])
      text(`breakClause.${f}`);
  values['breakClause.use'] = useBreak ? 'yes' : 'no';

  // Participating LAs: their codes and names come from the page before; rates and shares are typed.
  const count = Math.min(100, Math.max(0, Number.parseInt(text('lasCount'), 10) || 0));
  const lasView: LaRow[] = [];
  const shares: (number | undefined)[] = [];
  const las: NonNullable<ScenarioFileJson['las']> = [];
  for (let i = 0; i < count; i++) {
    const at = `las[${i}]`;
    const code = text(`${at}.code`);
    const laName = text(`${at}.name`);
    lasView.push({ index: i, code, name: laName });
    const rate = num(`${at}.referralsPerYear`, `${laName || 'this authority'}’s referrals a year`)!;
    const shareText = text(`${at}.share`);
    let share: number | undefined;
    if (shareText === '') fail(`${at}.share`, `Enter ${laName || 'this authority'}’s liability share`);
    else {
      share = parseShare(shareText);
      if (share === undefined || share < 0 || share > 1)
        fail(`${at}.share`, 'The share must be a percentage from 0 to 100, or a fraction such as 1/7');
    }
    shares.push(share);
    const ooa = num(`${at}.outOfAreaProbability`, 'the share of its spot placements out of area', {
      optional: true,
      percent: true,
    });
    las.push({
      code,
      name: laName,
      referralsPerYear: rate,
      sharePpm: 0,
      ...(ooa === undefined ? {} : { outOfAreaProbability: ooa }),
    });
  }
  if (count === 0) fail('las', 'Choose at least one authority taking part');
  if (count > 0 && shares.every((s) => s !== undefined && s >= 0 && s <= 1)) {
    const sum = shares.reduce<number>((a, s) => a + (s ?? 0), 0);
    const last = count - 1;
    if (Math.abs(sum - 1) > 1e-4) {
      const needed = 1 - (sum - shares[last]!);
      fail(
        `las[${last}].share`,
        `The liability shares add up to ${round2(sum * 100)}%; they must add up to 100%` +
          (needed >= 0
            ? ` (with the others as they are, this one would need to be ${round2(needed * 100)}%)`
            : ''),
      );
    } else {
      // Exact parts per million, adding up to 1,000,000 (typed percentages may be a hair off, e.g. 7 × 14.2857).
      const ppm = apportion(
        PPM,
        shares.map((s) => Math.round((s ?? 0) * 1e9)),
      );
      las.forEach((la, i) => {
        la.sharePpm = ppm[i]!;
      });
    }
  }
  values.lasCount = String(count);

  const stayKind = text('stayLength.kind');
  let stayLength: ScenarioFileJson['stayLength'];
  for (const f of [
    'stayLength.days',
    'stayLength.exponential.meanDays',
    'stayLength.lognormal.meanDays',
    'stayLength.lognormal.sdDays',
    'stayLength.gamma.meanDays',
    'stayLength.gamma.shape',
  ])
    text(f);
  switch (stayKind) {
    case 'empirical': {
      const raw = values['stayLength.days']!;
      const parts = raw.split(/[\s,;]+/).filter(Boolean);
      const days = parts.map(parseNumber);
      if (parts.length === 0) fail('stayLength.days', 'Enter the stay lengths in days, separated by commas');
      else if (days.some((d) => d === undefined))
        fail('stayLength.days', 'Every stay length must be a number of days, separated by commas');
      stayLength = { kind: 'empirical', days: days.map((d) => d ?? 0) };
      break;
    }
    case 'exponential':
      stayLength = {
        kind: 'exponential',
        meanDays: num('stayLength.exponential.meanDays', 'the mean stay in days')!,
      };
      break;
    case 'gamma':
      stayLength = {
        kind: 'gamma',
        meanDays: num('stayLength.gamma.meanDays', 'the mean stay in days')!,
        shape: num('stayLength.gamma.shape', 'the shape')!,
      };
      break;
    case 'lognormal':
      stayLength = {
        kind: 'lognormal',
        meanDays: num('stayLength.lognormal.meanDays', 'the mean stay in days')!,
        sdDays: num('stayLength.lognormal.sdDays', 'the spread of stays in days')!,
      };
      break;
    default:
      fail('stayLength.kind', 'Choose how stay lengths are described');
      stayLength = { kind: 'exponential', meanDays: 1 };
  }

  const matching = {
    probability: num('matching.probability', 'the chance a referred child is a suitable match', {
      percent: true,
    })!,
    days: num('matching.days', 'the days it takes to match and move in')!,
  };

  const voidKind = text('block.voidRule.kind');
  text('block.voidRule.percent');
  text('block.voidRule.outsideFillMeanDays');
  let voidRule: NonNullable<NonNullable<ScenarioFileJson['block']>['voidRule']>;
  if (voidKind === 'retainer')
    voidRule = { kind: 'retainer', percent: num('block.voidRule.percent', 'the retainer percentage')! };
  else if (voidKind === 'release') {
    const m = num('block.voidRule.outsideFillMeanDays', 'the days until the provider fills the bed', {
      optional: true,
    });
    voidRule = m === undefined ? { kind: 'release' } : { kind: 'release', outsideFillMeanDays: m };
  } else if (voidKind === 'pay-in-full') voidRule = { kind: 'pay-in-full' };
  else {
    fail('block.voidRule.kind', 'Choose what happens to an empty bed after the hold');
    voidRule = { kind: 'pay-in-full' };
  }
  const startsAs = text('block.startsAs') === 'steady-state' ? 'steady-state' : 'empty';
  values['block.startsAs'] = startsAs;
  const block = {
    beds: num('block.beds', 'the number of beds', { whole: true })!,
    weeklyPounds: num('block.weeklyPounds', 'the block’s weekly price per bed')!,
    annualUpliftPercent: num('block.annualUpliftPercent', 'the annual uplift', { optional: true }) ?? 0,
    holdDays: num('block.holdDays', 'the hold period in days', { optional: true, whole: true }) ?? 0,
    voidRule,
    startsAs: startsAs as 'empty' | 'steady-state',
  };
  const spot = {
    weeklyPounds: num('spot.weeklyPounds', 'the spot weekly price')!,
    annualInflationPercent:
      num('spot.annualInflationPercent', 'the spot price inflation', { optional: true }) ?? 0,
    outOfAreaProbability: num('spot.outOfAreaProbability', 'the share of spot placements out of area', {
      percent: true,
    })!,
  };

  const mix: Record<string, number> = {};
  for (const s of SEGMENTS) {
    const x = num(`needsMix.${s}`, `the share of ${NEED_SEGMENTS[s as keyof typeof NEED_SEGMENTS]}`, {
      optional: true,
      percent: true,
    });
    if (x !== undefined && x > 0) mix[s] = x;
  }

  const runs = num('simulation.runs', 'the number of runs', { whole: true })!;
  const seed = num('simulation.seed', 'the seed', { whole: true })!;
  const useSweep = text('simulation.sweep.use') === 'yes';
  values['simulation.sweep.use'] = useSweep ? 'yes' : 'no';
  const minBeds = num('simulation.sweep.minBeds', 'the fewest beds to try', {
    whole: true,
    optional: !useSweep,
  });
  const maxBeds = num('simulation.sweep.maxBeds', 'the most beds to try', {
    whole: true,
    optional: !useSweep,
  });
  const pricesText = text('simulation.sweep.weeklyPounds');
  const prices = pricesText
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((p) => p.replace(/^£/, ''))
    .map(parseNumber);
  if (prices.some((p) => p === undefined))
    fail('simulation.sweep.weeklyPounds', 'Give the prices to try as amounts in pounds, separated by commas');
  const pooling = text('simulation.pooling') === 'yes';
  const simulation: NonNullable<ScenarioFileJson['simulation']> = {
    runs,
    seed,
    pooling,
    ...(useSweep
      ? {
          sweep: {
            minBeds: minBeds ?? 0,
            maxBeds: maxBeds ?? 0,
            ...(prices.length > 0 ? { weeklyPounds: prices.map((p) => p ?? 0) } : {}),
          },
        }
      : {}),
  };

  const useAppraisal = text('appraisal.use') === 'yes';
  values['appraisal.use'] = useAppraisal ? 'yes' : 'no';
  const ihWeekly = num('appraisal.inHouse.weeklyPounds', 'the in-house weekly cost', { optional: true });
  const ihSetUp = num('appraisal.inHouse.setUpPounds', 'the in-house set-up cost', { optional: true });
  const fwWeekly = num('appraisal.framework.weeklyPounds', 'the framework weekly price', { optional: true });
  const fwLocal = num('appraisal.framework.localProbability', 'the share of framework placements local', {
    optional: true,
    percent: true,
  });
  if (ihWeekly === undefined && ihSetUp !== undefined)
    fail('appraisal.inHouse.weeklyPounds', 'Enter the in-house weekly cost, or clear the set-up cost');
  if (fwWeekly === undefined && fwLocal !== undefined)
    fail('appraisal.framework.weeklyPounds', 'Enter the framework weekly price, or clear its local share');
  if (fwWeekly !== undefined && fwLocal === undefined)
    fail('appraisal.framework.localProbability', 'Enter the share of framework placements that are local');
  const criteriaCount = Math.min(20, Math.max(0, Number.parseInt(text('appraisal.criteriaCount'), 10) || 0));
  const criteriaView: CriterionRow[] = [];
  const criteria: Criterion[] = [];
  for (let i = 0; i < criteriaCount; i++) {
    const at = `appraisal.criteria[${i}]`;
    const key = text(`${at}.key`);
    const label = text(`${at}.label`);
    const heading = text(`${at}.heading`) as Criterion['heading'];
    const measure = text(`${at}.measure`) as Criterion['measure'];
    const weight = num(`${at}.weight`, `the weight of “${label}”`)!;
    if (!key || !label || !HEADINGS.includes(heading) || !MEASURES.includes(measure)) continue;
    const c = { key, label, heading, measure, weight };
    criteriaView.push({ ...c, index: criteriaView.length });
    criteria.push(c);
  }
  const ratings: Partial<Record<OptionKind, Record<string, string>>> = {};
  const notes: Partial<Record<OptionKind, Record<string, string>>> = {};
  const offered = new Set<OptionKind>(['spot', 'soft-block', 'hard-block']);
  if (ihWeekly !== undefined) offered.add('in-house');
  if (fwWeekly !== undefined) offered.add('framework');
  const keep: Criterion[] = [];
  for (const c of criteria) {
    if (c.measure !== 'rating') {
      keep.push(c);
      continue;
    }
    let rated = 0;
    for (const k of KINDS) {
      const r = text(`appraisal.ratings.${k}.${c.key}`);
      const note = text(`appraisal.notes.${k}.${c.key}`);
      if (r && !(r in RATINGS)) fail(`appraisal.ratings.${k}.${c.key}`, 'Choose a rating from the list');
      if (r && r in RATINGS) {
        ratings[k] = { ...ratings[k], [c.key]: r };
        rated++;
      }
      if (note) notes[k] = { ...notes[k], [c.key]: note };
    }
    // A rated criterion the user has given no weight and no ratings is left out.
    if (c.weight > 0 || rated > 0) {
      keep.push(c);
      for (const k of offered)
        if (!ratings[k]?.[c.key])
          fail(
            `appraisal.ratings.${k}.${c.key}`,
            `Rate ${OPTION_KINDS[k]} on “${c.label}”, or give the criterion no weight`,
          );
    }
  }
  if (useAppraisal && keep.length > 0 && !keep.some((c) => c.weight > 0))
    fail(`appraisal.criteria[0].weight`, 'Give at least one criterion a weight above 0');
  values['appraisal.criteriaCount'] = String(criteriaView.length);
  const appraisal: ScenarioFileJson['appraisal'] = useAppraisal
    ? {
        ...(ihWeekly !== undefined ? { inHouse: { weeklyPounds: ihWeekly, setUpPounds: ihSetUp ?? 0 } } : {}),
        ...(fwWeekly !== undefined
          ? { framework: { weeklyPounds: fwWeekly, localProbability: fwLocal ?? 0 } }
          : {}),
        ...(keep.length > 0 ? { criteria: keep } : {}),
        ...(Object.keys(ratings).length > 0 ? { ratings: ratings as never } : {}),
        ...(Object.keys(notes).length > 0 ? { notes } : {}),
      }
    : undefined;

  const file: ScenarioFileJson = {
    name,
    ...(description ? { description } : {}),
    startDate,
    termMonths: termMonths!,
    ...(breakClause ? { breakClause } : {}),
    las,
    stayLength,
    matching,
    block,
    spot,
    ...(Object.keys(mix).length > 0 ? { needsMix: mix } : {}),
    simulation,
    ...(appraisal ? { appraisal } : {}),
  };

  // The file reader and the engine's rules, for every field not already refused above.
  if (!startDate) file.startDate = '2000-01-01';
  const parsed = parseScenarioFile(JSON.stringify(file));
  if (!startDate) file.startDate = '';
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      const field = formField(e.field, stayKind);
      if (bad.has(field)) continue;
      if (
        field.startsWith('las[') &&
        field.endsWith('.share') &&
        errors.some((x) => x.field.endsWith('.share'))
      )
        continue;
      errors.push({ field, message: formMessage(field, e.message) });
      bad.add(field);
    }
  }
  return { file, errors, view: { values, las: lasView, criteria: criteriaView } };
}

/** The form field an error on a file path belongs to. */
export function formField(path: string, stayKind: string): string {
  if (/^stayLength\.days(\[\d+\])?$/.test(path)) return 'stayLength.days';
  const stay = /^stayLength\.(meanDays|sdDays|shape)$/.exec(path);
  if (stay) return `stayLength.${stayKind}.${stay[1]}`;
  if (path === 'stayLength' || path === 'stayLength.kind') return 'stayLength.kind';
  const share = /^las\[(\d+)\]\.sharePpm$/.exec(path);
  if (share) return `las[${share[1]}].share`;
  if (/^las\[\d+\]\.(code|name)$/.test(path)) return 'las';
  if (path === 'startDate') return 'startDate';
  if (/^needsMix\.[a-z-]+$/.test(path) || path === 'needsMix') return path === 'needsMix' ? 'needsMix' : path;
  const crit = /^appraisal\.criteria\[(\d+)\](\.\w+)?$/.exec(path);
  if (crit) return `appraisal.criteria[${crit[1]}].weight`;
  if (path === 'appraisal.criteria') return 'appraisal.criteria[0].weight';
  if (path.startsWith('simulation.sweep')) return path.replace(/\.weeklyPounds\[\d+\]$/, '.weeklyPounds');
  if (path === 'simulation') return 'simulation.runs';
  return path || 'name';
}

/** The file reader speaks in fractions; the form in percentages. */
export function formMessage(field: string, message: string): string {
  if (!isPercentField(field)) return capital(message);
  return capital(
    message
      .replace(/a share between 0 and 1/g, 'a percentage from 0 to 100')
      .replace(/an occupancy between 0 and 1/g, 'a percentage from 0 to 100')
      .replace(/between 0 and 1/g, 'between 0% and 100%'),
  );
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export { STAY_KINDS };

// ---------------------------------------------------------------- where prefilled figures came from

/** The values a source note vouches for: each form field's value, and whole sections as text. */
export function sourceValues(file: ScenarioFileJson): Record<string, string> {
  const { values } = formFromFile(file);
  return {
    ...values,
    las: (file.las ?? []).map((la) => `${la.code}:${la.sharePpm ?? la.share}`).join(','),
    stayLength: JSON.stringify(file.stayLength ?? null),
    needsMix: JSON.stringify(file.needsMix ?? null),
  };
}

/** A prefill's notes with the values they were written for, to store beside the scenario. */
export function sourcesOf(file: ScenarioFileJson, notes: Record<string, string>) {
  const current = sourceValues(file);
  const values: Record<string, string> = {};
  for (const k of Object.keys(notes)) values[k] = current[k] ?? '';
  return { notes, values };
}

/** The notes that still hold: those whose figure has not been changed since it was prefilled. */
export function currentNotes(
  sources: { notes?: Record<string, string>; values?: Record<string, string> } | undefined,
  file: ScenarioFileJson,
): Record<string, string> {
  if (!sources?.notes) return {};
  const now = sourceValues(file);
  const out: Record<string, string> = {};
  for (const [k, note] of Object.entries(sources.notes))
    if (sources.values?.[k] === undefined || sources.values[k] === now[k]) out[k] = note;
  return out;
}
