/**
 * Builders for tests (and for the lead's fixtures): a price record from a few fields, so a worked
 * example reads as its numbers. Not used by the engines.
 */

import type { ReferralSummary, SupplySummary } from './gap-types.ts';
import type { PlacementPrice } from './price-record.ts';
import { zeroSplit } from './price-record.ts';

let next = 0;

/** A residential, ebd-standard, spot, gt-5-days placement whose whole price is core care. */
export function priceRecord(
  overrides: Partial<Omit<PlacementPrice, 'weekly'>> & {
    pounds?: number;
    weekly?: Partial<PlacementPrice['weekly']>;
  },
): PlacementPrice {
  const { pounds, weekly, ...rest } = overrides;
  next++;
  return {
    id: `P${next}`,
    laCode: '301',
    providerId: 'prov-1',
    providerName: 'Provider One',
    homeId: 'home-1',
    segment: 'ebd-standard',
    placementType: 'residential',
    route: 'spot',
    urgency: 'gt-5-days',
    startOn: '2025-05-01',
    ...rest,
    weekly: { ...zeroSplit(), core: Math.round((pounds ?? 4000) * 100), ...weekly },
  };
}

export function referralSummary(overrides: Partial<ReferralSummary>): ReferralSummary {
  next++;
  return {
    id: `R${next}`,
    laCode: '301',
    area: '301',
    segment: 'ebd-standard',
    referredOn: '2025-05-01',
    suitability: {
      residential: 'preferred',
      foster: 'suitable-not-preferred',
      'supported-accommodation': 'unsuitable',
    },
    outcome: 'placed-spot',
    securedType: 'residential',
    distanceMiles: 5,
    placedOutOfArea: false,
    ...overrides,
  };
}

export function supplySummary(overrides: Partial<SupplySummary>): SupplySummary {
  next++;
  return {
    homeId: `H${next}`,
    providerId: 'prov-1',
    laCode: '301',
    area: '301',
    placementType: 'residential',
    segments: ['ebd-standard'],
    places: 4,
    vacancies: 1,
    ...overrides,
  };
}
