/**
 * The directory as an Open Referral UK (HSDS 3) dataset, so other service directories and LA
 * systems can read it: one organization per provider, one service per home, one location per home
 * and the service_at_location link between them, plus our needs vocabulary as taxonomy terms and
 * attributes, and the offered price as a cost option. Field names follow the OR UK profile
 * (github.com/OpenReferralUK/uk-profile): required are organization id/name/description, service
 * id/name/status/url, location id.
 *
 * Privacy: children's homes' addresses are never exported (Ofsted redacts them publicly too). A
 * location is the home's postcode district: its centroid and the district as the postal code.
 * Ids are name-based UUIDs (version 5) of our own ids, so they are stable across exports.
 */
import { createHash } from 'node:crypto';
import type { DirectoryHome } from '../domain/directory/listing.ts';
import {
  NEED_CODES,
  NEED_LABELS,
  type NeedCode,
  OFSTED_RATINGS,
  PLACEMENT_TYPES,
  type PlacementType,
  SEXES,
} from '../domain/shared/codes.ts';
import { formatLongDate } from '../domain/shared/dates.ts';

export interface HsdsProvider {
  id: string;
  name: string;
  description?: string;
  /** Companies House number, exported as a GB-COH organization identifier. */
  companyNumber?: string | null;
  website?: string | null;
}

export interface HsdsOptions {
  /** Public base URL of this service; a home's service url is `${baseUrl}/directory/homes/{id}`. */
  baseUrl: string;
  /** Centroid of a postcode district (reference data), so no point is more precise than it. */
  districtCentroid: (district: string) => { lat: number; lon: number } | undefined;
  laName: (laCode: string) => string | undefined;
  /** Stamped on every service as last_modified (ISO date-time); the caller's clock. */
  generatedAt: string;
  /**
   * Include the lowest weekly price each home offers as a cost option. Off by default: prices are
   * commercially sensitive and shared with LAs, not published.
   */
  includePrices?: boolean;
}

type Row = Record<string, unknown>;
export interface HsdsDataset {
  organizations: Row[];
  services: Row[];
  locations: Row[];
  service_at_locations: Row[];
  taxonomies: Row[];
  taxonomy_terms: Row[];
  attributes: Row[];
  cost_options: Row[];
}

/** Our namespace for name-based UUIDs (itself a random v4 UUID, fixed forever). */
const NAMESPACE = '6f1c0e52-8d0b-4a59-9c3e-2b7d4e1f9a60';

