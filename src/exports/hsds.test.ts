import { describe, expect, it } from 'vitest';
import { buildListing, POINTS } from '../domain/directory/directory-builders.ts';
import { syntheticDirectory } from '../domain/directory/synthetic-directory.ts';
import { seededRng } from '../domain/shared/rng.ts';
import { sectorSeeds } from '../reference/lookups.ts';
import { referenceData } from '../reference/reference-data.ts';
import { type HsdsOptions, toHsds, uuidV5 } from './hsds.ts';

const ref = referenceData();
const options: HsdsOptions = {
  baseUrl: 'https://sufficiency.example/',
  districtCentroid: (d) => ref.districts.get(d)?.point,
  laName: (c) => ref.las.get(c)?.name,
  generatedAt: '2025-06-03T09:00:00.000Z',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Open Referral UK export', () => {
  it('makes RFC 9562 name-based UUIDs', () => {
    // The RFC's own example: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('maps a provider and its home to organization, service, location and their link', () => {
    const home = buildListing({
      id: 'home-1',
      providerOrgId: 'prov-1',
      registrationCategories: ['ebd', 'learning-difficulty'],
    });
    const data = toHsds(
      [home],
      [{ id: 'prov-1', name: 'Oakfield Care Ltd', companyNumber: '01234567' }],
      options,
    );
    const org = data.organizations[0]!;
    const service = data.services[0]!;
    const location = data.locations[0]!;
    expect(org).toMatchObject({
      name: 'Oakfield Care Ltd',
      organization_identifiers: [{ identifier_scheme: 'GB-COH', identifier: '01234567' }],
    });
    expect(service).toMatchObject({
      organization_id: org.id,
      name: 'Oak House',
      status: 'active',
      url: 'https://sufficiency.example/directory/homes/home-1',
      minimum_age: 8,
      maximum_age: 17,
      accreditations: 'Ofsted: Good (1 May 2024); Ofsted URN SC123456',
      description:
        'Residential setting with 4 registered places; ages 8 to 17, boys and girls; registered for emotional and behavioural difficulties, learning difficulty',
    });
    expect(location).toMatchObject({
      name: 'UB3 postcode district',
      latitude: 51.50493,
      longitude: -0.4214,
      external_identifier: 'SC123456',
    });
    expect(data.service_at_locations).toEqual([
      { id: expect.stringMatching(UUID), service_id: service.id, location_id: location.id },
    ]);
    const attributeTerms = data.attributes.map(
      (a) => data.taxonomy_terms.find((t) => t.id === a.taxonomy_term_id)?.code,
    );
    expect(attributeTerms).toEqual([
      'placement-type:residential',
      'need:ebd',
      'need:learning-difficulty',
      'need:missing',
      'need:others-fire',
    ]);
    expect(data.cost_options).toEqual([]);
    expect(
      toHsds([home], [{ id: 'prov-1', name: 'x' }], { ...options, includePrices: true }).cost_options[0],
    ).toMatchObject({ amount: 5500, currency: 'GBP' });
  });

  it('holds together for a national directory: required fields, unique ids, every reference resolves, stable ids', () => {
    const homes = syntheticDirectory(sectorSeeds(ref), seededRng(5), 300, '2025-06-01').map((h) => h.listing);
    const providers = [
      ...new Map(
        homes.map((h) => [
          h.profile.providerOrgId,
          { id: h.profile.providerOrgId, name: h.profile.providerName },
        ]),
      ).values(),
    ];
    const data = toHsds(homes, providers, options);
    expect(data.services).toHaveLength(300);
    const all = Object.values(data).flat();
    const ids = all.map((r) => r.id as string);
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const has = (rows: Record<string, unknown>[]) => new Set(rows.map((r) => r.id));
    const [orgs, services, locations, terms] = [
      has(data.organizations),
      has(data.services),
      has(data.locations),
      has(data.taxonomy_terms),
    ];
    for (const o of data.organizations)
      expect([o.name, o.description].every((v) => typeof v === 'string' && v !== '')).toBe(true);
    for (const s of data.services) {
      expect(orgs.has(s.organization_id)).toBe(true);
      expect([s.name, s.status, s.url].every((v) => typeof v === 'string' && v !== '')).toBe(true);
    }
    for (const l of data.service_at_locations)
      expect(services.has(l.service_id) && locations.has(l.location_id)).toBe(true);
    for (const a of data.attributes)
      expect(services.has(a.link_id) && terms.has(a.taxonomy_term_id)).toBe(true);
    expect(toHsds(homes, providers, options)).toEqual(data);
  });

  it('never exports an address or a point more precise than the postcode district', () => {
    const homes = syntheticDirectory(sectorSeeds(ref), seededRng(9), 100, '2025-06-01');
    const data = toHsds(
      homes.map((h) => h.listing),
      homes.map((h) => ({ id: h.listing.profile.providerOrgId, name: h.listing.profile.providerName })),
      options,
    );
    const text = JSON.stringify(data);
    for (const { listing, address } of homes) {
      expect(text).not.toContain(address.postcode);
      expect(text).not.toContain(address.line1);
      const d = ref.districts.get(listing.profile.postcodeDistrict)!.point;
      if (listing.profile.location!.lat !== d.lat)
        expect(text).not.toContain(String(listing.profile.location!.lat));
    }
    expect(text).not.toContain(String(POINTS['UB3 1'].lat));
  });
});
