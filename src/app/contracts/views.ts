/**
 * What each reader of a contract sees, computed by the charges engine from the database's facts in
 * the caller's transaction (so row-level security has already decided what could be read):
 *
 * - the lead commissioner and the region's hub: every LA's statement, the provider's, and the
 *   reconciliation;
 * - the provider: its statement, with the per-LA breakdown;
 * - a participating LA: its own statement only. On the bed board another LA's placement is "another
 *   authority": no LA sees another LA's children, even as dates in a bed.
 *
 * Statements and KPIs read placement rows (extras), which is child-level data, so each view
 * appends one audit event in the same transaction.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import {
  type ContractRecord,
  loadLedger,
  loadSpotRates,
  organisationNames,
  placementChildRefs,
} from '../../db/queries/contracts.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { bedWindows } from '../../domain/contracts/frame.ts';
import { type ContractKpis, contractKpis } from '../../domain/contracts/kpis.ts';
import {
  type ContractStatement,
  type LaStatement,
  monthlyStatements,
  type ProviderStatement,
  type Reconciliation,
} from '../../domain/contracts/statements.ts';
import { currentEnd } from '../../domain/contracts/term.ts';
import { type BedInterval, bedTimelines } from '../../domain/occupancy/bed-days.ts';
import type { Ledger } from '../../domain/occupancy/ledger.ts';
import { monthPieces, toSpan } from '../../domain/occupancy/spans.ts';
import type { BedState } from '../../domain/shared/codes.ts';
import {
  addDays,
  addMonths,
  type DayRange,
  daysBetween,
  fromEpochDay,
  isLocalDate,
  type LocalDate,
  maxDate,
  minDate,
  monthKey,
  toEpochDay,
} from '../../domain/shared/dates.ts';

export type Scope = 'all' | 'provider' | 'la';

export interface Viewer {
  scope: Scope;
  orgId: string;
  /** The caller's organisation leads the contract (it may change it). */
  isLead: boolean;
  /** The caller's organisation is the provider (it marks its beds unavailable). */
  isProvider: boolean;
  /** The caller's organisation is a participating LA. */
  isParty: boolean;
}

export function viewerOf(record: ContractRecord, tenant: Tenant): Viewer {
  const isLead = record.lead.id === tenant.orgId;
  const isProvider = record.provider.id === tenant.orgId;
  const isParty = record.parties.some((p) => p.orgId === tenant.orgId);
  const hub = tenant.orgKind === 'hub' && tenant.regionCode === record.regionCode;
  const scope: Scope = isLead || hub ? 'all' : isProvider ? 'provider' : 'la';
  return { scope, orgId: tenant.orgId, isLead, isProvider, isParty };
}

/** The contract's period in force: [start, current end). */
export function termOf(record: ContractRecord): DayRange {
  return { from: record.contract.term.start, to: currentEnd(record.contract.term) };
}

// ---------------------------------------------------------------- statements

export interface StatementView {
  month: string;
  /** The month's days the contract is in force (to exclusive), or null when it is not in force. */
  period: DayRange | null;
  /** The month has not ended yet: open placements are charged to its end. */
  provisional: boolean;
  scope: Scope;
  /** All LAs' statements (lead, hub), or the caller's own (a participating LA); none for the provider. */
  las: LaStatement[];
  provider: ProviderStatement | null;
  reconciliation: Reconciliation | null;
  /** Bed-days in each state over the period (provider-led unavailability is not charged, so not a line). */
  bedDays: Record<BedState, number>;
  /** An LA leading the contract cannot read other LAs' placements, so their extras are left out. */
  extrasPartial: boolean;
  /** Months the contract is in force, for choosing one. */
  months: string[];
  /** The caller's own children's references for its placements' lines (an LA reading its own). */
  childRefs: Record<string, string>;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: unknown): s is string {
  return typeof s === 'string' && MONTH.test(s);
}

export function monthsOf(term: DayRange): string[] {
  return monthPieces(toSpan(term)).map((m) => m.month);
}

