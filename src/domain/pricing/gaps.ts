/**
 * Sufficiency gaps: where the region's children need homes that it does not have. Demand is what
 * referrals sought (by need segment, placement type and area); supply is the homes and vacancies
 * that fit; the gaps show as referrals with no placement, children placed far from home or out of
 * their LA, and children in residential care whose social worker preferred fostering.
 * Definitions are in docs/pricing.md; every figure is a count, so the tables add up.
 */
import { LOCAL_MILES } from '../directory/geo.ts';
import { NEED_SEGMENTS, type NeedSegment, PLACEMENT_TYPES, type PlacementType } from '../shared/codes.ts';
import type {
  DemandSupplyRow,
  OutcomeCounts,
  PlacementGapRow,
  ReferralSummary,
  SegmentGapRow,
  SoughtType,
  SufficiencyGaps,
  SupplySummary,
} from './gap-types.ts';

/** Fostering first: it is the least restrictive of the three when several are preferred. */
const TYPE_PREFERENCE: readonly PlacementType[] = ['foster', 'residential', 'supported-accommodation'];

export function soughtType(r: Pick<ReferralSummary, 'suitability'>): SoughtType {
  for (const t of TYPE_PREFERENCE) if (r.suitability[t] === 'preferred') return t;
  for (const t of TYPE_PREFERENCE) if (r.suitability[t] === 'suitable-not-preferred') return t;
  return 'unspecified';
}

export function isPlaced(r: Pick<ReferralSummary, 'outcome'>): boolean {
  return r.outcome?.startsWith('placed-') ?? false;
}

/** Over 20 miles (strictly), by the DfE straight-line rule. */
export function isFar(r: Pick<ReferralSummary, 'distanceMiles'>): boolean {
  return r.distanceMiles !== null && r.distanceMiles > LOCAL_MILES;
}

export function isResidentialWhereFosterPreferred(
  r: Pick<ReferralSummary, 'suitability' | 'securedType' | 'outcome'>,
): boolean {
  return fosterPreferred(r) && isPlaced(r) && r.securedType === 'residential';
}

function fosterPreferred(r: Pick<ReferralSummary, 'suitability'>): boolean {
  return r.suitability.foster === 'preferred' && r.suitability.residential !== 'preferred';
}

function emptyCounts(): OutcomeCounts {
  return { referrals: 0, placed: 0, unmet: 0, unregistered: 0, withdrawn: 0, open: 0 };
}

function countOutcome(c: OutcomeCounts, r: ReferralSummary): void {
  c.referrals++;
  if (r.outcome === null) c.open++;
  else if (r.outcome === 'no-placement') c.unmet++;
  else if (r.outcome === 'withdrawn') c.withdrawn++;
  else {
    c.placed++;
    if (r.outcome === 'placed-unregistered') c.unregistered++;
  }
}

function emptyPlacementRow(laCode: string | null): PlacementGapRow {
  return {
    laCode,
    ...emptyCounts(),
    unmetShare: null,
    over20Miles: 0,
    outOfArea: 0,
    farOrOutOfArea: 0,
    farOrOutOfAreaShare: null,
    fosterPreferredPlaced: 0,
    residentialWhereFosterPreferred: 0,
  };
}

function addToPlacementRow(row: PlacementGapRow, r: ReferralSummary): void {
  countOutcome(row, r);
  if (!isPlaced(r)) return;
  const far = isFar(r);
  const out = r.placedOutOfArea === true;
  if (far) row.over20Miles++;
  if (out) row.outOfArea++;
  if (far || out) row.farOrOutOfArea++;
  if (fosterPreferred(r)) {
    row.fosterPreferredPlaced++;
    if (r.securedType === 'residential') row.residentialWhereFosterPreferred++;
  }
}

function finishPlacementRow(row: PlacementGapRow): PlacementGapRow {
  const ended = row.placed + row.unmet;
  row.unmetShare = ended > 0 ? row.unmet / ended : null;
  row.farOrOutOfAreaShare = row.placed > 0 ? row.farOrOutOfArea / row.placed : null;
  return row;
}

export function sufficiencyGaps(
  referrals: readonly ReferralSummary[],
  supply: readonly SupplySummary[],
): SufficiencyGaps {
  const demand = new Map<string, DemandSupplyRow>();
  const cell = (soughtType: SoughtType, segment: NeedSegment, area: string): DemandSupplyRow => {
    const key = `${soughtType}|${segment}|${area}`;
    let row = demand.get(key);
    if (!row) {
      row = {
        soughtType,
        segment,
        area,
        ...emptyCounts(),
        homes: 0,
        places: 0,
        vacancies: 0,
        referralsPerVacancy: null,
      };
      demand.set(key, row);
    }
    return row;
  };
  const byLa = new Map<string, PlacementGapRow>();
  const region = emptyPlacementRow(null);
  const bySegment = new Map<string, SegmentGapRow>();
  const segmentRow = (laCode: string | null, segment: NeedSegment): SegmentGapRow => {
    const key = `${laCode ?? ''}|${segment}`;
    let row = bySegment.get(key);
    if (!row) {
      row = { laCode, segment, ...emptyCounts(), over20Miles: 0, outOfArea: 0 };
      bySegment.set(key, row);
    }
    return row;
  };
  for (const r of referrals) {
    countOutcome(cell(soughtType(r), r.segment, r.area), r);
    let la = byLa.get(r.laCode);
    if (!la) {
      la = emptyPlacementRow(r.laCode);
      byLa.set(r.laCode, la);
    }
    addToPlacementRow(la, r);
    addToPlacementRow(region, r);
    for (const seg of [segmentRow(r.laCode, r.segment), segmentRow(null, r.segment)]) {
      countOutcome(seg, r);
      if (isPlaced(r) && isFar(r)) seg.over20Miles++;
      if (isPlaced(r) && r.placedOutOfArea === true) seg.outOfArea++;
    }
  }
  for (const home of supply) {
    for (const segment of new Set(home.segments)) {
      const row = cell(home.placementType, segment, home.area);
      row.homes++;
      row.places += home.places;
      row.vacancies += home.vacancies;
    }
  }
  for (const row of demand.values()) {
    row.referralsPerVacancy = row.vacancies > 0 ? row.referrals / row.vacancies : null;
  }
  return {
    demandSupply: [...demand.values()].sort(
      (a, b) =>
        typeOrder(a.soughtType) - typeOrder(b.soughtType) ||
        segmentOrder(a.segment) - segmentOrder(b.segment) ||
        compareText(a.area, b.area),
    ),
    byLa: [...byLa.values()].map(finishPlacementRow).sort((a, b) => compareText(a.laCode!, b.laCode!)),
    region: finishPlacementRow(region),
    bySegment: [...bySegment.values()].sort(
      (a, b) =>
        Number(a.laCode === null) - Number(b.laCode === null) ||
        compareText(a.laCode ?? '', b.laCode ?? '') ||
        segmentOrder(a.segment) - segmentOrder(b.segment),
    ),
  };
}

const SEGMENT_ORDER = Object.keys(NEED_SEGMENTS);
const TYPE_ORDER = [...Object.keys(PLACEMENT_TYPES), 'unspecified'];

export function segmentOrder(s: NeedSegment): number {
  return SEGMENT_ORDER.indexOf(s);
}

function typeOrder(t: SoughtType): number {
  return TYPE_ORDER.indexOf(t);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
