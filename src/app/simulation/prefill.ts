/**
 * A new business case starts from the platform's own figures where they exist, and says where each
 * came from (`sources`, by form field):
 *
 * - each LA's referrals a year: referrals for the block's needs recorded in the last 12 months, or
 *   the placements for those needs it started in that time where there were more (the platform
 *   may hold less than a year of an LA's referrals): both count children who needed such a
 *   placement, so the larger is the better estimate;
 * - stay lengths: how long ended placements for those needs lasted (the caller's own for an LA, its
 *   region's for the hub), resampled as an empirical distribution; a lognormal fitted to them when
 *   there are few; placements still running are left out, so long stays are under-represented;
 * - block terms (beds, price, uplift, hold, void rule, term, break notice, parties and shares) from
 *   the chosen contract's stored terms;
 * - the spot price and its inflation from the region's spot-rate table, weighted by the demand mix;
 * - the share of spot placements out of area from spot and framework placements' distances;
 * - the needs mix from the referral demand.
 *
 * Everything else is an assumption the page labels as one.
 */
import { appendAudit } from '../../db/queries/audit.ts';
import { parseTerms } from '../../db/queries/contracts-terms.ts';
import { regionLas } from '../../db/queries/simulation.ts';
import {
  contractFacts,
  endedStays,
  referralDemand,
  regionSpotRates,
  type SpotRateRow,
  spotDistances,
} from '../../db/queries/simulation-prefill.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { LOCAL_MILES } from '../../domain/directory/geo.ts';
import { NEED_SEGMENTS, type NeedSegment } from '../../domain/shared/codes.ts';
import {
  addDays,
  addMonths,
  daysBetween,
  formatLongDate,
  type LocalDate,
  startOfMonth,
} from '../../domain/shared/dates.ts';
import { apportion, formatPence, PPM } from '../../domain/shared/money.ts';
import { erlangOccupancy } from '../../domain/simulation/erlang.ts';
import { DAYS_PER_YEAR } from '../../domain/simulation/scenario.ts';
import type { ScenarioFileJson } from '../../importers/scenario/scenario-schema.ts';
import { defaultCriteria } from './scenario-form.ts';

export interface PrefillChoices {
  name: string;
  segments: NeedSegment[];
  /** LA organisations taking part (ignored when a contract is chosen: its parties take part). */
  laOrgIds: string[];
  contractId?: string;
}

export interface Prefill {
  file: ScenarioFileJson;
  /** Where each figure came from, by form field (or section: "las", "stayLength", "spot"). */
  sources: Record<string, string>;
}

/** The fewest ended stays to resample as they are; fewer, and a lognormal is fitted. */
const MIN_EMPIRICAL = 30;
const MIN_FITTED = 5;
const DEFAULT_MATCH = 0.6;
const DEFAULT_MATCH_DAYS = 21;

const round = (x: number, dp: number) => Math.round(x * 10 ** dp) / 10 ** dp;
const pounds = (p: number) => round(p / 100, 2);

