import { describe, expect, it } from 'vitest';
import { marketPositionStatement, mpsDataPack } from './market-position.ts';
import type { MarketPositionInput } from './mps-types.ts';
import { generateRegion } from './synthetic-region.ts';

const region = generateRegion({ seed: 4, las: 5, years: 2, placementsPerLaYear: 60, endOn: '2026-04-01' });
const input: MarketPositionInput = {
  regionName: 'The Example Region',
  asOf: '2026-05-01',
  dataPeriod: { from: '2024-04-01', to: '2026-04-01' },
  forecast: [
    { segment: 'ebd-standard', period: '2026-27', expected: 100 },
    { segment: 'ebd-standard', period: '2027-28', expected: 120 },
    { segment: 'mental-health', period: '2026-27', expected: 50 },
    { segment: 'mental-health', period: '2027-28', expected: 45 },
  ],
  placements: region.placements,
  referrals: region.referrals,
  supply: region.supply,
  routes: [
    {
      name: 'Regional residential framework',
      kind: 'framework',
      description: 'Call-offs at agreed prices for registered children’s homes.',
      nextOpportunity: '2026-09-01',
    },
  ],
  areaNames: { '301': 'Northtown' },
};
const doc = marketPositionStatement(input);
const tables = doc.sections.flatMap((s) => s.tables);

describe('marketPositionStatement', () => {
  it('has its sections in order, each statement resting on a table in the document', () => {
    expect(doc.sections.map((s) => s.id)).toEqual([
      'about',
      'demand',
      'needs',
      'distance',
      'prices',
      'routes',
    ]);
    const ids = new Set(tables.map((t) => t.id));
    for (const s of doc.sections) {
      for (const st of s.statements) if (st.tableId !== null) expect(ids.has(st.tableId)).toBe(true);
      if (s.id !== 'about') expect(s.statements.length).toBeGreaterThan(0);
    }
  });

  it('words the forecast from the numbers, fastest growth first', () => {
    const demand = doc.sections.find((s) => s.id === 'demand')!;
    // ebd-standard 100 → 120: +20%. mental-health 50 → 45: -10%.
    expect(demand.statements.map((s) => s.text)).toEqual([
      'We expect the number of children needing care for emotional and behavioural, standard needs to rise by 20% between 2026-27 and 2027-28, to about 120 in 2027-28.',
      'We expect the number of children needing care for mental health needs to fall by 10% between 2026-27 and 2027-28, to about 45 in 2027-28.',
    ]);
    expect(demand.tables[0]!.rows[0]).toMatchObject({ '2026-27': 100, '2027-28': 120, change: 0.2 });
  });

  it('publishes no count of one to four children or placements', () => {
    const countColumns = [
      'referrals',
      'notPlaced',
      'placed',
      'farOrOutOfArea',
      'residentialWhereFosterPreferred',
      'placements',
    ];
    let hidden = 0;
    for (const t of tables) {
      for (const row of t.rows) {
        for (const key of countColumns) {
          const v = row[key];
          if (v === undefined) continue;
          if (v === null) hidden++;
          else expect(v === 0 || (typeof v === 'number' && v >= 5)).toBe(true);
        }
      }
    }
    expect(hidden).toBeGreaterThan(0); // a region this small has small cells to hide
  });

  it('names areas and routes, and says what it pays', () => {
    const needs = tables.find((t) => t.id === 'needs')!;
    expect(needs.rows.some((r) => r.area === 'Northtown')).toBe(true);
    const routes = doc.sections.find((s) => s.id === 'routes')!;
    expect(routes.statements.at(-1)!.text).toBe(
      'Regional residential framework (framework call-off): Call-offs at agreed prices for registered children’s homes. The next opportunity opens on 1 September 2026.',
    );
    const prices = doc.sections.find((s) => s.id === 'prices')!;
    expect(
      prices.statements.some((s) =>
        /^For residential care for .* half of the \d+ placements cost between £[\d,]+ and £[\d,]+ a week \(median £[\d,]+\)\.$/.test(
          s.text,
        ),
      ),
    ).toBe(true);
  });

  it('gives one sheet per table for the data pack', () => {
    const sheets = mpsDataPack(doc);
    expect(sheets.map((s) => s.name)).toEqual(tables.map((t) => t.id));
    const forecast = sheets[0]!;
    expect(forecast.preamble?.[0]).toBe('Forecast demand by need segment');
    expect(forecast.columns.map((c) => c.value(forecast.rows[0]!))).toEqual([
      'Emotional and behavioural, standard',
      100,
      120,
      0.2,
    ]);
  });
});