/** The month statements open on: last month (the latest complete one), kept within the term. */
export function defaultMonth(term: DayRange, today: LocalDate): string {
  const months = monthsOf(term);
  const wanted = monthKey(addMonths(`${monthKey(today)}-01`, -1));
  if (months.includes(wanted)) return wanted;
  return wanted < months[0]! ? months[0]! : months.at(-1)!;
}

function emptyBedDays(): Record<BedState, number> {
  return {
    occupied: 0,
    held: 0,
    void: 0,
    'unavailable-provider': 0,
    'unavailable-agreed': 0,
    decommissioned: 0,
  };
}

function countBedDays(intervals: readonly BedInterval[]): Record<BedState, number> {
  const out = emptyBedDays();
  for (const i of intervals) {
    if (i.state !== 'outside') out[i.state] += daysBetween(i.from, i.to);
  }
  return out;
}

/** Names LAs that are not parties (a placement by another LA in a block bed) by their organisation name. */
async function nameLas(trx: Tx, statement: ContractStatement): Promise<void> {
  const unnamed = statement.las.filter((s) => s.laName === s.la).map((s) => s.la);
  if (unnamed.length === 0) return;
  const names = await organisationNames(trx, unnamed);
  for (const s of statement.las) s.laName = names.get(s.la) ?? s.laName;
  for (const b of statement.provider.byLa) b.laName = names.get(b.la) ?? b.laName;
}

export async function statementView(
  trx: Tx,
  tenant: Tenant,
  record: ContractRecord,
  month: string,
  today: LocalDate,
  audit: 'read' | 'export' = 'read',
): Promise<StatementView> {
  const viewer = viewerOf(record, tenant);
  const term = termOf(record);
  const monthRange = { from: `${month}-01`, to: addMonths(`${month}-01`, 1) };
  const from = maxDate(monthRange.from, term.from);
  const to = minDate(monthRange.to, term.to);
  const base = {
    month,
    scope: viewer.scope,
    months: monthsOf(term),
    extrasPartial: viewer.scope === 'all' && tenant.orgKind === 'local-authority',
  };
  if (from >= to) {
    return {
      ...base,
      period: null,
      provisional: false,
      las: [],
      provider: null,
      reconciliation: null,
      bedDays: emptyBedDays(),
      childRefs: {},
    };
  }
  const period = { from, to };
  const ledger = await loadLedger(trx, record.contract, period);
  const statement = monthlyStatements(record.contract, ledger, period)[0]!;
  await nameLas(trx, statement);
  const bedDays = countBedDays(
    bedTimelines(bedWindows(record.contract), ledger, record.contract.vacancy.holdDays, period),
  );
  await appendAudit(trx, tenant, [
    {
      action: audit,
      entityType: 'contract-statement',
      entityId: record.id,
      detail: { month, scope: viewer.scope },
    },
  ]);
  const las =
    viewer.scope === 'all'
      ? statement.las
      : viewer.scope === 'la'
        ? statement.las.filter((s) => s.la === tenant.orgId)
        : [];
  const own = statement.las.find((s) => s.la === tenant.orgId);
  const ownPlacements = [
    ...new Set((own?.lines ?? []).map((l) => l.placement).filter((p): p is string => !!p)),
  ];
  return {
    ...base,
    childRefs: tenant.orgKind === 'local-authority' ? await childRefsOf(trx, ownPlacements) : {},
    period,
    provisional: to > today,
    las,
    provider: viewer.scope === 'la' ? null : statement.provider,
    reconciliation: viewer.scope === 'all' ? statement.reconciliation : null,
    bedDays,
  };
}

/** The LA's own children's references for its placements (row-level security hides any other). */
async function childRefsOf(trx: Tx, placementIds: readonly string[]): Promise<Record<string, string>> {
  if (placementIds.length === 0) return {};
  const rows = await placementChildRefs(trx, placementIds);
  return Object.fromEntries(rows.map((r) => [r.id, r.ref]));
}

// ---------------------------------------------------------------- KPIs