/** RFC 9562 version 5 (SHA-1, name-based) UUID. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const TAXONOMY =
  'Sufficiency needs and placement types (Ofsted registration categories, Placements Data Standard risks)';
const taxonomyId = uuidV5('taxonomy:sufficiency');
const termId = (code: string) => uuidV5(`term:${code}`);

function vocabulary(): { taxonomies: Row[]; terms: Row[] } {
  const terms = [
    ...(Object.keys(PLACEMENT_TYPES) as PlacementType[]).map((c) => ({
      code: `placement-type:${c}`,
      term: PLACEMENT_TYPES[c],
    })),
    ...NEED_CODES.map((c) => ({ code: `need:${c}`, term: NEED_LABELS[c] })),
  ];
  return {
    taxonomies: [
      {
        id: taxonomyId,
        name: TAXONOMY,
        description: 'Needs as homes declare them and children present them',
      },
    ],
    terms: terms.map((t) => ({
      id: termId(t.code),
      code: t.code,
      term: t.term,
      taxonomy: TAXONOMY,
      taxonomy_id: taxonomyId,
    })),
  };
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function describe(h: DirectoryHome): string {
  const p = h.profile;
  const sexes =
    p.sexes.length === 2 ? 'boys and girls' : p.sexes.map((s) => `${lower(SEXES[s])}s only`).join('');
  const categories = p.registrationCategories.map((c) => lower(NEED_LABELS[c])).join(', ');
  return [
    `${PLACEMENT_TYPES[p.placementType]} setting with ${p.registeredPlaces} registered place${p.registeredPlaces === 1 ? '' : 's'}`,
    `ages ${p.ageMin} to ${p.ageMax}, ${sexes}`,
    categories ? `registered for ${categories}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function attributes(h: DirectoryHome, serviceId: string): Row[] {
  const links: [string, string][] = [
    ['placement-type', `placement-type:${h.profile.placementType}`],
    ...h.profile.registrationCategories.map((c): [string, string] => ['registration-category', `need:${c}`]),
    ...h.profile.needsSupported.map((c: NeedCode): [string, string] => ['need-supported', `need:${c}`]),
    ...h.profile.needsExcluded.map((c: NeedCode): [string, string] => ['need-excluded', `need:${c}`]),
  ];
  return links.map(([linkType, code]) => ({
    id: uuidV5(`attribute:${serviceId}:${linkType}:${code}`),
    link_id: serviceId,
    link_entity: 'service',
    link_type: linkType,
    taxonomy_term_id: termId(code),
  }));
}

export function toHsds(
  homes: readonly DirectoryHome[],
  providers: readonly HsdsProvider[],
  options: HsdsOptions,
): HsdsDataset {
  const { taxonomies, terms } = vocabulary();
  const homesByProvider = new Map<string, number>();
  for (const h of homes)
    homesByProvider.set(h.profile.providerOrgId, (homesByProvider.get(h.profile.providerOrgId) ?? 0) + 1);
  const organizations = providers
    .filter((p) => homesByProvider.has(p.id))
    .map((p) => ({
      id: uuidV5(`organization:${p.id}`),
      name: p.name,
      description:
        p.description ??
        `Provider of ${homesByProvider.get(p.id)} listed setting(s) for children in care in England`,
      ...(p.website ? { website: p.website } : {}),
      organization_identifiers: p.companyNumber
        ? [
            {
              id: uuidV5(`identifier:${p.id}`),
              identifier_scheme: 'GB-COH',
              identifier_type: 'Company number',
              identifier: p.companyNumber,
            },
          ]
        : [],
    }));
  const known = new Set(providers.map((p) => p.id));
  const out: HsdsDataset = {
    organizations,
    services: [],
    locations: [],
    service_at_locations: [],
    taxonomies,
    taxonomy_terms: terms,
    attributes: [],
    cost_options: [],
  };
  for (const h of homes) {
    const p = h.profile;
    if (!known.has(p.providerOrgId)) continue;
    const serviceId = uuidV5(`service:${p.id}`);
    const locationId = uuidV5(`location:${p.id}`);
    const rating = p.ofstedRating
      ? `Ofsted: ${OFSTED_RATINGS[p.ofstedRating]}${p.ofstedRatedOn ? ` (${formatLongDate(p.ofstedRatedOn)})` : ''}`
      : null;
    out.services.push({
      id: serviceId,
      organization_id: uuidV5(`organization:${p.providerOrgId}`),
      name: p.name,
      description: describe(h),
      url: `${options.baseUrl.replace(/\/$/, '')}/directory/homes/${encodeURIComponent(p.id)}`,
      status: 'active',
      minimum_age: p.ageMin,
      maximum_age: p.ageMax,
      ...(rating || p.urn
        ? { accreditations: [rating, p.urn ? `Ofsted URN ${p.urn}` : null].filter(Boolean).join('; ') }
        : {}),
      ...(h.availability.confirmedOn ? { assured_date: h.availability.confirmedOn } : {}),
      last_modified: options.generatedAt,
    });
    const centroid = options.districtCentroid(p.postcodeDistrict);
    const laName = options.laName(p.laCode);
    out.locations.push({
      id: locationId,
      name: `${p.postcodeDistrict} postcode district`,
      description: 'Shown to postcode district only: children’s homes’ addresses are not published',
      ...(centroid ? { latitude: centroid.lat, longitude: centroid.lon } : {}),
      ...(p.urn ? { external_identifier: p.urn, external_identifier_type: 'Ofsted URN' } : {}),
      addresses: [
        {
          id: uuidV5(`address:${p.id}`),
          location_id: locationId,
          address_1: 'Address withheld',
          city: laName ?? '',
          state_province: laName ?? '',
          postal_code: p.postcodeDistrict,
          country: 'GB',
          address_type: 'physical',
        },
      ],
    });
    out.service_at_locations.push({
      id: uuidV5(`service_at_location:${p.id}`),
      service_id: serviceId,
      location_id: locationId,
    });
    out.attributes.push(...attributes(h, serviceId));
    if (options.includePrices && h.weeklyPriceFromPence !== null) {
      out.cost_options.push({
        id: uuidV5(`cost_option:${p.id}`),
        service_id: serviceId,
        option: 'Standard placement',
        amount: h.weeklyPriceFromPence / 100,
        currency: 'GBP',
        amount_description: 'per week, from (excluding VAT)',
      });
    }
  }
  return out;
}
