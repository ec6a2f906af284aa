/**
 * Business rules for a contract, each problem naming its field as a path into the contract
 * (`homes[2].beds`, `vacancy.retainerPpm`) so a form or a file importer can point at it.
 */
import { CONTRACT_KINDS, isCode } from '../shared/codes.ts';
import { isLocalDate } from '../shared/dates.ts';
import { type FieldError, throwIfInvalid } from '../shared/errors.ts';
import { PPM } from '../shared/money.ts';
import { AFTER_HOLD_RULES, type Contract, HOLD_PAYERS, type UpliftRule } from './contract.ts';
import { validateShares } from './shares.ts';
import { anniversaries, currentEnd, latestPossibleEnd } from './term.ts';

type Add = (field: string, message: string) => void;

const isWhole = (n: unknown, min = 0): n is number => Number.isSafeInteger(n) && (n as number) >= min;

function checkTerm(c: Contract, add: Add): boolean {
  const t = c.term;
  if (!isLocalDate(t.start)) {
    add('term.start', `"${t.start}" is not a date (YYYY-MM-DD)`);
    return false;
  }
  if (!isWhole(t.initialMonths, 1))
    add('term.initialMonths', 'the initial period is a whole number of months, at least 1');
  if (!isWhole(t.extensionNoticeMonths))
    add('term.extensionNoticeMonths', 'notice is a whole number of months');
  let declined = false;
  t.extensions.forEach((e, i) => {
    if (!isWhole(e.months, 1))
      add(`term.extensions[${i}].months`, 'an extension is a whole number of months');
    if (e.exercised === true && declined) {
      add(`term.extensions[${i}].exercised`, 'cannot be exercised after an earlier extension was not');
    }
    if (e.exercised !== true) declined = true;
  });
  return isWhole(t.initialMonths, 1);
}

function checkUplift(u: UpliftRule, start: string, end: string, add: Add): void {
  const rate = (n: unknown) => Number.isSafeInteger(n) && (n as number) > -PPM;
  if (u.kind === 'fixed' && !rate(u.ratePpm)) add('uplift.ratePpm', 'the uplift is whole ppm above -100%');
  if (u.kind !== 'index') return;
  if (!u.index?.trim()) add('uplift.index', 'name the index (e.g. CPI)');
  if (u.series.length === 0) add('uplift.series', 'an index uplift needs at least one index figure');
  u.series.forEach((p, i) => {
    if (!isLocalDate(p.from)) add(`uplift.series[${i}].from`, `"${p.from}" is not a date`);
    if (!rate(p.ratePpm)) add(`uplift.series[${i}].ratePpm`, 'a rate is whole ppm above -100%');
    if (i > 0 && p.from <= u.series[i - 1]!.from)
      add(`uplift.series[${i}].from`, 'figures must be in date order');
  });
  if (u.capPpm !== undefined && !rate(u.capPpm)) add('uplift.capPpm', 'the cap is whole ppm above -100%');
  if (u.floorPpm !== undefined && !rate(u.floorPpm))
    add('uplift.floorPpm', 'the floor is whole ppm above -100%');
  if (u.capPpm !== undefined && u.floorPpm !== undefined && u.capPpm < u.floorPpm) {
    add('uplift.capPpm', 'the cap is below the floor');
  }
  const first = anniversaries(start, end)[0];
  if (first && u.series[0] && u.series[0].from > first) {
    add('uplift.series', `the first index figure must apply on or before the first anniversary (${first})`);
  }
}

function checkVacancy(c: Contract, add: Add): void {
  const v = c.vacancy;
  if (!isWhole(v.holdDays)) add('vacancy.holdDays', 'the hold period is a whole number of days');
  if (!isCode(HOLD_PAYERS, v.holdPayer)) add('vacancy.holdPayer', 'choose leaving-la or shared');
  if (!isCode(AFTER_HOLD_RULES, v.afterHold)) add('vacancy.afterHold', 'choose void-shared or released');
  if (!isWhole(v.retainerPpm) || v.retainerPpm > PPM) add('vacancy.retainerPpm', 'a retainer is 0 to 100%');
  if (v.retainerPpm > 0 && v.afterHold !== 'released') {
    add('vacancy.retainerPpm', 'a retainer only applies when beds are released after the hold');
  }
  if (
    (c.kind === 'framework' || c.kind === 'spot') &&
    (v.holdDays > 0 || v.afterHold !== 'released' || v.retainerPpm > 0)
  ) {
    add(
      'vacancy',
      `a ${CONTRACT_KINDS[c.kind].toLowerCase()} pays only for occupied nights: no hold, beds released, no retainer`,
    );
  }
  if (c.kind === 'hard-block' && v.afterHold !== 'void-shared') {
    add('vacancy.afterHold', 'a hard block pays for every bed always: empty beds stay paid (void-shared)');
  }
}

