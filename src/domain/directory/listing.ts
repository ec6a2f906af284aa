import type { BedState } from '../shared/codes.ts';
import { daysBetween, type LocalDate } from '../shared/dates.ts';
import type { Pence } from '../shared/money.ts';
import type { HomeProfile } from './home.ts';
import type { PriceBand } from './price-band.ts';

/**
 * A home as the directory lists it: the profile (registration, needs, location, rating) plus what
 * changes week to week and is kept by the provider or the hub: availability and when it was last
 * confirmed, framework and block memberships, prices offered. A SQL repository assembles these
 * from its tables and hands them to search as plain data.
 */

export interface Availability {
  /** Beds free to offer now. */
  vacancies: number;
  /** The day the provider last confirmed the figure; null if never. */
  confirmedOn: LocalDate | null;
}

export const MEMBERSHIP_KINDS = {
  block: 'Block contract',
  framework: 'Framework',
  dps: 'Dynamic purchasing system',
} as const;
export type MembershipKind = keyof typeof MEMBERSHIP_KINDS;

export interface Membership {
  kind: MembershipKind;
  /** The contract, framework or DPS id. */
  id: string;
  name: string;
  /** DfE codes of the LAs party to it; empty means open to every LA. */
  laCodes: readonly string[];
}

export interface DirectoryHome {
  profile: HomeProfile;
  availability: Availability;
  memberships: readonly Membership[];
  /** Lowest weekly price the provider offers for a standard placement; null if not given. */
  weeklyPriceFromPence: Pence | null;
  /** Band of that price (kept with it so a caller may store the band without the price). */
  priceBand: PriceBand | null;
}

export const FRESHNESS = {
  fresh: 'Confirmed recently',
  stale: 'Not confirmed recently: may be out of date',
  unknown: 'Never confirmed',
} as const;
export type Freshness = keyof typeof FRESHNESS;

/** Availability older than this many days is shown, and ranked, as possibly out of date. */
export const DEFAULT_STALE_AFTER_DAYS = 7;

export function freshnessOf(
  a: Availability,
  asOf: LocalDate,
  staleAfterDays = DEFAULT_STALE_AFTER_DAYS,
): Freshness {
  if (a.confirmedOn === null) return 'unknown';
  return daysBetween(a.confirmedOn, asOf) > staleAfterDays ? 'stale' : 'fresh';
}

/** Age of the availability figure in days (0 = confirmed today), or null if never confirmed. */
export function availabilityAgeDays(a: Availability, asOf: LocalDate): number | null {
  return a.confirmedOn === null ? null : daysBetween(a.confirmedOn, asOf);
}

export interface BedSnapshot {
  homeId: string;
  state: BedState;
  /** When the provider last confirmed this bed's state. */
  confirmedOn: LocalDate | null;
}

/**
 * Vacancies per home from the bed ledger's current states: a void bed is free to offer; held,
 * occupied and unavailable beds are not; decommissioned beds no longer count at all. The confirmation date of a home is the oldest among its
 * beds, so one forgotten bed makes the whole figure look as old as it is.
 */
export function availabilityFromBeds(beds: readonly BedSnapshot[]): Map<string, Availability> {
  const out = new Map<string, Availability>();
  for (const bed of beds) {
    if (bed.state === 'decommissioned') continue;
    const a = out.get(bed.homeId) ?? { vacancies: 0, confirmedOn: bed.confirmedOn };
    if (bed.state === 'void') a.vacancies++;
    if (a.confirmedOn !== null && (bed.confirmedOn === null || bed.confirmedOn < a.confirmedOn)) {
      a.confirmedOn = bed.confirmedOn;
    }
    out.set(bed.homeId, a);
  }
  return out;
}
