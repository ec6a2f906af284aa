/**
 * Monitoring a live contract against its business case: the contract's actual figures from the
 * contracts engine (its bed ledger read under the caller's row-level security, `bedTimelines` for
 * each bed's state day by day, the region's spot-rate table) set beside the business case the
 * scenario's latest run produced (`monitorAgainstBusinessCase`).
 *
 * Actual occupancy is measured the way the simulation measures it: bed-days with a child in the
 * bed over every bed-day the bed was in the contract (held, void and unavailable days count as
 * empty). Only whole months up to the last complete one are compared. The needs mix is of the
 * children placed in the contract's beds since it started (withheld from an LA when another LA's
 * children would be counted in ones to fours: the platform's small-number rule); the spot rate is
 * the region's table weighted by the business case's needs mix, month by month.
 */
import { appendAudit } from '../../db/queries/audit.ts';
import {
  type ContractRecord,
  loadContractRecord,
  loadLedger,
  loadSpotRates,
} from '../../db/queries/contracts.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { bedWindows } from '../../domain/contracts/frame.ts';
import { type SpotRate, spotWeeklyOn } from '../../domain/contracts/spot-rates.ts';
import { currentEnd } from '../../domain/contracts/term.ts';
import { bedTimelines } from '../../domain/occupancy/bed-days.ts';
import { monthPieces, toSpan } from '../../domain/occupancy/spans.ts';
import type { NeedSegment } from '../../domain/shared/codes.ts';
import { type LocalDate, minDate, startOfMonth, toEpochDay } from '../../domain/shared/dates.ts';
import {
  type BusinessCase,
  type ContractActuals,
  type MonitoringReport,
  monitorAgainstBusinessCase,
} from '../../domain/simulation/monitoring.ts';

export interface MonthActual {
  month: string;
  occupied: number;
  inForce: number;
  occupancy: number;
}

export interface MonitoringView {
  contract: ContractRecord;
  /** Whole months compared: [from, to). */
  range: { from: LocalDate; to: LocalDate } | null;
  months: MonthActual[];
  actuals: ContractActuals;
  /** The needs mix is not compared: another LA's children would be counted in ones to fours for an LA. */
  needsWithheld: boolean;
  report: MonitoringReport;
  spotRateCount: number;
}

/** The contract's actual figures against the business case, or undefined when the caller cannot see the contract. */
export async function monitoringView(
  trx: Tx,
  tenant: Tenant,
  contractId: string,
  businessCase: BusinessCase,
  today: LocalDate,
): Promise<MonitoringView | undefined> {
  const contract = await loadContractRecord(trx, contractId);
  if (!contract) return undefined;
  const c = contract.contract;
  const from = c.term.start;
  const to = minDate(startOfMonth(today), currentEnd(c.term));
  const range = from < to ? { from, to } : null;
  const months: MonthActual[] = [];
  const placedNeeds: Partial<Record<NeedSegment, number>> = {};
  let needsWithheld = false;
  if (range) {
    const ledger = await loadLedger(trx, c, range);
    const intervals = bedTimelines(bedWindows(c), ledger, c.vacancy.holdDays, range);
    const rows = monthPieces(toSpan(range)).map((m) => ({ ...m, occupied: 0, inForce: 0 }));
    for (const i of intervals) {
      if (i.state === 'outside' || i.state === 'decommissioned') continue;
      const s = toEpochDay(i.from);
      const e = toEpochDay(i.to);
      for (const r of rows) {
        const days = Math.min(e, r.span.end) - Math.max(s, r.span.start);
        if (days <= 0) continue;
        r.inForce += days;
        if (i.state === 'occupied') r.occupied += days;
      }
    }
    for (const r of rows)
      if (r.inForce > 0)
        months.push({
          month: r.month,
          occupied: r.occupied,
          inForce: r.inForce,
          occupancy: r.occupied / r.inForce,
        });
    const beds = new Set(bedWindows(c).map((w) => w.bed));
    const others: Partial<Record<NeedSegment, number>> = {};
    for (const p of ledger.placements)
      if (beds.has(p.bed) && p.start >= from && p.start < range.to) {
        placedNeeds[p.needSegment] = (placedNeeds[p.needSegment] ?? 0) + 1;
        if (p.la !== tenant.orgId) others[p.needSegment] = (others[p.needSegment] ?? 0) + 1;
      }
    // The small-number rule: an LA is never given a figure about one to four of other LAs' children.
    const small = (n: number) => n >= 1 && n <= 4;
    const otherCounts = Object.values(others) as number[];
    needsWithheld =
      tenant.orgKind === 'local-authority' &&
      (otherCounts.some(small) || small(otherCounts.reduce((a, b) => a + b, 0)));
    await appendAudit(trx, tenant, [
      {
        action: 'read',
        entityType: 'contract-monitoring',
        entityId: contract.id,
        detail: { from: range.from, to: range.to },
      },
    ]);
  }
  const rates = await loadSpotRates(trx, contract.regionCode, contract.lead.id);
  const spotRates = range
    ? spotSeries(
        rates,
        businessCase.needsMix,
        months.map((m) => m.month),
      )
    : [];
  const actuals: ContractActuals = {
    occupancy: months.map((m) => ({ month: m.month, occupancy: m.occupancy })),
    ...(needsWithheld ? {} : { placedNeeds }),
    spotRates,
  };
  return {
    contract,
    range,
    months,
    needsWithheld,
    actuals,
    report: monitorAgainstBusinessCase(businessCase, actuals),
    spotRateCount: rates.length,
  };
}

/** The spot rate each month for the business case's needs, weighted by its needs mix (standard EBD without one). */
export function spotSeries(
  rates: readonly SpotRate[],
  mix: Partial<Record<NeedSegment, number>> | undefined,
  months: readonly string[],
): { month: string; weeklyPence: number }[] {
  const weights = Object.entries(mix && Object.keys(mix).length > 0 ? mix : { 'ebd-standard': 1 }) as [
    NeedSegment,
    number,
  ][];
  const out: { month: string; weeklyPence: number }[] = [];
  for (const month of months) {
    let sum = 0;
    let w = 0;
    for (const [segment, share] of weights) {
      const weekly = spotWeeklyOn(rates, segment, `${month}-01`);
      if (weekly === undefined || !(share > 0)) continue;
      sum += share * weekly;
      w += share;
    }
    if (w > 0) out.push({ month, weeklyPence: Math.round(sum / w) });
  }
  return out;
}
