/**
 * A contract's terms in words, for the contract page and the API: what kind it is, how long it
 * runs and what can change that, the hold and void rules, the uplift, and the price now.
 */
import type { ContractRecord } from '../../db/queries/contracts.ts';
import { AFTER_HOLD_RULES, HOLD_PAYERS } from '../../domain/contracts/contract.ts';
import { formatShare } from '../../domain/contracts/shares.ts';
import {
  anniversaries,
  currentEnd,
  earliestBreak,
  lastNoticeDate,
  latestPossibleEnd,
  upcomingDecisions,
} from '../../domain/contracts/term.ts';
import { baseWeeklyPrice, upliftRate, weeklyPriceOn } from '../../domain/contracts/uplift.ts';
import { CONTRACT_KINDS } from '../../domain/shared/codes.ts';
import { addDays, formatLongDate, type LocalDate } from '../../domain/shared/dates.ts';
import { formatPence } from '../../domain/shared/money.ts';

export interface TermRow {
  key: string;
  value: string;
}

/** A period in words: '1 year', '2 years', '18 months'. */
export const months = (n: number) => (n % 12 === 0 ? `${n / 12} year${n === 12 ? '' : 's'}` : `${n} months`);
const pct = (ppm: number) => formatShare(ppm);
const lastDay = (exclusive: LocalDate) => formatLongDate(addDays(exclusive, -1));

export function describeTerms(r: ContractRecord, today: LocalDate): TermRow[] {
  const c = r.contract;
  const t = c.term;
  const end = currentEnd(t);
  const rows: TermRow[] = [{ key: 'Kind', value: CONTRACT_KINDS[c.kind] }];
  rows.push({
    key: 'Term',
    value: `From ${formatLongDate(t.start)}, an initial period of ${months(t.initialMonths)}. In force to ${lastDay(end)}${
      latestPossibleEnd(t) > end
        ? `; at most to ${lastDay(latestPossibleEnd(t))} if every open option is taken`
        : ''
    }.`,
  });
  rows.push({
    key: 'Extension options',
    value:
      t.extensions.length === 0
        ? 'None.'
        : `${t.extensions
            .map(
              (e, i) =>
                `${i + 1}: ${months(e.months)} (${e.exercised === true ? 'exercised' : e.exercised === false ? 'not taken' : 'not yet decided'})`,
            )
            .join('; ')}. Each is decided ${t.extensionNoticeMonths} months before the term would end.`,
  });
  const b = c.breakClause;
  rows.push({
    key: 'Break clause',
    value: !b
      ? 'None.'
      : b.dates?.length
        ? `${b.noticeMonths} months’ notice, to break on ${b.dates
            .map((d) => `${formatLongDate(d)} (notice by ${formatLongDate(lastNoticeDate(b, d))})`)
            .join(', ')}.`
        : `${b.noticeMonths} months’ notice, on any date. Notice served today would end the contract on ${formatLongDate(
            earliestBreak(b, today < t.start ? t.start : today),
          )}.`,
  });
  const v = c.vacancy;
  rows.push({
    key: 'Hold rule',
    value:
      v.holdDays > 0
        ? `When a child leaves, the bed is held and paid for ${v.holdDays} days. ${HOLD_PAYERS[v.holdPayer]} pays.`
        : 'No hold: a bed is not paid once the child leaves, unless the void rule pays it.',
  });
  rows.push({
    key: 'Void rule',
    value:
      v.afterHold === 'void-shared'
        ? `${AFTER_HOLD_RULES['void-shared']}, and so are beds unavailable by agreement with the LAs.`
        : v.retainerPpm > 0
          ? `Released after the hold; a retainer of ${pct(v.retainerPpm)} of the price is paid, shared by the shares.`
          : 'Released unpaid after the hold.',
  });
  const u = c.uplift;
  const next = anniversaries(t.start, end).find((a) => a > today);
  rows.push({
    key: 'Uplift',
    value:
      u.kind === 'none'
        ? 'None: the price is fixed for the term.'
        : u.kind === 'fixed'
          ? `${pct(u.ratePpm)} on each anniversary of the start.`
          : `${u.index} on each anniversary of the start${u.floorPpm !== undefined ? `, at least ${pct(u.floorPpm)}` : ''}${
              u.capPpm !== undefined ? `, at most ${pct(u.capPpm)}` : ''
            }. Figures: ${u.series.map((p) => `${pct(p.ratePpm)} from ${formatLongDate(p.from)}`).join('; ') || 'none yet'}.${
              next
                ? ` The next uplift, on ${formatLongDate(next)}, would be ${pct(upliftRate(u, next))}.`
                : ''
            }`,
  });
  const on = today < t.start ? t.start : today >= end ? addDays(end, -1) : today;
  const prices = [...new Set(c.homes.map((h) => weeklyPriceOn(c, h.id, on)))];
  rows.push({
    key: today < t.start ? 'Price at the start' : 'Price now',
    value: `${prices.map((p) => formatPence(p)).join(' or ')} a week per bed${
      prices.length > 1 ? ', by home' : ''
    } (${formatPence(baseWeeklyPrice(c, c.homes[0]!.id))} at the start).`,
  });
  rows.push({ key: 'Cap per setting', value: `${c.maxBedsPerSetting} blocked beds in any one home.` });
  return rows;
}

export function decisionsOf(r: ContractRecord, today: LocalDate) {
  const labels = {
    'extension-decision': 'Decide the next extension',
    'break-notice': 'Last day to serve break notice',
    'term-end': 'The term ends',
  } as const;
  return upcomingDecisions(r.contract, today).map((d) => ({ ...d, label: labels[d.kind] }));
}

/** Each home's weekly price now (or at the start, before it). */
export function homePrices(r: ContractRecord, today: LocalDate): Map<string, number> {
  const c = r.contract;
  const end = currentEnd(c.term);
  const on = today < c.term.start ? c.term.start : today >= end ? addDays(end, -1) : today;
  return new Map(c.homes.map((h) => [h.id, weeklyPriceOn(c, h.id, on)]));
}
