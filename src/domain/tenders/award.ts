/**
 * The award: which homes get how many beds, under the tender's constraints (a total within
 * [minBeds, maxBeds], at most maxProviders providers, at most maxBedsPerSetting beds in a home,
 * optionally whole homes only).
 *
 * What "best" means: rank order. The best-ranked bid gets as many beds as it offered and the rules
 * allow, then the next, and so on, a bid's homes in the bidder's order. Formally, the award is the
 * lexicographically greatest vector of beds per home, homes listed in rank order, among all awards
 * that keep every rule. That is what "bids will be ranked" promises bidders, and it is exact, not
 * greedy: each home takes the most beds for which the rest of the homes can still complete a valid
 * award, checked by an exact feasibility test (a small dynamic programme over providers). So a
 * lower-ranked bid is passed over only when the rules force it, and a feasible tender never looks
 * infeasible because the first-ranked bids used up the provider limit.
 */
import type { Pence } from '../shared/money.ts';
import type { AuditLog } from './audit.ts';
import type { BidScore } from './score.ts';
import { type AwardRules, type Bid, settingKey } from './tender.ts';

export interface AwardLine {
  rank: number;
  bid: string;
  provider: string;
  home: string;
  setting: string;
  bedsOffered: number;
  bedsAwarded: number;
  weeklyPrice: Pence;
  /** bedsAwarded × weeklyPrice. */
  weeklyCost: Pence;
  /** Why fewer beds than offered, when so. */
  note: string | null;
}

export interface Award {
  feasible: boolean;
  /** Why no award is possible, when so. */
  reason: string | null;
  /** Every home of every ranked bid, in rank order, with the beds it gets (0 included). */
  lines: AwardLine[];
  totalBeds: number;
  providers: string[];
  weeklyCost: Pence;
  /** 52 weeks of the weekly cost, for budgets. */
  annualCost: Pence;
}

interface Unit {
  rank: number;
  bid: Bid;
  home: Bid['homes'][number];
  cap: number;
  /** Beds this home may take, largest first, 0 last. */
  options: number[];
}

/** Awards beds to the ranked bids of one lot (`scores` in rank order, as `scoreLot` returns them). */
export function awardLot(
  bids: readonly Bid[],
  scores: readonly BidScore[],
  rules: AwardRules,
  log: AuditLog,
): Award {
  const byRef = new Map(bids.map((b) => [b.ref, b]));
  const units: Unit[] = [];
  for (const s of scores) {
    if (s.rank === null) continue;
    const bid = byRef.get(s.ref)!;
    for (const home of bid.homes) {
      const cap = Math.min(home.beds, rules.maxBedsPerSetting);
      const options = rules.wholeSettings ? [cap, 0] : Array.from({ length: cap + 1 }, (_, i) => cap - i);
      units.push({ rank: s.rank, bid, home, cap, options });
    }
  }
  const used = new Set<string>();
  const chosen: number[] = [];
  const notes: (string | null)[] = [];
  let beds = 0;
  if (!canComplete(units, 0, beds, used, rules)) {
    const reason = infeasibleReason(units, rules);
    log.add('award', null, `No award is possible: ${reason}.`);
    return result(
      units,
      units.map(() => 0),
      units.map(() => null),
      false,
      reason,
    );
  }
  units.forEach((u, i) => {
    const isNew = !used.has(u.bid.provider);
    let take = 0;
    let why: string | null = null;
    for (const o of u.options) {
      if (o > 0 && beds + o > rules.maxBeds) {
        why ??= `the total would pass the maximum of ${rules.maxBeds} beds`;
        continue;
      }
      if (o > 0 && isNew && used.size >= rules.maxProviders) {
        why ??= `the limit of ${rules.maxProviders} providers is reached`;
        continue;
      }
      const nextUsed = o > 0 && isNew ? new Set([...used, u.bid.provider]) : used;
      if (canComplete(units, i + 1, beds + o, nextUsed, rules)) {
        take = o;
        break;
      }
      why ??= `more beds here would leave no valid award (at least ${rules.minBeds} beds from at most ${rules.maxProviders} providers)`;
    }
    if (take > 0 && isNew) used.add(u.bid.provider);
    beds += take;
    chosen.push(take);
    const note =
      take === u.home.beds
        ? null
        : take === u.cap
          ? `capped at ${rules.maxBedsPerSetting} beds a setting`
          : why;
    notes.push(note);
    log.add(
      'award',
      u.bid.ref,
      `${u.home.name}: ${take} of ${u.home.beds} beds offered${take < u.home.beds ? ` (${notes.at(-1)})` : ''}; ${beds} beds from ${used.size} ${used.size === 1 ? 'provider' : 'providers'} so far.`,
    );
  });
  return result(units, chosen, notes, true, null);
}

