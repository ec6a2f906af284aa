/**
 * A gap release as tables of plain values, for the gap page and its xlsx export (the same figures in
 * both). Counts come only from the jointly suppressed release; shares only from published counts.
 * Rows carry `_hidden` (keys shown as [c]) and `_counts` (JSON [all, own] pairs of every count in
 * the row) like the benchmark tables.
 */
import { NEED_SEGMENTS, type NeedSegment } from '../shared/codes.ts';
import type { ReleasedCount } from './count-table.ts';
import type { DataColumn, DataRow, DataTable } from './data-table.ts';
import { type GapCounts, type GapRelease, type GapStatus, sumCounts } from './gap-release.ts';
import { typeLabel } from './mps-text.ts';

type Cells = Record<string, ReleasedCount>;

/** A row of counts (and derived shares) as a DataRow with its hidden keys and [all, own] pairs. */
function countRow(labels: DataRow, cells: Cells, shares: Record<string, number | null> = {}): DataRow {
  const hidden = Object.entries(cells)
    .filter(([, c]) => c.all === null)
    .map(([k]) => k);
  const hiddenShares = Object.entries(shares)
    .filter(([, v]) => v === null)
    .map(([k]) => k);
  return {
    ...labels,
    ...Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.all])),
    ...Object.fromEntries(Object.entries(cells).map(([k, c]) => [`own_${k}`, c.own])),
    ...shares,
    _hidden: [...hidden, ...hiddenShares].join(' ') || null,
    _counts: JSON.stringify(Object.values(cells).map((c) => [c.all, c.own])),
  };
}

const ratio = (a: ReleasedCount, b: ReleasedCount): number | null =>
  a.all !== null && b.all !== null && b.all > 0 ? a.all / b.all : null;

function outcomeCells(c: GapCounts): { cells: Cells; shares: Record<string, number | null> } {
  const placedAll = sumCounts([c.status.placed, c.status.unregistered]);
  const ended = sumCounts([c.status.placed, c.status.unregistered, c.status.unmet]);
  return {
    cells: {
      referrals: c.referrals,
      placed: c.status.placed,
      unregistered: c.status.unregistered,
      unmet: c.status.unmet,
      withdrawn: c.status.withdrawn,
      open: c.status.open,
      far: c.farOrOutOfArea,
      fosterRes: c.residentialWhereFosterPreferred,
    },
    shares: { unmetShare: ratio(c.status.unmet, ended), farShare: ratio(c.farOrOutOfArea, placedAll) },
  };
}

const count = (key: string, header: string): DataColumn => ({ key, header, kind: 'integer' });
const share = (key: string, header: string): DataColumn => ({ key, header, kind: 'percent' });

function outcomeColumns(own: boolean): DataColumn[] {
  return [
    count('referrals', 'Referrals'),
    count('placed', 'Placed (registered)'),
    count('unregistered', 'Placed unregistered'),
    count('unmet', 'No placement found'),
    count('withdrawn', 'Withdrawn'),
    count('open', 'Still open'),
    share('unmetShare', 'No placement, share of those ended'),
    count('far', 'Placed over 20 miles or out of area'),
    share('farShare', 'Share of those placed'),
    count('fosterRes', 'In residential care, fostering preferred'),
    ...(own ? [count('own_referrals', 'Your referrals'), count('own_unmet', 'Your no placement')] : []),
  ];
}

