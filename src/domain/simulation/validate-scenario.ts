/**
 * The business rules a scenario must meet before it is worth simulating. Every problem is reported
 * at once, each against the dotted path of the field to fix (`las[2].sharePpm`,
 * `breakClause.earliestNoticeMonth`), so a form or a scenario file can point at it.
 */
import { isCode, NEED_SEGMENTS } from '../shared/codes.ts';
import { addMonths, daysBetween, isLocalDate } from '../shared/dates.ts';
import { type FieldError, throwIfInvalid } from '../shared/errors.ts';
import { PPM } from '../shared/money.ts';
import type { Scenario, StayLength } from './scenario.ts';

const MAX_TERM_MONTHS = 240;
const MAX_BEDS = 500;
const MAX_REFERRALS_PER_YEAR = 10_000;

type Check = (ok: boolean, field: string, message: string) => void;

function isProbability(x: number): boolean {
  return Number.isFinite(x) && x >= 0 && x <= 1;
}

export function validateScenario(s: Scenario): FieldError[] {
  const errors: FieldError[] = [];
  const check: Check = (ok, field, message) => {
    if (!ok) errors.push({ field, message });
  };
  check(s.name.trim().length > 0, 'name', 'give the scenario a name');
  check(isLocalDate(s.startDate), 'startDate', 'must be a real date as YYYY-MM-DD');
  const termOk = Number.isInteger(s.termMonths) && s.termMonths >= 1 && s.termMonths <= MAX_TERM_MONTHS;
  check(termOk, 'termMonths', `must be a whole number of months from 1 to ${MAX_TERM_MONTHS}`);
  validateLas(s, check);
  validateStay(s.stayLength, check);
  check(isProbability(s.matching.probability), 'matching.probability', 'must be between 0 and 1');
  check(
    Number.isFinite(s.matching.days) && s.matching.days >= 0 && s.matching.days <= 365,
    'matching.days',
    'must be between 0 and 365 days',
  );
  const b = s.block;
  check(
    Number.isInteger(b.beds) && b.beds >= 0 && b.beds <= MAX_BEDS,
    'block.beds',
    `must be a whole number from 0 to ${MAX_BEDS}`,
  );
  check(
    Number.isSafeInteger(b.weeklyPence) && b.weeklyPence >= 0,
    'block.weeklyPence',
    'must be whole pence, not negative',
  );
  check(
    Number.isFinite(b.annualUpliftPercent) && b.annualUpliftPercent > -100 && b.annualUpliftPercent <= 100,
    'block.annualUpliftPercent',
    'must be a percentage above −100 and at most 100',
  );
  const termDays =
    termOk && isLocalDate(s.startDate)
      ? daysBetween(s.startDate, addMonths(s.startDate, s.termMonths))
      : Infinity;
  check(Number.isFinite(b.holdDays) && b.holdDays >= 0, 'block.holdDays', 'must be 0 or more days');
  check(!(b.holdDays > termDays), 'block.holdDays', `cannot be longer than the contract (${termDays} days)`);
  if (b.voidRule.kind === 'retainer') {
    const p = b.voidRule.percent;
    check(Number.isFinite(p) && p >= 0 && p <= 100, 'block.voidRule.percent', 'must be between 0 and 100');
  }
  if (b.voidRule.kind === 'release' && b.voidRule.outsideFillMeanDays !== undefined) {
    const m = b.voidRule.outsideFillMeanDays;
    check(Number.isFinite(m) && m > 0, 'block.voidRule.outsideFillMeanDays', 'must be more than 0 days');
  }
  check(
    Number.isSafeInteger(s.spot.weeklyPence) && s.spot.weeklyPence > 0,
    'spot.weeklyPence',
    'must be whole pence above zero (the block is judged against it)',
  );
  check(
    Number.isFinite(s.spot.annualInflationPercent) &&
      s.spot.annualInflationPercent > -100 &&
      s.spot.annualInflationPercent <= 100,
    'spot.annualInflationPercent',
    'must be a percentage above −100 and at most 100',
  );
  check(isProbability(s.spot.outOfAreaProbability), 'spot.outOfAreaProbability', 'must be between 0 and 1');
  if (s.breakClause) validateBreak(s, check);
  if (s.needsMix) {
    let sum = 0;
    for (const [k, v] of Object.entries(s.needsMix)) {
      check(
        isCode(NEED_SEGMENTS, k),
        `needsMix.${k}`,
        `is not a need segment (${Object.keys(NEED_SEGMENTS).join(', ')})`,
      );
      check(isProbability(v ?? Number.NaN), `needsMix.${k}`, 'must be a share between 0 and 1');
      sum += v ?? 0;
    }
    check(Math.abs(sum - 1) < 1e-6, 'needsMix', `the shares add up to ${round(sum)}; they must add up to 1`);
  }
  return errors;
}

