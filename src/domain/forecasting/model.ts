/**
 * The fitted demand model as plain data, so a background job can store it, show it, and run
 * forecasts and scenarios from it later. Rates are per day; days are epoch days (days since
 * 1970-01-01); categories are indices into CATEGORY_KEYS.
 */
import type { EntryModel } from './entry-series.ts';

export interface RateTable {
  /** Posterior mean per cell. */
  rate: number[];
  /** Gamma posterior (shape, inverse scale) per cell: drawn once per simulation run. */
  shape: number[];
  inverseScale: number[];
  /** Events and person-days behind each cell (recency-weighted), for display and checks. */
  events: number[];
  exposure: number[];
  /** Prior strength (events) that shrinkage used. */
  strength: number;
}

export interface Population {
  birth: number[];
  /** Start of the current period of care. */
  periodStart: number[];
  category: number[];
  /** Start of the current placement spell. */
  since: number[];
}

export interface EntrantPool {
  ageDays: number[];
  category: number[];
  weight: number[];
}

export interface DemandModel {
  la: string;
  /** Last day of data used (the forecast starts the day after). */
  origin: number;
  windowFrom: number;
  halfLifeDays?: number;
  /** Leaving care by [category][hazard age group][duration band]. */
  exit: RateTable;
  /** Moves by [from category][to category][hazard age group][duration band]. */
  move: RateTable;
  entries: EntryModel;
  /** Year-to-year spread of leaving-care and move rates beyond chance (sd of a log multiplier). */
  yearEffects: { exitSd: number; moveSd: number };
  entrants: EntrantPool;
  /** Children in care at the origin. */
  population: Population;
}