function result(
  units: readonly Unit[],
  beds: readonly number[],
  notes: readonly (string | null)[],
  feasible: boolean,
  reason: string | null,
): Award {
  const lines = units.map(
    (u, i): AwardLine => ({
      rank: u.rank,
      bid: u.bid.ref,
      provider: u.bid.provider,
      home: u.home.name,
      setting: settingKey(u.home),
      bedsOffered: u.home.beds,
      bedsAwarded: beds[i]!,
      weeklyPrice: u.bid.weeklyPrice,
      weeklyCost: beds[i]! * u.bid.weeklyPrice,
      note: notes[i] ?? null,
    }),
  );
  const weeklyCost = lines.reduce((a, l) => a + l.weeklyCost, 0);
  return {
    feasible,
    reason,
    lines,
    totalBeds: lines.reduce((a, l) => a + l.bedsAwarded, 0),
    providers: [...new Set(lines.filter((l) => l.bedsAwarded > 0).map((l) => l.provider))],
    weeklyCost,
    annualCost: weeklyCost * 52,
  };
}

/**
 * Can units[from..] add beds so the total ends in [minBeds, maxBeds] with at most maxProviders
 * providers in all? Exact: for each provider, the bed totals its remaining homes can reach; then
 * which (new providers, beds) pairs the providers together can reach.
 */
function canComplete(
  units: readonly Unit[],
  from: number,
  bedsSoFar: number,
  usedProviders: ReadonlySet<string>,
  rules: AwardRules,
): boolean {
  if (bedsSoFar > rules.maxBeds || usedProviders.size > rules.maxProviders) return false;
  const room = rules.maxBeds - bedsSoFar;
  const need = Math.max(0, rules.minBeds - bedsSoFar);
  const sums = new Map<string, Uint8Array>();
  for (let i = from; i < units.length; i++) {
    const u = units[i]!;
    let reach = sums.get(u.bid.provider);
    if (!reach) {
      reach = new Uint8Array(room + 1);
      reach[0] = 1;
      sums.set(u.bid.provider, reach);
    }
    const next = new Uint8Array(room + 1);
    for (let b = 0; b <= room; b++) {
      if (!reach[b]) continue;
      for (const o of u.options) if (b + o <= room) next[b + o] = 1;
    }
    sums.set(u.bid.provider, next);
  }
  const slots = rules.maxProviders - usedProviders.size;
  // dp[k][b]: k new providers and b beds reachable.
  let dp = Array.from({ length: slots + 1 }, () => new Uint8Array(room + 1));
  dp[0]![0] = 1;
  for (const [provider, reach] of sums) {
    const isNew = !usedProviders.has(provider);
    const next = dp.map((row) => row.slice());
    for (let k = 0; k <= slots; k++) {
      for (let b = 0; b <= room; b++) {
        if (!dp[k]![b]) continue;
        for (let s = 1; s + b <= room; s++) {
          if (!reach[s]) continue;
          const k2 = isNew ? k + 1 : k;
          if (k2 <= slots) next[k2]![b + s] = 1;
        }
      }
    }
    dp = next;
  }
  for (let k = 0; k <= slots; k++) for (let b = need; b <= room; b++) if (dp[k]![b]) return true;
  return false;
}

function infeasibleReason(units: readonly Unit[], rules: AwardRules): string {
  if (units.length === 0) return 'no bid is eligible';
  const byProvider = new Map<string, number>();
  for (const u of units) byProvider.set(u.bid.provider, (byProvider.get(u.bid.provider) ?? 0) + u.cap);
  const best = [...byProvider.values()]
    .sort((a, b) => b - a)
    .slice(0, rules.maxProviders)
    .reduce((a, b) => a + b, 0);
  if (best < rules.minBeds) {
    return `the eligible bids can provide at most ${best} beds from ${rules.maxProviders} providers (at most ${rules.maxBedsPerSetting} a setting), fewer than the minimum of ${rules.minBeds}`;
  }
  return `no combination of whole homes gives between ${rules.minBeds} and ${rules.maxBeds} beds from at most ${rules.maxProviders} providers`;
}