function checkBedsAndPrices(c: Contract, add: Add, start: string, end: string): void {
  if (!isWhole(c.maxBedsPerSetting, 1))
    add('maxBedsPerSetting', 'the cap is a whole number of beds, at least 1');
  if (c.lots.length === 0) add('lots', 'a contract needs at least one lot');
  const lots = new Set<string>();
  c.lots.forEach((l, i) => {
    if (!l.id) add(`lots[${i}].id`, 'every lot needs an id');
    if (lots.has(l.id)) add(`lots[${i}].id`, `lot ${l.id} is listed twice`);
    lots.add(l.id);
    if (!isWhole(l.weeklyPrice, 1))
      add(`lots[${i}].weeklyPrice`, 'the weekly price is whole pence above zero');
  });
  if (c.homes.length === 0) add('homes', 'a contract needs at least one home');
  const homes = new Set<string>();
  const beds = new Set<string>();
  c.homes.forEach((h, i) => {
    const f = `homes[${i}]`;
    if (!h.id) add(`${f}.id`, 'every home needs an id');
    if (homes.has(h.id)) add(`${f}.id`, `home ${h.id} is listed twice`);
    homes.add(h.id);
    if (!lots.has(h.lot)) add(`${f}.lot`, `"${h.lot}" is not a lot of this contract`);
    if (h.weeklyPrice !== undefined && !isWhole(h.weeklyPrice, 1)) {
      add(`${f}.weeklyPrice`, 'the weekly price is whole pence above zero');
    }
    if (h.beds.length === 0) add(`${f}.beds`, 'a home in the contract needs at least one bed');
    if (h.beds.length > c.maxBedsPerSetting) {
      add(
        `${f}.beds`,
        `${h.beds.length} beds in ${h.name || h.id} is more than the cap of ${c.maxBedsPerSetting} per setting`,
      );
    }
    h.beds.forEach((b, j) => {
      if (!b.id) add(`${f}.beds[${j}].id`, 'every bed needs an id');
      if (beds.has(b.id)) add(`${f}.beds[${j}].id`, `bed ${b.id} is listed twice`);
      beds.add(b.id);
      if (b.from !== undefined && (!isLocalDate(b.from) || b.from < start || b.from >= end)) {
        add(`${f}.beds[${j}].from`, `a bed joins within the term (${start} to ${end})`);
      }
    });
  });
}

/** Every problem with the contract; empty when it is sound. */
export function validateContract(c: Contract): FieldError[] {
  const errors: FieldError[] = [];
  const add: Add = (field, message) => errors.push({ record: `contract ${c.id}`, field, message });
  if (!c.id) add('id', 'the contract needs an id');
  if (!c.name?.trim()) add('name', 'the contract needs a name');
  if (!isCode(CONTRACT_KINDS, c.kind)) add('kind', `"${c.kind}" is not a contract kind`);
  if (!c.provider?.id) add('provider.id', 'name the provider');
  for (const e of validateShares(c.shares)) add(e.field, e.message);
  if (c.kind === 'spot' && c.shares.length !== 1) add('shares', 'a spot purchase has exactly one LA');
  const termOk = checkTerm(c, add);
  if (!termOk) return errors;
  const end = currentEnd(c.term);
  if (c.breakClause) {
    if (!isWhole(c.breakClause.noticeMonths))
      add('breakClause.noticeMonths', 'notice is a whole number of months');
    c.breakClause.dates?.forEach((d, i) => {
      if (!isLocalDate(d) || d <= c.term.start)
        add(`breakClause.dates[${i}]`, 'a break date falls after the start');
    });
  }
  checkUplift(c.uplift, c.term.start, latestPossibleEnd(c.term), add);
  checkVacancy(c, add);
  checkBedsAndPrices(c, add, c.term.start, end);
  return errors;
}

/** Throws a `validation` DomainError listing every problem with the contract. */
export function assertValidContract(c: Contract): void {
  throwIfInvalid(validateContract(c), `Contract ${c.id} has errors`);
}
