/**
 * A worked example, modelled on the West London residential soft block (seed 000): seven LAs with
 * equal shares, two partner homes, a three-year term with two one-year options (the first taken),
 * a 3% annual uplift, a 28-day hold paid by the LA whose child left, voids shared, and both kinds
 * of unavailability. The same contract and events are in docs/examples/charges/ as files, and the
 * tests check that the CLI reads them into exactly these values.
 */
import type { Ledger, Placement } from '../occupancy/ledger.ts';
import type { Contract } from './contract.ts';

const LAS = [
  ['barnet', 'Barnet'],
  ['brent', 'Brent'],
  ['ealing', 'Ealing'],
  ['hammersmith-fulham', 'Hammersmith & Fulham'],
  ['harrow', 'Harrow'],
  ['hillingdon', 'Hillingdon'],
  ['hounslow', 'Hounslow'],
] as const;

export const WEST_LONDON_CONTRACT: Contract = {
  id: 'wl-soft-block',
  name: 'West London residential soft block',
  kind: 'soft-block',
  provider: { id: 'partner-care', name: 'Partner Care Ltd' },
  term: {
    start: '2025-04-14',
    initialMonths: 36,
    extensions: [{ months: 12, exercised: true }, { months: 12 }],
    extensionNoticeMonths: 6,
  },
  breakClause: { noticeMonths: 6 },
  // 1/7 each: 142,858 ppm for Barnet (the largest remainder goes to the first) and 142,857 for the rest.
  shares: LAS.map(([la, name], i) => ({ la, name, ppm: i === 0 ? 142_858 : 142_857 })),
  lots: [{ id: 'lot-1', name: 'Existing homes within 20 miles', weeklyPrice: 420_000 }],
  homes: [
    {
      id: 'cedar',
      name: 'Cedar House',
      lot: 'lot-1',
      beds: [{ id: 'cedar-1' }, { id: 'cedar-2' }, { id: 'cedar-3' }, { id: 'cedar-4' }],
    },
    {
      id: 'elm',
      name: 'Elm Lodge',
      lot: 'lot-1',
      weeklyPrice: 456_000,
      beds: [{ id: 'elm-1' }, { id: 'elm-2' }, { id: 'elm-3' }],
    },
  ],
  maxBedsPerSetting: 5,
  uplift: { kind: 'fixed', ratePpm: 30_000 },
  vacancy: { holdDays: 28, holdPayer: 'leaving-la', afterHold: 'void-shared', retainerPpm: 0 },
};

const p = (
  id: string,
  bed: string,
  la: string,
  start: string,
  end: string | undefined,
  rest: Partial<Placement> = {},
): Placement => ({
  id,
  bed,
  la,
  start,
  ...(end ? { end } : {}),
  needSegment: 'ebd-standard',
  ...rest,
});

export const WEST_LONDON_LEDGER: Ledger = {
  placements: [
    p('P1', 'cedar-1', 'brent', '2025-04-14', undefined, { distanceMiles: 8 }),
    p('P2', 'cedar-2', 'ealing', '2025-06-01', '2026-04-10', {
      ending: 'unplanned',
      needSegment: 'ebd-complex',
      distanceMiles: 12,
      extras: [{ type: 'education', weekly: 35_000 }],
    }),
    p('P3', 'cedar-3', 'barnet', '2025-05-01', '2026-02-01', { ending: 'planned', distanceMiles: 15 }),
    p('P4', 'cedar-4', 'hounslow', '2025-04-14', '2026-03-01', { ending: 'planned', distanceMiles: 4 }),
    p('P5', 'elm-1', 'harrow', '2025-09-01', undefined, {
      distanceMiles: 10,
      extras: [{ type: 'therapy', weekly: 27_550 }],
    }),
    p('P6', 'elm-2', 'hillingdon', '2025-04-20', '2025-12-15', { ending: 'planned', distanceMiles: 22 }),
    p('P7', 'elm-3', 'hammersmith-fulham', '2026-04-03', '2028-09-15', {
      ending: 'planned',
      needSegment: 'ebd-complex',
      distanceMiles: 14,
      extras: [{ type: 'health', weekly: 50_000, from: '2026-06-01' }],
    }),
    p('P8', 'cedar-2', 'barnet', '2026-05-20', '2027-09-30', { ending: 'planned', distanceMiles: 25 }),
    p('P9', 'cedar-3', 'hounslow', '2026-06-01', '2026-06-20', {
      ending: 'unplanned',
      needSegment: 'ebd-complex',
      distanceMiles: 30,
    }),
    p('P10', 'cedar-3', 'hillingdon', '2026-09-01', '2028-08-31', { ending: 'planned' }),
    p('P11', 'cedar-4', 'brent', '2026-07-01', undefined, {
      needSegment: 'mental-health',
      distanceMiles: 18,
      extras: [
        { type: 'therapy', weekly: 27_550 },
        { type: 'transport', weekly: 9_000 },
      ],
    }),
    p('P12', 'cedar-2', 'harrow', '2027-11-01', undefined, { distanceMiles: 5 }),
    p('P13', 'elm-2', 'ealing', '2026-05-04', '2027-02-01', { ending: 'unplanned', distanceMiles: 9 }),
  ],
  unavailability: [
    { id: 'U1', bed: 'cedar-4', from: '2026-03-20', to: '2026-04-20', kind: 'provider', reason: 'Staffing' },
    {
      id: 'U2',
      bed: 'elm-2',
      from: '2026-04-06',
      to: '2026-04-27',
      kind: 'agreed',
      reason: 'Impact on current residents',
    },
    { id: 'U3', bed: 'elm-2', from: '2027-06-01', to: '2027-07-15', kind: 'provider', reason: 'Repairs' },
  ],
  decommissions: [{ bed: 'elm-3', from: '2028-10-01', reason: 'Home re-registered for younger children' }],
};
