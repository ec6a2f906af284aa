/**
 * The market position statement: a document for providers saying what the region expects to need,
 * what it needs more of and where, how far from home children are placed, what it pays and how it
 * buys; each statement generated from the data and pointing at the table behind it. The lead's page
 * renders it as printable HTML; `mpsDataPack` gives the tables as spreadsheet sheets.
 * Everything published here is suppressed for an outside audience (docs/pricing.md).
 */
import { NEED_SEGMENTS, type NeedSegment } from '../shared/codes.ts';
import { addDays, formatLongDate } from '../shared/dates.ts';
import { benchmarkPack } from './benchmark-pack.ts';
import { countCube } from './count-table.ts';
import { type DataSheet, sheetOfTable, uniqueSheetNames } from './data-table.ts';
import type { ReferralSummary } from './gap-types.ts';
import { isFar, isResidentialWhereFosterPreferred } from './gaps.ts';
import { demandSection, needsSection, placedReferrals } from './mps-demand.ts';
import { pricesSection, routesSection } from './mps-prices.ts';
import { percent } from './mps-text.ts';
import type { MarketPositionInput, MarketPositionStatement, MpsSection, MpsStatement } from './mps-types.ts';
import { MIN_CELL } from './suppression.ts';

export function marketPositionStatement(input: MarketPositionInput): MarketPositionStatement {
  const minCell = input.minCell ?? MIN_CELL;
  const pack = benchmarkPack(input.placements, { viewer: { laCode: null }, minCell });
  return {
    title: `${input.regionName}: market position statement for children’s placements`,
    regionName: input.regionName,
    asOf: input.asOf,
    dataPeriod: input.dataPeriod,
    sections: [
      aboutSection(input, minCell),
      demandSection(input),
      needsSection(input),
      distanceSection(input, minCell),
      pricesSection(pack),
      routesSection(pack, input),
    ],
  };
}

function aboutSection(input: MarketPositionInput, minCell: number): MpsSection {
  const lastDay = addDays(input.dataPeriod.to, -1);
  return {
    id: 'about',
    heading: 'About this statement',
    statements: [
      {
        text: `This statement tells providers what ${input.regionName} expects to need, where it is short of homes, what it pays and how it buys. It was produced on ${formatLongDate(input.asOf)} from ${input.placements.length} placements and ${input.referrals.length} referrals made between ${formatLongDate(input.dataPeriod.from)} and ${formatLongDate(lastDay)}.`,
        tableId: null,
      },
      {
        text: `To protect children’s privacy and the local authorities’ commercial positions, no figure about fewer than ${minCell} children or placements is published, nor any figure from which one could be worked out.`,
        tableId: null,
      },
    ],
    tables: [],
  };
}

function distanceSection(input: MarketPositionInput, minCell: number): MpsSection {
  const placed = placedReferrals(input.referrals);
  const bySegment = { segment: (r: ReferralSummary) => r.segment };
  const placedCube = countCube(placed, bySegment, minCell);
  const farCube = countCube(
    placed.filter((r) => isFar(r) || r.placedOutOfArea === true),
    bySegment,
    minCell,
  );
  const fosterCube = countCube(placed.filter(isResidentialWhereFosterPreferred), bySegment, minCell);
  const share = (a: number | null, b: number | null) => (a !== null && b ? a / b : null);
  const segments = (Object.keys(NEED_SEGMENTS) as NeedSegment[]).filter((s) =>
    placed.some((r) => r.segment === s),
  );
  const rowFor = (where: { segment?: string }, label: string) => {
    const n = placedCube.count(where);
    const far = farCube.count(where);
    return {
      segment: label,
      placed: n,
      farOrOutOfArea: far,
      share: share(far, n),
      residentialWhereFosterPreferred: fosterCube.count(where),
    };
  };
  const rows = [...segments.map((s) => rowFor({ segment: s }, NEED_SEGMENTS[s])), rowFor({}, 'All segments')];
  const total = rows.at(-1)!;
  const statements: MpsStatement[] = [];
  if (total.share !== null) {
    statements.push({
      text: `${percent(total.share)} of the children placed in the period were placed more than 20 miles from home or outside their own local authority.`,
      tableId: 'distance',
    });
  }
  const worst = rows
    .slice(0, -1)
    .filter((r) => r.share !== null)
    .sort((a, b) => b.share! - a.share!)[0];
  if (worst && worst.share !== null && total.share !== null && worst.share > total.share) {
    statements.push({
      text: `Children needing care for ${worst.segment.charAt(0).toLowerCase()}${worst.segment.slice(1)} needs were the most often placed far from home: ${percent(worst.share)}.`,
      tableId: 'distance',
    });
  }
  if (total.residentialWhereFosterPreferred !== null && total.residentialWhereFosterPreferred > 0) {
    statements.push({
      text: `${total.residentialWhereFosterPreferred} children were placed in a children’s home although their social worker preferred foster care: we want more foster carers able to care for them.`,
      tableId: 'distance',
    });
  }
  return {
    id: 'distance',
    heading: 'Placing children close to home',
    statements,
    tables: [
      {
        id: 'distance',
        caption: 'Children placed far from home, by need segment',
        columns: [
          { key: 'segment', header: 'Need segment', kind: 'text', width: 40 },
          { key: 'placed', header: 'Children placed', kind: 'integer' },
          { key: 'farOrOutOfArea', header: 'Over 20 miles or out of area', kind: 'integer' },
          { key: 'share', header: 'Share', kind: 'percent' },
          {
            key: 'residentialWhereFosterPreferred',
            header: 'In residential care, fostering preferred',
            kind: 'integer',
          },
        ],
        rows,
        notes: [
          'Over 20 miles: straight-line distance from home to placement, as the DfE measures it.',
          'Out of area: placed outside the placing local authority.',
          `Counts below ${minCell} are not shown, nor some others that would reveal them.`,
        ],
      },
    ],
  };
}

/** Every table of the statement as a spreadsheet sheet (the data pack), in document order. */
export function mpsDataPack(doc: MarketPositionStatement): DataSheet[] {
  const source = `${doc.regionName}, market position statement of ${formatLongDate(doc.asOf)}`;
  return uniqueSheetNames(
    doc.sections.flatMap((s) => s.tables.map((t) => ({ ...sheetOfTable(t, [source]), name: t.id }))),
  );
}