export interface MonthOccupancy {
  month: string;
  bedDays: Record<BedState, number>;
  /** Occupied ÷ (occupied + held + void + agreed unavailable) when voids stay paid, else ÷ available. */
  occupancyOfPaid: number | null;
  occupancyOfAvailable: number | null;
}

/** Bed-days by state for each month of the range (the occupancy chart). */
export function monthlyOccupancy(record: ContractRecord, ledger: Ledger, range: DayRange): MonthOccupancy[] {
  const c = record.contract;
  const intervals = bedTimelines(bedWindows(c), ledger, c.vacancy.holdDays, range);
  const months = monthPieces(toSpan(range));
  const rows = months.map((m) => ({ month: m.month, span: m.span, bedDays: emptyBedDays() }));
  for (const i of intervals) {
    if (i.state === 'outside') continue;
    const s = toEpochDay(i.from);
    const e = toEpochDay(i.to);
    for (const r of rows) {
      const lo = Math.max(s, r.span.start);
      const hi = Math.min(e, r.span.end);
      if (lo < hi) r.bedDays[i.state] += hi - lo;
    }
  }
  const voidsPaid = c.vacancy.afterHold === 'void-shared';
  return rows.map((r) => {
    const d = r.bedDays;
    const available = d.occupied + d.held + d.void;
    const paid = d.occupied + d.held + (voidsPaid ? d.void + d['unavailable-agreed'] : 0);
    return {
      month: r.month,
      bedDays: d,
      occupancyOfPaid: paid > 0 ? d.occupied / paid : null,
      occupancyOfAvailable: available > 0 ? d.occupied / available : null,
    };
  });
}

export interface KpiView {
  range: DayRange;
  scope: Scope;
  kpis: ContractKpis;
  monthly: MonthOccupancy[];
  spotRates: number;
}

/**
 * The KPI range from query strings: `from` and `to` are the first and last days shown (default:
 * the contract's start to today), kept within the term. Returns field errors for bad dates.
 */
export function kpiRange(
  record: ContractRecord,
  q: { from?: string; to?: string },
  today: LocalDate,
): { range: DayRange; errors: Array<{ field: string; message: string }> } {
  const term = termOf(record);
  const errors: Array<{ field: string; message: string }> = [];
  const from = q.from ? q.from : term.from;
  const last = q.to ? q.to : minDate(today, addDays(term.to, -1));
  if (!isLocalDate(from)) errors.push({ field: 'from', message: 'Enter the first day as YYYY-MM-DD' });
  if (!isLocalDate(last)) errors.push({ field: 'to', message: 'Enter the last day as YYYY-MM-DD' });
  if (errors.length === 0 && last < from)
    errors.push({ field: 'to', message: 'The last day must be on or after the first day' });
  if (errors.length > 0) return { range: { from: term.from, to: addDays(term.from, 1) }, errors };
  const range = { from: maxDate(from, term.from), to: minDate(addDays(last, 1), term.to) };
  if (range.from >= range.to) {
    return {
      range: { from: term.from, to: addDays(term.from, 1) },
      errors: [
        {
          field: 'from',
          message: `Choose days within the contract’s term (${term.from} to ${addDays(term.to, -1)})`,
        },
      ],
    };
  }
  return { range, errors };
}

export async function kpiView(
  trx: Tx,
  tenant: Tenant,
  record: ContractRecord,
  range: DayRange,
  today: LocalDate,
): Promise<KpiView> {
  const viewer = viewerOf(record, tenant);
  const [ledger, spotRates] = await Promise.all([
    loadLedger(trx, record.contract, range),
    loadSpotRates(trx, record.regionCode, record.lead.id),
  ]);
  const kpis = contractKpis(record.contract, ledger, spotRates, range, today);
  const names = await organisationNames(
    trx,
    kpis.byLa.filter((l) => l.laName === l.la).map((l) => l.la),
  );
  for (const l of kpis.byLa) l.laName = names.get(l.la) ?? l.laName;
  await appendAudit(trx, tenant, [
    {
      action: 'read',
      entityType: 'contract-kpis',
      entityId: record.id,
      detail: { from: range.from, to: range.to },
    },
  ]);
  return {
    range,
    scope: viewer.scope,
    kpis,
    monthly: monthlyOccupancy(record, ledger, range),
    spotRates: spotRates.length,
  };
}

