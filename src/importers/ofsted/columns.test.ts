import { describe, expect, it } from 'vitest';
import { columnLetter, mapColumns } from './columns.ts';

const rows = (...lines: string[][]) => lines.map((cells, i) => ({ number: i + 1, cells }));

describe('column mapping', () => {
  it('finds the header under title rows and maps headers from different vintages', () => {
    const m = mapColumns(
      rows(
        ['Children’s social care data in England'],
        [
          'Web link',
          'URN',
          'Provision type',
          'Name',
          'Local authority',
          'Places',
          'Overall experiences and progress of children and young people',
        ],
      ),
    );
    expect(m && 'map' in m && m.map.headerRow).toBe(2);
    expect(m && 'map' in m && Object.keys(m.map.columns)).toEqual([
      'urn',
      'provisionType',
      'name',
      'localAuthority',
      'places',
      'rating',
    ]);
    const older = mapColumns(
      rows(['U.R.N.', 'Setting Name', 'Max Users', 'Overall Effectiveness', 'Postcode']),
    );
    expect(older && 'map' in older && older.map.columns.places?.header).toBe('Max Users');
  });

  it('prefers the setting’s LA to the provider’s, and takes the full inspection over a repeated interim one', () => {
    const m = mapColumns(
      rows([
        'Local authority',
        'Setting local authority',
        'URN',
        'Provider type',
        'Overall effectiveness',
        'Overall effectiveness',
      ]),
    );
    expect(m && 'map' in m && m.map.columns.localAuthority?.letter).toBe('B');
    expect(m && 'map' in m && m.map.columns.rating?.letter).toBe('E');
  });

  it('skips sheets that are not provider lists', () => {
    expect(mapColumns(rows(['Local authority', 'URN', 'Setting name', 'Conditions']))).toBeUndefined();
    expect(mapColumns(rows(['Name', 'Town']))).toBeUndefined();
  });

  it('names columns as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });
});