function validateLas(s: Scenario, check: Check): void {
  check(s.las.length > 0, 'las', 'list at least one local authority');
  const seen = new Set<string>();
  let shares = 0;
  let rate = 0;
  s.las.forEach((la, i) => {
    const at = `las[${i}]`;
    check(la.code.trim().length > 0, `${at}.code`, 'give the LA a short code');
    check(!seen.has(la.code), `${at}.code`, `"${la.code}" is used twice`);
    seen.add(la.code);
    check(la.name.trim().length > 0, `${at}.name`, 'give the LA a name');
    const r = la.referralsPerYear;
    check(Number.isFinite(r) && r >= 0, `${at}.referralsPerYear`, 'cannot be negative');
    check(
      !(r > MAX_REFERRALS_PER_YEAR),
      `${at}.referralsPerYear`,
      `must be at most ${MAX_REFERRALS_PER_YEAR} a year`,
    );
    check(
      Number.isInteger(la.sharePpm) && la.sharePpm >= 0 && la.sharePpm <= PPM,
      `${at}.sharePpm`,
      'must be a share between 0 and 1',
    );
    if (la.outOfAreaProbability !== undefined) {
      check(isProbability(la.outOfAreaProbability), `${at}.outOfAreaProbability`, 'must be between 0 and 1');
    }
    shares += la.sharePpm;
    if (Number.isFinite(r) && r > 0) rate += r;
  });
  const last = s.las.length - 1;
  if (last >= 0 && shares !== PPM && Number.isFinite(shares)) {
    const needed = (PPM - (shares - s.las[last]!.sharePpm)) / PPM;
    check(
      false,
      `las[${last}].sharePpm`,
      `the liability shares add up to ${round(shares / PPM)}, not 1` +
        (needed >= 0 ? ` (with the others as they are, this one would need to be ${round(needed)})` : ''),
    );
  }
  check(s.las.length === 0 || rate > 0, 'las', 'no LA refers any children, so the block could never be used');
}

function validateStay(st: StayLength, check: Check): void {
  if (st.kind === 'empirical') {
    check(st.days.length > 0, 'stayLength.days', 'list at least one stay length');
    const bad = st.days.findIndex((d) => !(Number.isFinite(d) && d > 0));
    check(bad < 0, `stayLength.days[${bad}]`, 'every stay must be more than 0 days');
    return;
  }
  check(
    Number.isFinite(st.meanDays) && st.meanDays > 0 && st.meanDays <= 36_500,
    'stayLength.meanDays',
    'must be more than 0 days (and under a hundred years)',
  );
  if (st.kind === 'lognormal') {
    check(Number.isFinite(st.sdDays) && st.sdDays > 0, 'stayLength.sdDays', 'must be more than 0 days');
  }
  if (st.kind === 'gamma')
    check(Number.isFinite(st.shape) && st.shape > 0, 'stayLength.shape', 'must be more than 0');
}

function validateBreak(s: Scenario, check: Check): void {
  const c = s.breakClause!;
  const whole = (x: number, min: number) => Number.isInteger(x) && x >= min;
  check(
    whole(c.earliestNoticeMonth, 1),
    'breakClause.earliestNoticeMonth',
    'must be a whole number of months, 1 or more',
  );
  check(whole(c.noticeMonths, 0), 'breakClause.noticeMonths', 'must be a whole number of months, 0 or more');
  check(whole(c.reviewMonths, 1), 'breakClause.reviewMonths', 'must be a whole number of months, 1 or more');
  check(
    isProbability(c.occupancyBelow),
    'breakClause.occupancyBelow',
    'must be an occupancy between 0 and 1',
  );
  check(
    !(c.earliestNoticeMonth + c.noticeMonths >= s.termMonths),
    'breakClause.earliestNoticeMonth',
    `notice served in month ${c.earliestNoticeMonth} with ${c.noticeMonths} months' notice ends the block ` +
      `at or after the end of the ${s.termMonths}-month term, so the break could never be used`,
  );
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Throws a `validation` DomainError naming every field that breaks a rule. */
export function assertValidScenario(s: Scenario): void {
  throwIfInvalid(validateScenario(s), 'The scenario cannot be simulated');
}
