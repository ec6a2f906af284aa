/**
 * Search results and homes as the pages, the API and the exports show them: plain values with
 * their labels, reasons factor by factor, distances and travel-time estimates labelled as such,
 * and a location that respects address privacy (`visibleLocation`): a full address and the home's
 * own point only for placement officers and the owning provider, the postcode district otherwise.
 */
import type { HomeProfile } from '../../domain/directory/home.ts';
import { FRESHNESS, MEMBERSHIP_KINDS } from '../../domain/directory/listing.ts';
import { formatMiles } from '../../domain/directory/places.ts';
import { PRICE_BANDS } from '../../domain/directory/price-band.ts';
import { type HomeAddress, type Viewer, visibleLocation } from '../../domain/directory/privacy.ts';
import { RANK_FACTORS } from '../../domain/directory/rank.ts';
import type { SearchResult } from '../../domain/directory/search.ts';
import { formatTravelTime } from '../../domain/directory/travel-time.ts';
import {
  NEED_LABELS,
  type NeedCode,
  OFSTED_RATINGS,
  PLACEMENT_TYPES,
  REGISTRATION_CATEGORIES,
  SEXES,
} from '../../domain/shared/codes.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';
import type { DirectoryEntry } from './snapshot.ts';

export const AVAILABILITY_SOURCES = {
  confirmed: 'confirmed by the provider',
  ledger: 'free beds in the bed ledger',
  none: 'not given',
} as const;

export function locationView(
  viewer: Viewer,
  profile: Pick<HomeProfile, 'providerOrgId' | 'postcodeDistrict' | 'location' | 'laCode'>,
  address: HomeAddress | null,
  ref: ReferenceData,
) {
  const district = profile.postcodeDistrict ? ref.districts.get(profile.postcodeDistrict) : undefined;
  const seen = visibleLocation(viewer, profile, address, district?.point ?? null);
  return {
    level: seen.level,
    postcodeDistrict: seen.postcodeDistrict || null,
    laCode: profile.laCode,
    laName: ref.las.get(profile.laCode)?.name ?? profile.laCode,
    address: seen.address,
    addressText: seen.address
      ? [
          seen.address.line1,
          seen.address.line2,
          seen.address.town,
          seen.address.county,
          seen.address.postcode,
        ]
          .filter(Boolean)
          .join(', ')
      : null,
    point: seen.point ? { lat: seen.point.lat, lon: seen.point.lon } : null,
  };
}

/** A home's profile as shown, remembered per profile object (a snapshot's profiles are reused). */
const profileViews = new WeakMap<HomeProfile, ReturnType<typeof buildProfileView>>();
export function profileView(p: HomeProfile) {
  let v = profileViews.get(p);
  if (!v) {
    v = buildProfileView(p);
    profileViews.set(p, v);
  }
  return v;
}

function buildProfileView(p: HomeProfile) {
  return {
    id: p.id,
    name: p.name,
    providerOrgId: p.providerOrgId,
    providerName: p.providerName,
    urn: p.urn,
    placementType: p.placementType,
    placementTypeLabel: PLACEMENT_TYPES[p.placementType],
    registeredPlaces: p.registeredPlaces,
    ageMin: p.ageMin,
    ageMax: p.ageMax,
    sexes: [...p.sexes],
    sexesText: p.sexes.map((s) => SEXES[s]).join(' and ') || 'None',
    registrationCategories: p.registrationCategories.map((c) => ({
      code: c,
      label: REGISTRATION_CATEGORIES[c],
    })),
    needsSupported: p.needsSupported.map((n) => ({ code: n, label: NEED_LABELS[n as NeedCode] ?? n })),
    needsExcluded: p.needsExcluded.map((n) => ({ code: n, label: NEED_LABELS[n as NeedCode] ?? n })),
    offersSolo: p.offersSolo,
    adapted: p.adapted,
    petsOnSite: p.petsOnSite,
    acceptsDeprivationOfLiberty: p.acceptsDeprivationOfLiberty,
    rating: p.ofstedRating,
    ratingLabel: p.ofstedRating ? OFSTED_RATINGS[p.ofstedRating] : 'No rating recorded',
    ratedOn: p.ofstedRatedOn,
  };
}

export type ResultView = ReturnType<typeof presentResult>;

export function presentResult(
  rank: number,
  r: SearchResult,
  entry: DirectoryEntry | undefined,
  viewer: Viewer,
  ref: ReferenceData,
  address: HomeAddress | null = null,
) {
  const { listing } = r;
  const p = listing.profile;
  return {
    rank,
    homeId: p.id,
    ...profileView(p),
    location: locationView(viewer, p, address, ref),
    score: r.score,
    reasons: r.reasons.map((x) => ({
      factor: x.factor,
      label: RANK_FACTORS[x.factor],
      points: x.points,
      weight: x.weight,
      message: x.message,
    })),
    distances: r.distances.map((d) => ({
      kind: d.kind,
      label: d.label,
      miles: Math.round(d.miles * 10) / 10,
      text: formatMiles(d.miles),
      limit: d.limit,
      within: d.within,
    })),
    travel: r.travel.map((t) => ({
      kind: t.kind,
      label: t.label,
      minutes: Math.round(t.time.minutes),
      roadMiles: Math.round(t.time.miles * 10) / 10,
      text: formatTravelTime(t.time),
      isEstimate: t.time.isEstimate,
      method: t.time.method,
    })),
    availability: {
      vacancies: listing.availability.vacancies,
      confirmedOn: listing.availability.confirmedOn,
      freshness: r.freshness,
      freshnessLabel: FRESHNESS[r.freshness],
      source: entry?.availabilitySource ?? 'none',
      sourceLabel: AVAILABILITY_SOURCES[entry?.availabilitySource ?? 'none'],
    },
    priceBand: listing.priceBand
      ? { code: listing.priceBand, label: PRICE_BANDS[listing.priceBand].label }
      : null,
    memberships: listing.memberships.map((m) => ({
      kind: m.kind,
      kindLabel: MEMBERSHIP_KINDS[m.kind],
      name: m.name,
      laCodes: [...m.laCodes],
    })),
    profileReviewed: entry?.profileReviewed ?? false,
    fromOfstedOwner: entry?.fromOfstedOwner ?? false,
  };
}

/** The map's data island (public/js/map.js): numbered homes where the viewer may see them, and places. */
export function mapData(
  results: readonly ResultView[],
  places: readonly { label: string; point: { lat: number; lon: number } }[],
) {
  return {
    homes: results
      .filter((r) => r.location.point)
      .map((r) => ({
        name: r.name,
        label: String(r.rank),
        lat: r.location.point!.lat,
        lon: r.location.point!.lon,
        href: `/directory/homes/${r.homeId}`,
        detail: `${r.score} points; ${r.location.postcodeDistrict ?? r.location.laName}${r.location.level === 'district' ? ' (district shown)' : ''}`,
      })),
    places: places.map((p) => ({ label: p.label, lat: p.point.lat, lon: p.point.lon })),
  };
}
