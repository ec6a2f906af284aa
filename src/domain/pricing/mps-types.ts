/**
 * The market position statement as data: what goes in (the region's forecast, its referrals, homes
 * and prices, and how it buys) and what comes out (sections of statements, each statement pointing
 * at the table of figures behind it). The web page and the xlsx data pack both render this.
 */
import type { ContractKind, NeedSegment } from '../shared/codes.ts';
import type { DayRange, LocalDate } from '../shared/dates.ts';
import type { DataTable } from './data-table.ts';
import type { ReferralSummary, SupplySummary } from './gap-types.ts';
import type { PlacementPrice } from './price-record.ts';

/** One point of the region's demand forecast (from the forecasting engine). */
export interface DemandForecastPoint {
  segment: NeedSegment;
  /** A period label that sorts in time order, e.g. '2026-27'. */
  period: string;
  /** Expected number of children needing a placement in the period. */
  expected: number;
  /** A plausible range, when the forecast gives one. */
  low?: number | null;
  high?: number | null;
}

/** A way providers can sell to the region. */
export interface RouteToMarket {
  name: string;
  kind: ContractKind;
  description: string;
  howToJoin?: string | null;
  /** When the next opportunity opens (a tender, a framework reopening), if known. */
  nextOpportunity?: LocalDate | null;
}

export interface MarketPositionInput {
  regionName: string;
  /** The day the statement is produced. */
  asOf: LocalDate;
  /** The period the placements and referrals come from (half-open). */
  dataPeriod: DayRange;
  forecast: readonly DemandForecastPoint[];
  placements: readonly PlacementPrice[];
  referrals: readonly ReferralSummary[];
  supply: readonly SupplySummary[];
  routes: readonly RouteToMarket[];
  /** Names for area codes (e.g. LA names); the code is shown when a name is missing. */
  areaNames?: Readonly<Record<string, string>>;
  minCell?: number;
}

export interface MpsStatement {
  text: string;
  /** The table whose figures the statement rests on. */
  tableId: string | null;
}

export interface MpsSection {
  id: 'about' | 'demand' | 'needs' | 'distance' | 'prices' | 'routes';
  heading: string;
  statements: MpsStatement[];
  tables: DataTable[];
}

export interface MarketPositionStatement {
  title: string;
  regionName: string;
  asOf: LocalDate;
  dataPeriod: DayRange;
  sections: MpsSection[];
}