// ---------------------------------------------------------------- bed board

export interface BoardInterval {
  from: LocalDate;
  /** Exclusive. */
  to: LocalDate;
  lastDay: LocalDate;
  days: number;
  state: BedState;
  /** Who: the placing LA's name, "your placement", or "another authority". */
  who: string | null;
  reason: string | null;
  /** The provider's own unavailability, which it may end. */
  unavailabilityId: string | null;
}

export interface BoardBed {
  id: string;
  label: string;
  homeId: string;
  homeName: string;
  intervals: BoardInterval[];
}

export interface BedBoard {
  range: DayRange;
  scope: Scope;
  beds: BoardBed[];
}

/** The bed board's window from query strings (default: the last 90 days and the next 30). */
export function boardRange(
  record: ContractRecord,
  q: { from?: string; to?: string },
  today: LocalDate,
): { range: DayRange; errors: Array<{ field: string; message: string }> } {
  const errors: Array<{ field: string; message: string }> = [];
  const from = q.from || addDays(today, -90);
  const last = q.to || addDays(today, 30);
  if (!isLocalDate(from)) errors.push({ field: 'from', message: 'Enter the first day as YYYY-MM-DD' });
  if (!isLocalDate(last)) errors.push({ field: 'to', message: 'Enter the last day as YYYY-MM-DD' });
  if (errors.length === 0 && last < from)
    errors.push({ field: 'to', message: 'The last day must be on or after the first day' });
  if (errors.length === 0 && daysBetween(from, last) > 3 * 366)
    errors.push({ field: 'to', message: 'Choose a window of three years or less' });
  if (errors.length > 0) {
    const term = termOf(record);
    return { range: { from: term.from, to: addDays(term.from, 30) }, errors };
  }
  return { range: { from, to: addDays(last, 1) }, errors };
}

export async function bedBoard(
  trx: Tx,
  tenant: Tenant,
  record: ContractRecord,
  range: DayRange,
): Promise<BedBoard> {
  const viewer = viewerOf(record, tenant);
  const c = record.contract;
  const ledger = await loadLedger(trx, c, range);
  const intervals = bedTimelines(bedWindows(c), ledger, c.vacancy.holdDays, range);
  const names = new Map(record.parties.map((p) => [p.orgId, p.name]));
  const strangers = intervals.map((i) => i.la).filter((la): la is string => Boolean(la && !names.has(la)));
  for (const [id, name] of await organisationNames(trx, [...new Set(strangers)])) names.set(id, name);
  const who = (la: string | undefined) => {
    if (!la) return null;
    if (viewer.scope === 'la' && la !== tenant.orgId) return 'Another authority';
    return names.get(la) ?? 'Another authority';
  };
  const unavailabilityOwner = new Map(ledger.unavailability.map((u) => [u.id, u]));
  const beds: BoardBed[] = record.beds.map((b) => ({
    id: b.id,
    label: b.label,
    homeId: b.homeId,
    homeName: b.homeName,
    intervals: [],
  }));
  const byBed = new Map(beds.map((b) => [b.id, b]));
  for (const i of intervals) {
    if (i.state === 'outside') continue;
    const bed = byBed.get(i.bed);
    if (!bed) continue;
    const u = i.unavailability ? unavailabilityOwner.get(i.unavailability) : undefined;
    bed.intervals.push({
      from: i.from,
      to: i.to,
      lastDay: addDays(i.to, -1),
      days: daysBetween(i.from, i.to),
      state: i.state,
      who: i.state === 'occupied' || i.state === 'held' ? who(i.la) : null,
      reason: i.reason ?? null,
      unavailabilityId: viewer.isProvider && u ? u.id : null,
    });
  }
  return { range, scope: viewer.scope, beds };
}

/** Epoch-day helpers for the bed board's chart axis. */
export const epoch = { of: toEpochDay, day: fromEpochDay };