export async function prefillScenario(
  trx: Tx,
  tenant: Tenant,
  choices: PrefillChoices,
  today: LocalDate,
): Promise<Prefill> {
  const sources: Record<string, string> = {};
  const segments = choices.segments.length > 0 ? choices.segments : (['ebd-standard'] as NeedSegment[]);
  const segmentNames = segments.map((s) => NEED_SEGMENTS[s].toLowerCase()).join('; ');
  const tomorrow = addDays(today, 1);
  const yearAgo = addMonths(tomorrow, -12);
  const scope = tenant.orgKind === 'hub' ? 'your region’s' : 'your own';

  // Who takes part: the contract's parties, or the LAs chosen.
  const las = await regionLas(trx, tenant.regionCode);
  const contract = choices.contractId ? await contractFacts(trx, choices.contractId) : undefined;
  const terms = contract ? parseTerms(contract.terms, contract.reference) : undefined;
  let parties: Array<{ orgId: string; code: string; name: string; sharePpm: number }>;
  if (contract && contract.parties.length > 0) {
    parties = contract.parties.map((p) => ({
      orgId: p.orgId,
      code: p.laCode ?? p.orgId.slice(0, 8),
      name: p.name,
      sharePpm: p.sharePpm,
    }));
    sources.las = `The authorities taking part in ${contract.reference}, with their liability shares from the contract.`;
  } else {
    const chosen = las.filter((la) => choices.laOrgIds.includes(la.id));
    const ppm =
      chosen.length > 0
        ? apportion(
            PPM,
            chosen.map(() => 1),
          )
        : [];
    parties = chosen.map((la, i) => ({ orgId: la.id, code: la.laCode, name: la.name, sharePpm: ppm[i]! }));
    if (chosen.length > 1) sources.las = 'Equal liability shares: an assumption to change.';
  }

  // Demand for the chosen needs over the last 12 months: referrals recorded, or placements started
  // where there were more of those (the platform may hold less than a year of an LA's referrals).
  // Both are counts of children who needed such a placement, so the larger is the better estimate.
  // The database fixes the window (the four complete quarters before this one) so that answers can
  // never be differenced to single out another authority's child.
  const { window, rows: demand } = await referralDemand(trx, today);
  const windowFrom = window?.from ?? yearAgo;
  const windowEnd = formatLongDate(window ? addDays(window.to, -1) : today);
  const bySegment = new Map<string, number>();
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lasJson = parties.map((p, i) => {
    const mine = demand.filter((d) => d.orgId === p.orgId);
    const rows = mine.filter((d) => segments.includes(d.segment as NeedSegment));
    const first = mine.find((d) => d.firstRecorded)?.firstRecorded ?? null;
    const referred = rows.reduce((a, r) => a + (r.referrals ?? 0), 0);
    const placed = rows.reduce((a, r) => a + (r.placements ?? 0), 0);
    const withheld = rows.some((r) => r.referrals === null || r.placements === null);
    const field = `las[${i}].referralsPerYear`;
    const month = first ? formatLongDate(first).replace(/^1 /, '') : '';
    const since =
      first && first > windowFrom ? ` (the platform has ${p.name}’s referrals only since ${month})` : '';
    const hidden = withheld ? ' Counts of one to four of another authority’s children are not shown.' : '';
    if (mine.length === 0 || (withheld && referred === 0 && placed === 0)) {
      sources[field] =
        mine.length === 0
          ? `No referrals or placements of ${p.name} are recorded on the platform: enter an estimate.`
          : `${p.name} recorded fewer than five children with these needs in the last 12 months (not shown to other authorities): enter an estimate.`;
      return { code: p.code, name: p.name, referralsPerYear: Number.NaN, sharePpm: p.sharePpm };
    }
    const useReferrals = referred >= placed;
    for (const r of rows)
      bySegment.set(
        r.segment,
        (bySegment.get(r.segment) ?? 0) + ((useReferrals ? r.referrals : r.placements) ?? 0),
      );
    sources[field] =
      (useReferrals
        ? `${plural(referred, 'referral')} for these needs recorded in the 12 months to ${windowEnd}${since}.`
        : `${plural(placed, 'placement')} for these needs started in the 12 months to ${windowEnd}, more than the ${plural(referred, 'referral')} recorded${since}.`) +
      hidden;
    return { code: p.code, name: p.name, referralsPerYear: Math.max(referred, placed), sharePpm: p.sharePpm };
  });

  // The needs mix from that demand.
  const mixTotal = segments.reduce((a, s) => a + (bySegment.get(s) ?? 0), 0);
  const mixParts = apportion(
    10_000,
    segments.map((s) => (mixTotal > 0 ? (bySegment.get(s) ?? 0) : 1)),
  );
  const needsMix = Object.fromEntries(segments.map((s, i) => [s, mixParts[i]! / 10_000]));
  sources.needsMix =
    mixTotal > 0
      ? `The mix of the ${mixTotal} children above by need segment.`
      : 'No referrals for these needs are recorded: equal shares, an assumption.';

  // Stay lengths: ended placements for these needs in the last three years.
  const stays = await endedStays(trx, segments, addMonths(tomorrow, -36), tomorrow);
  await appendAudit(trx, tenant, [
    {
      action: 'read',
      entityType: 'placement-durations',
      detail: { purpose: 'business case', segments, count: stays.length },
    },
  ]);
  let stayLength: ScenarioFileJson['stayLength'];
  const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  if (stays.length >= MIN_EMPIRICAL) {
    stayLength = { kind: 'empirical', days: stays };
    sources.stayLength = `How long ${stays.length} of ${scope} placements for these needs lasted (those that ended in the last three years; mean ${Math.round(meanOf(stays))} days), resampled. Placements still running are left out, so long stays are under-represented.`;
  } else if (stays.length >= MIN_FITTED) {
    const mean = meanOf(stays);
    const sd = Math.sqrt(stays.reduce((a, d) => a + (d - mean) ** 2, 0) / (stays.length - 1));
    stayLength = { kind: 'lognormal', meanDays: Math.round(mean), sdDays: Math.max(1, Math.round(sd)) };
    sources.stayLength = `A lognormal with the mean and spread of ${stays.length} of ${scope} placements for these needs that ended in the last three years (too few to resample). Placements still running are left out.`;
  } else {
    stayLength = { kind: 'lognormal', meanDays: 300, sdDays: 250 };
    sources.stayLength = `Only ${stays.length} of ${scope} placements for these needs have ended: a mean stay of 300 days is an assumption to check.`;
  }
  const meanStay = stayLength.kind === 'empirical' ? meanOf(stays) : stayLength.meanDays;

  // Spot prices: the rate in force today for each need, weighted by the needs mix.
  const rates = await regionSpotRates(trx, tenant.regionCode);
  const spot = spotFrom(rates, segments, needsMix, tenant.orgId, today);
  if (spot) {
    sources['spot.weeklyPounds'] = spot.note;
    sources['spot.annualInflationPercent'] = spot.inflationNote;
  } else {
    sources['spot.weeklyPounds'] = 'No spot rates for these needs are recorded for your region: enter one.';
    sources['spot.annualInflationPercent'] = 'An assumption.';
  }
  const distances = await spotDistances(trx, segments, addMonths(tomorrow, -36), tomorrow, LOCAL_MILES);
  let outOfArea = 0.7;
  if (distances.known >= MIN_FITTED) {
    outOfArea = round(distances.outOfArea / distances.known, 3);
    sources['spot.outOfAreaProbability'] =
      `${distances.outOfArea} of ${distances.known} of ${scope} spot and framework placements for these needs in the last three years were more than ${LOCAL_MILES} miles from home.`;
  } else {
    sources['spot.outOfAreaProbability'] =
      'Too few spot placements with a known distance: 70% is an assumption.';
  }

  // Block terms: from the contract, or assumptions.
  const start = contract ? contract.startDate : startOfMonth(addMonths(today, 1));
  const load = lasJson.reduce(
    (a, la) => a + (Number.isFinite(la.referralsPerYear) ? la.referralsPerYear : 0),
    0,
  );
  const offered = (load * DEFAULT_MATCH * meanStay) / DAYS_PER_YEAR;
  let block: NonNullable<ScenarioFileJson['block']>;
  let termMonths = 36;
  let breakNotice: number | undefined;
  if (contract && terms) {
    const lot = new Map(terms.lots.map((l) => [l.id, l.weeklyPrice]));
    const prices = terms.homes.map((h) => h.weeklyPrice ?? lot.get(h.lot) ?? terms.lots[0]!.weeklyPrice);
    const weekly = prices.length > 0 ? Math.round(meanOf(prices)) : terms.lots[0]!.weeklyPrice;
    const v = terms.vacancy;
    const voidRule: NonNullable<(typeof block)['voidRule']> =
      v.afterHold === 'void-shared'
        ? { kind: 'pay-in-full' }
        : v.retainerPpm > 0
          ? { kind: 'retainer', percent: round(v.retainerPpm / 10_000, 4) }
          : { kind: 'release' };
    const u = terms.uplift;
    let uplift = 0;
    if (u.kind === 'fixed') {
      uplift = round(u.ratePpm / 10_000, 2);
      sources['block.annualUpliftPercent'] = `${contract.reference}’s fixed uplift.`;
    } else if (u.kind === 'index') {
      const latest = [...u.series]
        .filter((p) => p.from <= today)
        .sort((a, b) => (a.from < b.from ? -1 : 1))
        .at(-1);
      let rate = latest?.ratePpm ?? 0;
      if (u.floorPpm !== undefined) rate = Math.max(rate, u.floorPpm);
      if (u.capPpm !== undefined) rate = Math.min(rate, u.capPpm);
      uplift = round(rate / 10_000, 2);
      sources['block.annualUpliftPercent'] =
        `${contract.reference} rises with ${u.index}; its latest figure${latest ? ` (from ${formatLongDate(latest.from)})` : ''}, within the contract’s floor and cap, is taken for every year.`;
    } else sources['block.annualUpliftPercent'] = `${contract.reference} has no uplift.`;
    block = {
      beds: contract.beds,
      weeklyPounds: pounds(weekly),
      annualUpliftPercent: uplift,
      holdDays: v.holdDays,
      voidRule,
      startsAs: 'empty',
    };
    termMonths = terms.term.initialMonths;
    breakNotice = terms.breakClause?.noticeMonths;
    sources['block.beds'] = `The beds blocked under ${contract.reference}.`;
    sources['block.weeklyPounds'] =
      prices.length > 1 && new Set(prices).size > 1
        ? `${contract.reference}’s starting prices, averaged over its homes.`
        : `${contract.reference}’s starting weekly price.`;
    sources['block.holdDays'] = `${contract.reference}’s hold period.`;
    sources['block.voidRule.kind'] = `${contract.reference}’s rule for empty beds after the hold.`;
    sources.startDate = `${contract.reference}’s start date.`;
    sources.termMonths = `${contract.reference}’s initial period (extension options are not simulated).`;
    if (breakNotice !== undefined)
      sources['breakClause.use'] =
        `${contract.reference} can be broken with ${breakNotice} months’ notice. To simulate that, choose a break clause and say the occupancy that would make the authorities use it.`;
  } else {
    const suggested = Math.max(1, Math.round(offered));
    block = {
      beds: suggested,
      weeklyPounds: Number.NaN,
      annualUpliftPercent: 0,
      holdDays: 28,
      voidRule: { kind: 'pay-in-full' },
      startsAs: 'empty',
    };
    sources['block.beds'] =
      `About the suitable demand: ${round(offered, 1)} beds’ worth of children at a time (referrals × match chance × mean stay). Erlang’s formula puts ${suggested} beds at ${Math.round((erlangOccupancy(suggested, offered) ?? 0) * 100)}% occupancy.`;
    sources['block.weeklyPounds'] = spot
      ? `Enter the price you expect to pay; spot is ${formatPence(spot.weekly, { wholePounds: true })} a week.`
      : 'Enter the price you expect to pay.';
    sources['block.holdDays'] = 'An assumption.';
    sources.startDate = 'The first of next month: an assumption.';
  }
  sources['matching.probability'] =
    'An assumption: the platform does not yet measure how many referrals a block’s homes could take.';

  const maxBeds = Math.min(40, Math.max(10, 2 * block.beds, Math.ceil(2 * offered)));
  const file: ScenarioFileJson = {
    name: choices.name,
    description: `Prefilled from the platform’s data on ${formatLongDate(today)}${contract ? `, with ${contract.reference}’s terms` : ''}. Needs: ${segmentNames}.`,
    startDate: start,
    termMonths,
    las: lasJson,
    stayLength,
    matching: { probability: DEFAULT_MATCH, days: DEFAULT_MATCH_DAYS },
    block,
    spot: {
      weeklyPounds: spot ? pounds(spot.weekly) : Number.NaN,
      annualInflationPercent: spot ? spot.inflation : 0,
      outOfAreaProbability: outOfArea,
    },
    needsMix,
    simulation: {
      runs: 2000,
      seed: 1,
      pooling: lasJson.length > 1,
      sweep: { minBeds: 0, maxBeds },
    },
    appraisal: { criteria: defaultCriteria() },
  };
  return { file, sources };
}

