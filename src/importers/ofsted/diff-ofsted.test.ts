import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OfstedRating } from '../../domain/shared/codes.ts';
import { applyOfstedChanges, diffOfstedImport, mergeRecord, type OfstedEntry } from './diff-ofsted.ts';
import type { OfstedProviderRecord } from './provider-record.ts';
import type { RegistrationStatus } from './values.ts';

function record(urn: string, over: Partial<OfstedProviderRecord> = {}): OfstedProviderRecord {
  return {
    source: { row: 2, sheet: null },
    urn,
    provisionType: "Children's home",
    placementType: 'residential',
    redacted: false,
    name: `Home ${urn}`,
    address: null,
    postcodeDistrict: 'UB3',
    postcodeSector: 'UB3 1',
    location: null,
    laCode: '312',
    sector: 'Private',
    ownerName: null,
    places: 4,
    registrationStatus: 'active',
    registeredOn: '2020-01-01',
    closedOn: null,
    registrationCategories: ['ebd'],
    rating: 'good',
    inspectedOn: '2024-05-01',
    publishedOn: null,
    ...over,
  };
}
const entry = (urn: string, over: Partial<OfstedProviderRecord> = {}): OfstedEntry =>
  mergeRecord(undefined, record(urn, over));
const national = { absentMeansClosed: true };

describe('what an Ofsted import changes', () => {
  it('finds registrations, closures, rating and places changes, each once', () => {
    const current = [entry('SC000001'), entry('SC000002'), entry('SC000003'), entry('SC000004')];
    const incoming = [
      record('SC000001', { rating: 'outstanding', inspectedOn: '2025-02-01' }),
      record('SC000002', { places: 5 }),
      record('SC000003', { registrationStatus: 'cancelled', closedOn: '2025-01-31' }),
      record('SC000005'),
    ];
    expect(diffOfstedImport(current, incoming, national).map((c) => [c.kind, c.urn])).toEqual([
      ['rating-changed', 'SC000001'],
      ['places-changed', 'SC000002'],
      ['closed', 'SC000003'],
      ['closed', 'SC000004'],
      ['registered', 'SC000005'],
    ]);
    expect(diffOfstedImport(current, incoming, { absentMeansClosed: false }).map((c) => c.urn)).not.toContain(
      'SC000004',
    );
  });

  it('keeps what a public (redacted) file does not say instead of wiping it', () => {
    const current = [entry('SC000001', { name: 'Oak House', postcodeDistrict: 'UB3' })];
    const redacted = record('SC000001', {
      redacted: true,
      name: null,
      postcodeDistrict: null,
      postcodeSector: null,
      registrationCategories: null,
    });
    expect(diffOfstedImport(current, [redacted], national)).toEqual([]);
  });

  it('reopens a closed home and notes suspensions', () => {
    const closed = { ...entry('SC000001'), status: 'closed' as const, closedOn: '2024-01-01' };
    const changes = diffOfstedImport(
      [closed, entry('SC000002')],
      [record('SC000001'), record('SC000002', { registrationStatus: 'suspended' })],
      national,
    );
    expect(changes.map((c) => c.kind)).toEqual(['reopened', 'status-changed']);
  });

  it('is idempotent: applying the changes and importing the same file again changes nothing', () => {
    const urn = fc.integer({ min: 1, max: 30 }).map((n) => `SC${String(n).padStart(6, '0')}`);
    const rec = fc.record({
      urn,
      places: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
      rating: fc.option(
        fc.constantFrom<OfstedRating>('outstanding', 'good', 'requires-improvement', 'inadequate'),
        { nil: null },
      ),
      status: fc.constantFrom<RegistrationStatus>('active', 'active', 'suspended', 'closed'),
      name: fc.option(fc.constantFrom('Oak', 'Ash'), { nil: null }),
    });
    const file = fc
      .uniqueArray(rec, { selector: (r) => r.urn, maxLength: 20 })
      .map((rs) =>
        rs.map((r) =>
          record(r.urn, { places: r.places, rating: r.rating, registrationStatus: r.status, name: r.name }),
        ),
      );
    fc.assert(
      fc.property(file, file, fc.boolean(), (first, second, absent) => {
        const options = { absentMeansClosed: absent };
        const afterFirst = applyOfstedChanges([], diffOfstedImport([], first, options));
        const changes = diffOfstedImport(afterFirst, second, options);
        const afterSecond = applyOfstedChanges(afterFirst, changes);
        expect(diffOfstedImport(afterSecond, second, options)).toEqual([]);
        const statusChanges = changes.filter((c) =>
          ['registered', 'closed', 'reopened', 'status-changed'].includes(c.kind),
        );
        expect(new Set(statusChanges.map((c) => c.urn)).size).toBe(statusChanges.length);
      }),
    );
  });
});
