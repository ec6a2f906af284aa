/**
 * A search's shortlist as a spreadsheet (xlsx or CSV through src/exports/spreadsheet.ts): one row
 * per home with its reasons, distances and the travel-time estimate (labelled as one), and a second
 * sheet with every ranking factor's points. Addresses appear only where the viewer may see them.
 */

import { formatLongDate, type LocalDate } from '../../domain/shared/dates.ts';
import type { Sheet } from '../../exports/spreadsheet.ts';
import type { ResultView } from './present.ts';

export interface ShortlistMeta {
  asOf: LocalDate;
  by: string;
  /** One line describing the search (the child's needs and the places, by sector). */
  search: string;
}

const TRAVEL_NOTE =
  'Travel times are estimates: straight-line distance × 1.3 for roads, at banded average speeds; not a route.';

export function shortlistSheets(
  rows: readonly ResultView[],
  meta: ShortlistMeta,
): [Sheet<ResultView>, Sheet<ReasonRow>] {
  const preamble = [
    `Shortlist from the Sufficiency directory, ${formatLongDate(meta.asOf)}, by ${meta.by}`,
    meta.search,
    TRAVEL_NOTE,
  ];
  const homes: Sheet<ResultView> = {
    name: 'Shortlist',
    preamble,
    rows,
    columns: [
      { header: 'Rank', kind: 'integer', value: (r) => r.rank },
      { header: 'Home', kind: 'text', value: (r) => r.name, width: 28 },
      { header: 'Provider', kind: 'text', value: (r) => r.providerName, width: 28 },
      { header: 'URN', kind: 'text', value: (r) => r.urn },
      { header: 'Placement type', kind: 'text', value: (r) => r.placementTypeLabel },
      { header: 'Local authority', kind: 'text', value: (r) => r.location.laName },
      { header: 'Postcode district', kind: 'text', value: (r) => r.location.postcodeDistrict },
      { header: 'Address', kind: 'text', value: (r) => r.location.addressText, width: 40 },
      { header: 'Score (of 100)', kind: 'number', value: (r) => r.score },
      {
        header: 'Distances (straight line)',
        kind: 'text',
        value: (r) => r.distances.map((d) => `${d.label} ${d.text}`).join('; '),
        width: 40,
      },
      {
        header: 'Travel time (estimate)',
        kind: 'text',
        value: (r) => r.travel.map((t) => `${t.label} ${t.text}`).join('; '),
        width: 40,
      },
      { header: 'Vacancies', kind: 'integer', value: (r) => r.availability.vacancies },
      { header: 'Availability confirmed on', kind: 'date', value: (r) => r.availability.confirmedOn },
      { header: 'Availability', kind: 'text', value: (r) => r.availability.freshnessLabel, width: 30 },
      { header: 'Ofsted rating', kind: 'text', value: (r) => r.ratingLabel },
      { header: 'Rated on', kind: 'date', value: (r) => r.ratedOn },
      { header: 'Price band', kind: 'text', value: (r) => r.priceBand?.label ?? 'No price offered' },
      {
        header: 'Blocks and frameworks',
        kind: 'text',
        value: (r) => r.memberships.map((m) => `${m.kindLabel}: ${m.name}`).join('; '),
        width: 30,
      },
      { header: 'Ages', kind: 'text', value: (r) => `${r.ageMin} to ${r.ageMax}` },
      { header: 'Sexes', kind: 'text', value: (r) => r.sexesText },
      { header: 'Registered places', kind: 'integer', value: (r) => r.registeredPlaces },
    ],
  };
  const reasons: ReasonRow[] = rows.flatMap((r) =>
    r.reasons.map((x) => ({
      rank: r.rank,
      home: r.name,
      factor: x.label,
      points: x.points,
      weight: x.weight,
      message: x.message,
    })),
  );
  const why: Sheet<ReasonRow> = {
    name: 'Reasons',
    preamble: [preamble[0]!],
    rows: reasons,
    columns: [
      { header: 'Rank', kind: 'integer', value: (x) => x.rank },
      { header: 'Home', kind: 'text', value: (x) => x.home, width: 28 },
      { header: 'Factor', kind: 'text', value: (x) => x.factor },
      { header: 'Points', kind: 'number', value: (x) => x.points },
      { header: 'Out of', kind: 'integer', value: (x) => x.weight },
      { header: 'Why', kind: 'text', value: (x) => x.message, width: 60 },
    ],
  };
  return [homes, why];
}

export interface ReasonRow {
  rank: number;
  home: string;
  factor: string;
  points: number;
  weight: number;
  message: string;
}
