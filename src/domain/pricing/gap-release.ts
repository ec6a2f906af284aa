/**
 * The sufficiency gaps as one viewer may see them: the counts of `sufficiencyGaps` (by LA, for the
 * region, by need segment, by area and by type sought) with small-number suppression. Every count
 * of children comes from ONE jointly suppressed release (`countRelease`): the viewing LA sees its own
 * referrals in full, and a cell holding any other LA's referrals only when it holds at least five of
 * them, with secondary suppression across every table on the page. Supply (homes, places,
 * vacancies) is directory information, not children, and is never suppressed.
 *
 * Each referral falls in exactly one status (placed in a registered setting, placed unregistered,
 * no placement, withdrawn, still open), so the tables' columns add up to their totals inside the
 * lattice, and derived figures (shares) are computed only from published counts.
 */
import type { NeedSegment, PlacementType } from '../shared/codes.ts';
import { type CountRelease, countRelease, type ReleasedCount } from './count-table.ts';
import type { ReferralSummary, SoughtType, SupplySummary } from './gap-types.ts';
import { isFar, isPlaced, isResidentialWhereFosterPreferred, segmentOrder, soughtType } from './gaps.ts';
import { MIN_CELL } from './suppression.ts';

export const GAP_STATUSES = {
  placed: 'Placed in a registered setting',
  unregistered: 'Placed in an unregistered setting',
  unmet: 'No placement found',
  withdrawn: 'Withdrawn',
  open: 'Still open',
} as const;
export type GapStatus = keyof typeof GAP_STATUSES;
const STATUS_CODES = Object.keys(GAP_STATUSES) as GapStatus[];

export function gapStatus(r: Pick<ReferralSummary, 'outcome'>): GapStatus {
  if (r.outcome === null) return 'open';
  if (r.outcome === 'no-placement') return 'unmet';
  if (r.outcome === 'withdrawn') return 'withdrawn';
  if (r.outcome === 'placed-unregistered') return 'unregistered';
  return 'placed';
}

/** Placed (anywhere) more than 20 miles from home or outside the placing LA: each child once. */
export function isFarOrOutOfArea(r: ReferralSummary): boolean {
  return isPlaced(r) && (isFar(r) || r.placedOutOfArea === true);
}

export interface GapCounts {
  referrals: ReleasedCount;
  status: Record<GapStatus, ReleasedCount>;
  farOrOutOfArea: ReleasedCount;
  residentialWhereFosterPreferred: ReleasedCount;
}

export interface SupplyCounts {
  homes: number;
  places: number;
  vacancies: number;
}

export interface GapRelease {
  viewerLaCode: string | null;
  minCell: number;
  /** One row per placing LA with referrals, by LA code. */
  byLa: Array<{ laCode: string } & GapCounts>;
  region: GapCounts;
  bySegment: Array<{ segment: NeedSegment } & GapCounts>;
  /** Demand against supply by need segment and area: homes of any type in the area caring for it. */
  byArea: Array<{
    segment: NeedSegment;
    area: string;
    referrals: ReleasedCount;
    status: Record<GapStatus, ReleasedCount>;
    supply: SupplyCounts;
  }>;
  /** Demand against supply by type sought and need segment, across the region. */
  bySought: Array<{
    soughtType: SoughtType;
    segment: NeedSegment;
    referrals: ReleasedCount;
    status: Record<GapStatus, ReleasedCount>;
    supply: SupplyCounts;
  }>;
}

type Dim = 'la' | 'segment' | 'status' | 'far' | 'fosterRes' | 'sought' | 'area';

/** The tables of the gap page, each with all its margins, suppressed together. */
export const GAP_GROUPINGS: readonly (readonly Dim[])[] = [
  ['la', 'status'],
  ['la', 'far'],
  ['la', 'fosterRes'],
  ['segment', 'status'],
  ['segment', 'far'],
  ['segment', 'fosterRes'],
  ['segment', 'area', 'status'],
  ['sought', 'segment', 'status'],
];

const TYPE_ORDER: readonly SoughtType[] = ['foster', 'residential', 'supported-accommodation', 'unspecified'];

export function gapRelease(
  referrals: readonly ReferralSummary[],
  supply: readonly SupplySummary[],
  options: { viewer: { laCode: string | null }; minCell?: number },
): GapRelease {
  return gapReleaseFrom(gapCountRelease(referrals, options), referrals, supply, options);
}

/**
 * The jointly suppressed counts of the referrals (the costly part: it depends on the referrals,
 * the viewer and the threshold only, not on supply, so a caller may keep it while vacancies move).
 */
