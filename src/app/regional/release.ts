/**
 * What a regional release is: who is looking and which population it covers.
 *
 * - An LA commissioner sees its own placements in full and the region's only through small-number
 *   suppression (viewer = its DfE code, five placements per cell).
 * - The hub may read the region's placement records, so it sees the figures in full; it can also
 *   look at them "as published" (viewer outside the region), which is what a provider would see.
 * - The population is fixed: placements (and referrals) that started before the first day of the
 *   current financial quarter. Figures change only when a quarter ends, a whole quarter at a time,
 *   never day by day, so two looks a day apart cannot be differenced to single out one child.
 */
import { quarterStart } from '../../domain/pricing/demand-projection.ts';
import { MIN_CELL } from '../../domain/pricing/suppression.ts';
import type { OrgKind, Role } from '../../domain/shared/codes.ts';
import { addDays, formatLongDate, type LocalDate } from '../../domain/shared/dates.ts';

export type ReleaseView = 'la' | 'hub-full' | 'hub-published';

export interface Release {
  view: ReleaseView;
  viewer: { laCode: string | null };
  minCell: number;
  /** Placements and referrals that started before this day are in the release. */
  cutoff: LocalDate;
  /** "data to 30 September 2026". */
  dataTo: string;
}

export const REGIONAL_ROLES: readonly Role[] = ['hub-analyst', 'commissioner'];

export function releaseCutoff(today: LocalDate): LocalDate {
  return quarterStart(today);
}

export function releaseFor(
  user: { orgKind: OrgKind; laCode: string | null },
  today: LocalDate,
  requested?: string,
): Release {
  const cutoff = releaseCutoff(today);
  const dataTo = formatLongDate(addDays(cutoff, -1));
  if (user.orgKind === 'local-authority') {
    return { view: 'la', viewer: { laCode: user.laCode }, minCell: MIN_CELL, cutoff, dataTo };
  }
  if (requested === 'published') {
    return { view: 'hub-published', viewer: { laCode: null }, minCell: MIN_CELL, cutoff, dataTo };
  }
  return { view: 'hub-full', viewer: { laCode: null }, minCell: 1, cutoff, dataTo };
}
