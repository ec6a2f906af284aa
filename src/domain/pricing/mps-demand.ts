/**
 * The demand sections of the market position statement: what the region expects to need (the
 * forecast) and what it needs more of, and where (referrals against homes that fit). Counts of
 * children are suppressed below five (count-table.ts).
 */
import { NEED_SEGMENTS, type NeedSegment } from '../shared/codes.ts';
import { countCube } from './count-table.ts';
import type { DataColumn, DataRow } from './data-table.ts';
import type { ReferralSummary, SoughtType } from './gap-types.ts';
import { isPlaced, segmentOrder, soughtType, sufficiencyGaps } from './gaps.ts';
import { change, listOf, segmentWords, typeLabel, typeWords } from './mps-text.ts';
import type { MarketPositionInput, MpsSection, MpsStatement } from './mps-types.ts';
import { MIN_CELL } from './suppression.ts';

export function demandSection(input: MarketPositionInput): MpsSection {
  const periods = [...new Set(input.forecast.map((p) => p.period))].sort();
  const segments = (Object.keys(NEED_SEGMENTS) as NeedSegment[]).filter((s) =>
    input.forecast.some((p) => p.segment === s),
  );
  const value = (s: NeedSegment, period: string) =>
    input.forecast.filter((p) => p.segment === s && p.period === period).reduce((a, p) => a + p.expected, 0);
  const first = periods[0];
  const last = periods.at(-1);
  const rows: DataRow[] = segments.map((s) => {
    const row: Record<string, string | number | null> = { segment: NEED_SEGMENTS[s] };
    for (const period of periods) row[period] = Math.round(value(s, period) * 10) / 10;
    row.change =
      first && last && value(s, first) > 0 ? (value(s, last) - value(s, first)) / value(s, first) : null;
    return row;
  });
  const columns: DataColumn[] = [
    { key: 'segment', header: 'Need segment', kind: 'text', width: 40 },
    ...periods.map((p): DataColumn => ({ key: p, header: p, kind: 'number' })),
    { key: 'change', header: `Change ${first ?? ''} to ${last ?? ''}`.trim(), kind: 'percent' },
  ];
  const statements: MpsStatement[] = [];
  if (!first || !last) {
    statements.push({ text: 'No demand forecast was available for this statement.', tableId: null });
  } else {
    const ranked = [...segments].sort(
      (a, b) => growth(value(b, first), value(b, last)) - growth(value(a, first), value(a, last)),
    );
    for (const s of ranked) {
      statements.push({
        text: `We expect the number of children needing care for ${segmentWords(s)} needs to ${change(value(s, first), value(s, last))} between ${first} and ${last}, to about ${Math.round(value(s, last))} in ${last}.`,
        tableId: 'forecast',
      });
    }
  }
  return {
    id: 'demand',
    heading: 'What we expect to need',
    statements,
    tables: [
      {
        id: 'forecast',
        caption: 'Forecast demand by need segment',
        columns,
        rows,
        notes: [
          'Expected number of children needing a placement in each period, from the region’s demand forecast.',
        ],
      },
    ],
  };
}

function growth(from: number, to: number): number {
  return from > 0 ? (to - from) / from : to > 0 ? Number.POSITIVE_INFINITY : 0;
}

/** Not placed, or placed only in an unregistered setting: the region had no suitable home. */
function notPlacedInRegisteredHome(r: ReferralSummary): boolean {
  return r.outcome === 'no-placement' || r.outcome === 'placed-unregistered';
}

