/**
 * Monthly statements: one per LA (what it owes) and one for the provider (what it is owed), per
 * contract and calendar month. They reconcile to the penny by construction, and the check is
 * computed anyway: each direct line is rounded once and appears on exactly one LA's statement and
 * on the provider's; each pool is rounded once for the provider and split between the LAs with
 * the largest-remainder method (`apportion`), whose parts always add up to the pool.
 */
import type { Ledger } from '../occupancy/ledger.ts';
import { monthPieces, toDayRange, toSpan } from '../occupancy/spans.ts';
import { type DayRange, monthKey } from '../shared/dates.ts';
import { apportion, formatPence, type Pence, PPM } from '../shared/money.ts';
import { type ChargeSpan, chargeSpans } from './charges.ts';
import { type Contract, type ContractId, type LaId, laName } from './contract.ts';
import { formatShare } from './shares.ts';
import {
  type DirectLine,
  describeDirect,
  gatherLines,
  LINE_ORDER,
  type LineKind,
  type Pool,
} from './statement-lines.ts';

/** One line of a statement. Pooled lines carry the pool's figures and the LA's share of it. */
export interface StatementLine {
  contract: ContractId;
  la: LaId;
  kind: LineKind;
  description: string;
  placement?: string;
  bed?: string;
  home?: string;
  extraType?: string;
  /** Bed-days charged (pooled lines: the pool's bed-days across the contract). */
  days: number;
  weeklyRates: Pence[];
  /** Exact amount in sevenths of a penny (pooled lines: the pool's, at full price). */
  sevenths: number;
  /** Part of the price charged, ppm (1,000,000 = all of it). */
  basisPpm: number;
  poolAmount?: Pence;
  sharePpm?: number;
  amount: Pence;
}

export interface LaStatement {
  contract: ContractId;
  contractName: string;
  la: LaId;
  laName: string;
  month: string;
  period: DayRange;
  lines: StatementLine[];
  total: Pence;
}

export interface ProviderStatement {
  contract: ContractId;
  contractName: string;
  provider: { id: string; name: string };
  month: string;
  period: DayRange;
  /** Every LA's direct lines (core fees, extras, holds). */
  lines: StatementLine[];
  /** Shared charges, each rounded once for the whole contract. */
  pools: Pool[];
  byLa: Array<{ la: LaId; laName: string; total: Pence }>;
  total: Pence;
}

export interface Reconciliation {
  laTotal: Pence;
  providerTotal: Pence;
  /** Always 0 for statements from this engine; kept visible so auditors can see it. */
  difference: Pence;
}

export interface ContractStatement {
  contract: ContractId;
  month: string;
  period: DayRange;
  las: LaStatement[];
  provider: ProviderStatement;
  reconciliation: Reconciliation;
}

const order = (k: LineKind) => LINE_ORDER.indexOf(k);
const byLine = (a: StatementLine, b: StatementLine) =>
  order(a.kind) - order(b.kind) ||
  (a.bed ?? '').localeCompare(b.bed ?? '') ||
  (a.placement ?? '').localeCompare(b.placement ?? '');

const POOL_WORDS: Record<Pool['kind'], string> = {
  'hold-share': 'vacancy hold',
  'void-share': 'void',
  'unavailable-agreed-share': 'agreed unavailable',
};

/** Statements for one period (normally a calendar month, or part of one at the ends of a range). */
export function contractStatement(contract: Contract, ledger: Ledger, period: DayRange): ContractStatement {
  return statementFromSpans(contract, chargeSpans(contract, ledger, toSpan(period)), period);
}

/** Statements for a period from its charge spans (already clipped to the period). */
function statementFromSpans(
  contract: Contract,
  spans: readonly ChargeSpan[],
  period: DayRange,
): ContractStatement {
  const { direct, pools } = gatherLines(spans);
  const homeNames = new Map(contract.homes.map((h) => [h.id, h.name]));
  const month = monthKey(period.from);
  const toLine = (l: DirectLine): StatementLine => ({
    contract: contract.id,
    la: l.la,
    kind: l.kind,
    description: describeDirect(l, homeNames.get(l.home) ?? l.home),
    placement: l.placement,
    bed: l.bed,
    home: l.home,
    ...(l.extraType ? { extraType: l.extraType } : {}),
    days: l.days,
    weeklyRates: l.weeklyRates,
    sevenths: l.sevenths,
    basisPpm: PPM,
    amount: l.amount,
  });
  const lines = new Map<LaId, StatementLine[]>(contract.shares.map((s) => [s.la, []]));
  for (const l of direct) {
    const list = lines.get(l.la) ?? [];
    list.push(toLine(l));
    lines.set(l.la, list);
  }
  for (const pool of pools) {
    const parts = apportion(
      pool.amount,
      contract.shares.map((s) => s.ppm),
    );
    contract.shares.forEach((s, i) => {
      const basis = pool.basisPpm === PPM ? '' : ` at ${formatShare(pool.basisPpm)} retainer`;
      lines.get(s.la)!.push({
        contract: contract.id,
        la: s.la,
        kind: pool.kind,
        description: `${formatShare(s.ppm)} of ${pool.days} ${POOL_WORDS[pool.kind]} bed-days${basis} (${formatPence(pool.amount)})`,
        days: pool.days,
        weeklyRates: pool.weeklyRates,
        sevenths: pool.sevenths,
        basisPpm: pool.basisPpm,
        poolAmount: pool.amount,
        sharePpm: s.ppm,
        amount: parts[i]!,
      });
    });
  }
  const sum = (ls: readonly { amount: Pence }[]) => ls.reduce((a, l) => a + l.amount, 0);
  const las: LaStatement[] = [...lines.entries()].map(([la, ls]) => ({
    contract: contract.id,
    contractName: contract.name,
    la,
    laName: laName(contract, la),
    month,
    period,
    lines: ls.sort(byLine),
    total: sum(ls),
  }));
  const providerLines = direct.map(toLine).sort((a, b) => a.la.localeCompare(b.la) || byLine(a, b));
  const provider: ProviderStatement = {
    contract: contract.id,
    contractName: contract.name,
    provider: contract.provider,
    month,
    period,
    lines: providerLines,
    pools: pools.sort((a, b) => order(a.kind) - order(b.kind)),
    byLa: las.map((s) => ({ la: s.la, laName: s.laName, total: s.total })),
    total: sum(providerLines) + sum(pools),
  };
  const laTotal = sum(las.map((s) => ({ amount: s.total })));
  return {
    contract: contract.id,
    month,
    period,
    las,
    provider,
    reconciliation: { laTotal, providerTotal: provider.total, difference: laTotal - provider.total },
  };
}

/** One set of statements per calendar month (or part of a month) of `range`, in order. */
export function monthlyStatements(contract: Contract, ledger: Ledger, range: DayRange): ContractStatement[] {
  const months = monthPieces(toSpan(range));
  const spans = chargeSpans(contract, ledger, toSpan(range));
  // Derive the bed states once for the whole range, then cut each span at the month ends.
  const byMonth: ChargeSpan[][] = months.map(() => []);
  let first = 0;
  for (const s of spans) {
    while (first > 0 && months[first]!.span.start > s.start) first--;
    while (months[first]!.span.end <= s.start) first++;
    for (let m = first; m < months.length && months[m]!.span.start < s.end; m++) {
      const { start, end } = months[m]!.span;
      byMonth[m]!.push({ ...s, start: Math.max(s.start, start), end: Math.min(s.end, end) });
    }
  }
  return months.map((m, i) => statementFromSpans(contract, byMonth[i]!, toDayRange(m.span)));
}