/**
 * The spot rate in force on `today` for each segment (the caller's own table where it keeps one,
 * else the region's latest entry), weighted by the needs mix; inflation as the yearly rate at which
 * the same table's rates rose from its first entry to the one in force.
 */
function spotFrom(
  rows: readonly SpotRateRow[],
  segments: readonly NeedSegment[],
  mix: Record<string, number>,
  ownOrgId: string,
  today: LocalDate,
) {
  const picked: Array<{
    segment: NeedSegment;
    weekly: number;
    from: LocalDate;
    orgName: string;
    yearly: number | null;
  }> = [];
  for (const s of segments) {
    const mine = rows.filter((r) => r.segment === s && r.from <= today);
    if (mine.length === 0) continue;
    const own = mine.filter((r) => r.orgId === ownOrgId);
    const table = own.length > 0 ? own : mine.filter((r) => r.orgId === mine.at(-1)!.orgId);
    const now = table.at(-1)!;
    const first = table[0]!;
    const days = daysBetween(first.from, now.from);
    const yearly = days >= 300 ? (now.weekly / first.weekly) ** (DAYS_PER_YEAR / days) - 1 : null;
    picked.push({ segment: s, weekly: now.weekly, from: now.from, orgName: now.orgName, yearly });
  }
  if (picked.length === 0) return undefined;
  const raw = picked.map((p) => mix[p.segment] ?? 0);
  const rawSum = raw.reduce((a, b) => a + b, 0);
  const weights = rawSum > 0 ? raw.map((x) => x / rawSum) : picked.map(() => 1 / picked.length);
  const weekly = Math.round(picked.reduce((a, p, i) => a + weights[i]! * p.weekly, 0));
  let yearlySum = 0;
  let yearlyWeight = 0;
  picked.forEach((p, i) => {
    if (p.yearly === null) return;
    yearlySum += weights[i]! * p.yearly;
    yearlyWeight += weights[i]!;
  });
  const withYearly = picked.filter((p) => p.yearly !== null);
  const inflation = yearlyWeight > 0 ? round((100 * yearlySum) / yearlyWeight, 1) : 0;
  const list = picked
    .map(
      (p) =>
        `${NEED_SEGMENTS[p.segment].toLowerCase()} ${formatPence(p.weekly, { wholePounds: true })} from ${formatLongDate(p.from)}`,
    )
    .join('; ');
  return {
    weekly,
    inflation,
    note: `${picked[0]!.orgName}’s spot-rate table: ${list}${picked.length > 1 ? ', weighted by the needs mix' : ''}.`,
    inflationNote:
      withYearly.length > 0
        ? 'How fast the spot-rate table’s rates for these needs have risen each year since its first entry.'
        : 'The spot-rate table has less than a year of rates: 0% is an assumption.',
  };
}
