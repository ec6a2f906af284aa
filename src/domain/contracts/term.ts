/**
 * Contract terms: the current end date after the extensions exercised so far, the anniversaries on
 * which prices rise, and the dates by which someone must decide something (the next extension, or
 * notice for a break). All end dates are exclusive: a three-year term from 1 April 2025 ends on
 * 1 April 2028, i.e. its last day is 31 March 2028.
 */
import { addDays, addMonths, addYears, type DayRange, daysBetween, type LocalDate } from '../shared/dates.ts';
import { DomainError } from '../shared/errors.ts';
import type { BreakClause, Contract, ExtensionOption, Term } from './contract.ts';

/** Months in force now: the initial period plus the unbroken run of exercised extensions. */
export function monthsInForce(term: Term): number {
  let months = term.initialMonths;
  for (const ext of term.extensions) {
    if (ext.exercised !== true) break;
    months += ext.months;
  }
  return months;
}

/** The current end of the term (exclusive), after the extensions exercised so far. */
export function currentEnd(term: Term): LocalDate {
  return addMonths(term.start, monthsInForce(term));
}

/** The latest the term could end (exclusive) if every option still open were exercised. */
export function latestPossibleEnd(term: Term): LocalDate {
  let months = monthsInForce(term);
  let i = term.extensions.findIndex((e) => e.exercised !== true);
  while (i >= 0 && i < term.extensions.length && term.extensions[i]!.exercised !== false) {
    months += term.extensions[i]!.months;
    i++;
  }
  return addMonths(term.start, months);
}

/**
 * The extension option open for a decision: the first one not exercised, if nobody has decided it
 * yet (an option not taken ends the run: the ones after it can no longer follow). Numbered from 1.
 */
export function openExtension(term: Term): { number: number; option: ExtensionOption } | undefined {
  const i = term.extensions.findIndex((e) => e.exercised !== true);
  const option = term.extensions[i];
  return option && option.exercised === undefined ? { number: i + 1, option } : undefined;
}

/**
 * Records the decision on extension `number` (from 1) as of `asOf`: exercised, the term runs that
 * many months longer; not taken, it ends as it stands and later options lapse. Options are decided
 * in order, once, and only while the term has not ended (the notice deadline is the parties' to
 * enforce: a late decision is recorded, since both sides may still agree it).
 */
export function decideExtension(term: Term, number: number, exercise: boolean, asOf: LocalDate): Term {
  const refuse = (message: string): never => {
    throw new DomainError('conflict', message, [{ field: 'extension', message }]);
  };
  const end = currentEnd(term);
  if (asOf >= end) refuse(`The term ended on ${addDays(end, -1)}: an ended contract cannot be extended`);
  const chosen = term.extensions[number - 1];
  if (!chosen) {
    return refuse(
      term.extensions.length === 0
        ? 'This contract has no extension options'
        : `This contract has ${term.extensions.length} extension option${term.extensions.length === 1 ? '' : 's'}, not ${number}`,
    );
  }
  if (chosen.exercised !== undefined) refuse(`Extension ${number} has already been decided`);
  const open = openExtension(term);
  if (!open) {
    const declined = term.extensions.findIndex((e) => e.exercised === false);
    return refuse(`Extension ${declined + 1} was not taken, so no later extension can follow`);
  }
  if (open.number !== number)
    refuse(`Extensions are decided in order: decide extension ${open.number} first`);
  return {
    ...term,
    extensions: term.extensions.map((e, i) =>
      i === number - 1 ? { months: e.months, exercised: exercise } : e,
    ),
  };
}

/** The contract's period as a half-open range [start, current end). */
export function contractPeriod(contract: Contract): DayRange {
  return { from: contract.term.start, to: currentEnd(contract.term) };
}

/** Anniversaries of the start date strictly inside [start, end): the days prices may rise. */
export function anniversaries(start: LocalDate, end: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let n = 1; ; n++) {
    const d = addYears(start, n);
    if (d >= end) return out;
    out.push(d);
  }
}

/** The last day on which notice can be served for the contract to break on `breakDate`. */
export function lastNoticeDate(clause: BreakClause, breakDate: LocalDate): LocalDate {
  return addMonths(breakDate, -clause.noticeMonths);
}

/** The earliest break date if notice were served on `servedOn` (rolling break clauses). */
export function earliestBreak(clause: BreakClause, servedOn: LocalDate): LocalDate {
  return addMonths(servedOn, clause.noticeMonths);
}

export type DecisionKind = 'extension-decision' | 'break-notice' | 'term-end';

export interface DecisionDate {
  kind: DecisionKind;
  /** The last day to act (or, for term-end, the first day after the contract). */
  date: LocalDate;
  /** What the decision is about (the break date, or the extension's months). */
  about: string;
  daysAway: number;
}

/**
 * Decisions still to make as of `asOf`, soonest first: the deadline for the next undecided
 * extension, each scheduled break's notice deadline (or, for a rolling break, the break date that
 * notice served today would give), and the current end of the term.
 */
export function upcomingDecisions(contract: Contract, asOf: LocalDate): DecisionDate[] {
  const { term, breakClause } = contract;
  const end = currentEnd(term);
  const out: Array<Omit<DecisionDate, 'daysAway'>> = [];
  const next = term.extensions.findIndex((e) => e.exercised !== true);
  const option = term.extensions[next];
  if (option && option.exercised === undefined) {
    out.push({
      kind: 'extension-decision',
      date: addMonths(end, -term.extensionNoticeMonths),
      about: `extension ${next + 1} of ${option.months} months (from ${end})`,
    });
  }
  if (breakClause?.dates) {
    for (const d of breakClause.dates) {
      if (d < end)
        out.push({ kind: 'break-notice', date: lastNoticeDate(breakClause, d), about: `break on ${d}` });
    }
  } else if (breakClause) {
    const at = earliestBreak(breakClause, asOf);
    if (at < end)
      out.push({ kind: 'break-notice', date: asOf, about: `notice served today breaks on ${at}` });
  }
  out.push({ kind: 'term-end', date: end, about: 'the current term ends' });
  return out
    .filter((d) => d.date >= asOf)
    .map((d) => ({ ...d, daysAway: daysBetween(asOf, d.date) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