export function needsSection(input: MarketPositionInput): MpsSection {
  const minCell = input.minCell ?? MIN_CELL;
  const dims = {
    type: (r: ReferralSummary) => soughtType(r),
    segment: (r: ReferralSummary) => r.segment,
    area: (r: ReferralSummary) => r.area,
  };
  const referred = countCube(input.referrals, dims, minCell);
  const unmet = countCube(input.referrals.filter(notPlacedInRegisteredHome), dims, minCell);
  const gaps = sufficiencyGaps(input.referrals, input.supply);
  const name = (area: string) => input.areaNames?.[area] ?? area;
  const rows = gaps.demandSupply.map((d) => {
    const where = { type: d.soughtType, segment: d.segment, area: d.area };
    return {
      type: typeLabel(d.soughtType),
      segment: NEED_SEGMENTS[d.segment],
      area: name(d.area),
      referrals: referred.count(where),
      notPlaced: unmet.count(where),
      homes: d.homes,
      places: d.places,
      vacancies: d.vacancies,
      _type: d.soughtType,
      _segment: d.segment,
    };
  });
  const statements: MpsStatement[] = [];
  const shortfalls = rows
    .filter((r) => (r.notPlaced ?? 0) > 0)
    .sort((a, b) => b.notPlaced! - a.notPlaced! || segmentOrder(a._segment) - segmentOrder(b._segment));
  for (const r of shortfalls.slice(0, 3)) {
    statements.push({
      text: `We need more ${typeWords(r._type as SoughtType)} for children with ${segmentWords(r._segment)} needs in ${r.area}: ${r.notPlaced} children referred there could not be placed in a registered home, against ${r.vacancies} open ${r.vacancies === 1 ? 'vacancy' : 'vacancies'} in homes that fit.`,
      tableId: 'needs',
    });
  }
  // Foster carers are not in the directory of homes, so "no homes" is said only of homes.
  const noHomes = rows.filter(
    (r) =>
      r.homes === 0 &&
      (r.referrals ?? 0) >= minCell &&
      (r._type === 'residential' || r._type === 'supported-accommodation'),
  );
  if (noHomes.length > 0) {
    statements.push({
      text: `There are no ${listOf(noHomes.slice(0, 3).map((r) => `${typeWords(r._type as SoughtType)} for ${segmentWords(r._segment)} needs in ${r.area}`))}, although children needing them were referred there.`,
      tableId: 'needs',
    });
  }
  if (statements.length === 0) {
    statements.push({
      text: 'Every referral in the period was placed in a registered setting.',
      tableId: 'needs',
    });
  }
  const total = referred.count({});
  const totalUnmet = unmet.count({});
  if (total !== null && totalUnmet !== null && total > 0) {
    statements.unshift({
      text: `In the period, ${totalUnmet} of ${total} referrals (${Math.round((totalUnmet / total) * 100)}%) could not be placed in a registered home.`,
      tableId: 'needs',
    });
  }
  return {
    id: 'needs',
    heading: 'What we need more of, and where',
    statements,
    tables: [
      {
        id: 'needs',
        caption: 'Referrals against homes that fit, by type sought, need and area',
        columns: [
          { key: 'type', header: 'Type sought', kind: 'text', width: 24 },
          { key: 'segment', header: 'Need segment', kind: 'text', width: 40 },
          { key: 'area', header: 'Area', kind: 'text', width: 20 },
          { key: 'referrals', header: 'Referrals', kind: 'integer' },
          { key: 'notPlaced', header: 'Not placed in a registered home', kind: 'integer' },
          { key: 'homes', header: 'Homes that fit', kind: 'integer' },
          { key: 'places', header: 'Places', kind: 'integer' },
          { key: 'vacancies', header: 'Open vacancies', kind: 'integer' },
        ],
        rows: rows.map(({ _type, _segment, ...row }) => row),
        notes: [
          'Type sought: the placement type the social worker preferred (fostering first when several were).',
          'Homes that fit: homes of that type in the area that care for the need segment; a home caring for several segments counts in each.',
          `Counts of children below ${minCell} are not shown, and neither are some others so that they cannot be worked out from the totals.`,
        ],
      },
    ],
  };
}

/** Placed children, for the distance section. */
export function placedReferrals(referrals: readonly ReferralSummary[]): ReferralSummary[] {
  return referrals.filter(isPlaced);
}