export function gapCountRelease(
  referrals: readonly ReferralSummary[],
  options: { viewer: { laCode: string | null }; minCell?: number },
): GapCountRelease {
  const viewer = options.viewer.laCode;
  const minCell = options.minCell ?? MIN_CELL;
  return countRelease(referrals, {
    dimensions: {
      la: (r) => r.laCode,
      segment: (r) => r.segment,
      status: gapStatus,
      far: (r) => (isFarOrOutOfArea(r) ? 'yes' : 'no'),
      fosterRes: (r) => (isResidentialWhereFosterPreferred(r) ? 'yes' : 'no'),
      sought: (r) => soughtType(r),
      area: (r) => r.area,
    },
    groupings: GAP_GROUPINGS,
    isOwn: (r) => viewer !== null && r.laCode === viewer,
    minCell,
  });
}

export type GapCountRelease = CountRelease<Dim>;

/** The gap release from counts made by `gapCountRelease` with the same referrals and options. */
export function gapReleaseFrom(
  release: GapCountRelease,
  referrals: readonly ReferralSummary[],
  supply: readonly SupplySummary[],
  options: { viewer: { laCode: string | null }; minCell?: number },
): GapRelease {
  const viewer = options.viewer.laCode;
  const minCell = options.minCell ?? MIN_CELL;
  const statuses = (where: Partial<Record<Dim, string>>) =>
    Object.fromEntries(STATUS_CODES.map((s) => [s, release.count({ ...where, status: s })])) as Record<
      GapStatus,
      ReleasedCount
    >;
  const counts = (where: Partial<Record<Dim, string>>): GapCounts => ({
    referrals: release.count(where),
    status: statuses(where),
    farOrOutOfArea: release.count({ ...where, far: 'yes' }),
    residentialWhereFosterPreferred: release.count({ ...where, fosterRes: 'yes' }),
  });

  const laCodes = [...new Set(referrals.map((r) => r.laCode))].sort();
  const segments = [
    ...new Set<NeedSegment>([...referrals.map((r) => r.segment), ...supply.flatMap((s) => s.segments)]),
  ].sort((a, b) => segmentOrder(a) - segmentOrder(b));
  const referralSegments = segments.filter((s) => referrals.some((r) => r.segment === s));

  const supplyBy = (keep: (home: SupplySummary, segment: NeedSegment) => boolean, segment: NeedSegment) => {
    const out: SupplyCounts = { homes: 0, places: 0, vacancies: 0 };
    for (const home of supply) {
      if (!home.segments.includes(segment) || !keep(home, segment)) continue;
      out.homes++;
      out.places += home.places;
      out.vacancies += home.vacancies;
    }
    return out;
  };

  const areaPairs = new Map<string, { segment: NeedSegment; area: string }>();
  for (const r of referrals) areaPairs.set(`${r.segment}|${r.area}`, { segment: r.segment, area: r.area });
  for (const h of supply)
    for (const s of new Set(h.segments)) areaPairs.set(`${s}|${h.area}`, { segment: s, area: h.area });
  const soughtPairs = new Map<string, { soughtType: SoughtType; segment: NeedSegment }>();
  for (const r of referrals) {
    const t = soughtType(r);
    soughtPairs.set(`${t}|${r.segment}`, { soughtType: t, segment: r.segment });
  }
  for (const h of supply)
    for (const s of new Set(h.segments))
      soughtPairs.set(`${h.placementType}|${s}`, { soughtType: h.placementType, segment: s });

  return {
    viewerLaCode: viewer,
    minCell,
    byLa: laCodes.map((laCode) => ({ laCode, ...counts({ la: laCode }) })),
    region: counts({}),
    bySegment: referralSegments.map((segment) => ({ segment, ...counts({ segment }) })),
    byArea: [...areaPairs.values()]
      .sort((a, b) => segmentOrder(a.segment) - segmentOrder(b.segment) || compareText(a.area, b.area))
      .map(({ segment, area }) => ({
        segment,
        area,
        referrals: release.count({ segment, area }),
        status: statuses({ segment, area }),
        supply: supplyBy((h) => h.area === area, segment),
      })),
    bySought: [...soughtPairs.values()]
      .sort(
        (a, b) =>
          TYPE_ORDER.indexOf(a.soughtType) - TYPE_ORDER.indexOf(b.soughtType) ||
          segmentOrder(a.segment) - segmentOrder(b.segment),
      )
      .map(({ soughtType: t, segment }) => ({
        soughtType: t,
        segment,
        referrals: release.count({ sought: t, segment }),
        status: statuses({ sought: t, segment }),
        supply: supplyBy((h) => h.placementType === (t as PlacementType), segment),
      })),
  };
}

/** A sum of released counts: published only when every part is. */
export function sumCounts(parts: readonly ReleasedCount[]): ReleasedCount {
  let all: number | null = 0;
  let own = 0;
  for (const p of parts) {
    own += p.own;
    all = all === null || p.all === null ? null : all + p.all;
  }
  return { all, own, suppressed: all === null ? 'secondary' : null };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