export function gapTables(g: GapRelease, names: Readonly<Record<string, string>> = {}): DataTable[] {
  const own = g.viewerLaCode !== null;
  const name = (code: string) => names[code] ?? code;
  const hiddenNote =
    g.minCell <= 1
      ? 'Nothing is hidden: this view is for the hub only and must not be published.'
      : `Counts of fewer than ${g.minCell} of other local authorities’ children are not shown ([c]), nor some others that would reveal them.${own ? ' Your own referrals are always shown.' : ''}`;
  const definitions = [
    'A referral counts once, in the status it had at the end of the data: placed in a registered setting, placed in an unregistered one, no placement found, withdrawn, or still open.',
    'Over 20 miles: the straight-line distance from home, as the DfE measures it; out of area: outside the placing local authority. Each child counts once.',
    'Fostering preferred: the social worker marked foster care preferred and residential care not preferred.',
  ];
  const byLa: DataTable = {
    id: 'by-la',
    caption: 'Referrals and what became of them, by local authority',
    columns: [{ key: 'la', header: 'Local authority', kind: 'text', width: 28 }, ...outcomeColumns(false)],
    rows: [
      ...g.byLa.map((r) => {
        const { cells, shares } = outcomeCells(r);
        return countRow({ la: name(r.laCode) }, cells, shares);
      }),
      (() => {
        const { cells, shares } = outcomeCells(g.region);
        return { ...countRow({ la: 'The region' }, cells, shares), _total: 'yes' };
      })(),
    ],
    notes: [...definitions, hiddenNote],
  };
  const bySegment: DataTable = {
    id: 'by-segment',
    caption: 'Referrals and what became of them, by need segment, for the region',
    columns: [{ key: 'segment', header: 'Need segment', kind: 'text', width: 40 }, ...outcomeColumns(own)],
    rows: [
      ...g.bySegment.map((r) => {
        const { cells, shares } = outcomeCells(r);
        return countRow({ segment: NEED_SEGMENTS[r.segment] }, cells, shares);
      }),
      (() => {
        const { cells, shares } = outcomeCells(g.region);
        return { ...countRow({ segment: 'All segments' }, cells, shares), _total: 'yes' };
      })(),
    ],
    notes: [...definitions, hiddenNote],
  };
  const demandColumns = (first: DataColumn[]): DataColumn[] => [
    ...first,
    count('referrals', 'Referrals'),
    count('unmet', 'No placement found'),
    count('unregistered', 'Placed unregistered'),
    count('homes', 'Homes that fit'),
    count('places', 'Places'),
    count('vacancies', 'Open vacancies'),
    { key: 'perVacancy', header: 'Referrals per vacancy', kind: 'number' },
    ...(own ? [count('own_referrals', 'Your referrals')] : []),
  ];
  const demandRow = (
    labels: DataRow,
    r: {
      referrals: ReleasedCount;
      status: Record<GapStatus, ReleasedCount>;
      supply: GapRelease['byArea'][number]['supply'];
    },
  ) => ({
    ...countRow(
      labels,
      { referrals: r.referrals, unmet: r.status.unmet, unregistered: r.status.unregistered },
      {
        perVacancy:
          r.referrals.all !== null && r.supply.vacancies > 0
            ? Math.round((r.referrals.all / r.supply.vacancies) * 100) / 100
            : null,
      },
    ),
    homes: r.supply.homes,
    places: r.supply.places,
    vacancies: r.supply.vacancies,
    // No vacancies is not a hidden figure: the ratio just does not exist.
    _hidden:
      [r.referrals, r.status.unmet, r.status.unregistered]
        .map((c, i) => (c.all === null ? ['referrals', 'unmet', 'unregistered'][i] : null))
        .filter(Boolean)
        .concat(r.referrals.all === null && r.supply.vacancies > 0 ? ['perVacancy'] : [])
        .join(' ') || null,
  });
  const byArea: DataTable = {
    id: 'by-area',
    caption: 'Demand against supply, by need segment and area',
    columns: demandColumns([
      { key: 'segment', header: 'Need segment', kind: 'text', width: 40 },
      { key: 'area', header: 'Area', kind: 'text', width: 24 },
    ]),
    rows: g.byArea.map((r) => demandRow({ segment: NEED_SEGMENTS[r.segment], area: name(r.area) }, r)),
    notes: [
      'Area: the local authority the child was referred from (demand) or the home is in (supply).',
      'Homes that fit: listed, active homes of any type in the area that care for the need segment; a home caring for several segments counts in each. Vacancies: free beds in the bed ledger, or the provider’s own count confirmed in the last 30 days.',
      hiddenNote,
    ],
  };
  const bySought: DataTable = {
    id: 'by-sought',
    caption: 'Demand against supply, by the placement type sought and need segment',
    columns: demandColumns([
      { key: 'type', header: 'Type sought', kind: 'text', width: 24 },
      { key: 'segment', header: 'Need segment', kind: 'text', width: 40 },
    ]),
    rows: g.bySought.map((r) =>
      demandRow({ type: typeLabel(r.soughtType), segment: NEED_SEGMENTS[r.segment as NeedSegment] }, r),
    ),
    notes: [
      'Type sought: the placement type the social worker preferred (fostering first when several were), else the first suitable one.',
      'Foster carers are not in the directory of homes, so there is no supply of foster placements to show.',
      hiddenNote,
    ],
  };
  return [byLa, bySegment, byArea, bySought];
}
