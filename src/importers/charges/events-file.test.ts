import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/errors.ts';
import { readEventsFile } from './events-file.ts';

const header =
  'record,id,bed,la,start_date,end_date,ending,need_segment,distance_miles,kind,reason,extra_type,weekly_amount';

function problems(csv: string): string[] {
  try {
    readEventsFile(csv);
    return [];
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return e.fieldErrors.map((f) => `row ${f.row} ${f.field}: ${f.message}`);
  }
}

describe('events.csv', () => {
  it('reads each kind of record, UK dates, pounds, and skips blank rows without renumbering', () => {
    const ledger = readEventsFile(
      [
        header,
        'placement,P1,b1,brent,01/04/2025,,,ebd-standard,12.5,,,,',
        '',
        'extra,P1,,,,,,,,,,therapy,"£1,200.50"',
        'Unavailable,U1,b2,,2025-04-01,,,,,agreed,Resident mix,,',
        'decommission,,b3,,2025-06-01,,,,,,Closed,,',
      ].join('\r\n'),
    );
    expect(ledger.placements).toEqual([
      {
        id: 'P1',
        bed: 'b1',
        la: 'brent',
        start: '2025-04-01',
        needSegment: 'ebd-standard',
        distanceMiles: 12.5,
        row: 2,
        extras: [{ type: 'therapy', weekly: 120_050, row: 4 }],
      },
    ]);
    expect(ledger.unavailability).toEqual([
      { id: 'U1', bed: 'b2', from: '2025-04-01', kind: 'agreed', reason: 'Resident mix', row: 5 },
    ]);
    expect(ledger.decommissions).toEqual([{ bed: 'b3', from: '2025-06-01', reason: 'Closed', row: 6 }]);
  });

  it('lists every bad cell with its row and column', () => {
    expect(
      problems(
        [
          header,
          'placement,P1,b1,,31/02/2025,,,ebd-basic,far,,,,',
          'unavailability,U1,b1,,2025-04-01,,,,,sometimes,,,',
          'extra,P9,,,,,,,,,,therapy,12.345',
          'transfer,X,b1,,2025-04-01,,,,,,,,',
        ].join('\n'),
      ),
    ).toEqual([
      'row 2 la: this column is required for this kind of record',
      'row 2 start_date: "31/02/2025" is not a real date (YYYY-MM-DD or dd/mm/yyyy)',
      'row 2 need_segment: "ebd-basic" is not one of: ebd-standard, ebd-complex, disability, mental-health, solo-complex',
      'row 2 distance_miles: "far" is not a number of miles',
      'row 3 kind: "sometimes" is not one of: provider, agreed',
      'row 3 reason: this column is required for this kind of record',
      'row 4 weekly_amount: "12.345" is not an amount in pounds',
      'row 5 record: "transfer" is not placement, unavailability, decommission or extra',
    ]);
  });

  it('refuses an extra for a placement that is not in the file, and a file without the key columns', () => {
    expect(problems(`${header}\nextra,P9,,,,,,,,,,therapy,10`)).toEqual([
      'row 2 id: no placement "P9" in this file',
    ]);
    expect(problems('id,bed\nP1,b1')).toEqual([
      'row 1 record: the header has no "record" column',
      'row 1 start_date: the header has no "start_date" column',
    ]);
  });
});
