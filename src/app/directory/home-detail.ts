/**
 * One home as its directory page and `GET /api/v1/directory/homes/:homeId` show it, for one viewer:
 * the profile, availability and its freshness, prices (LAs, hubs and the owner only, by policy),
 * memberships (declared, and the platform's own blocks and frameworks the viewer can see), the
 * Ofsted register and its history, local quality notes (LAs and hubs only, by policy) and the
 * location at the viewer's address level.
 */
import {
  currentMemberships,
  currentPrices,
  findHome,
  homeAddress,
  latestAvailability,
  ledgerVacancies,
  notesOfHome,
  ofstedHistory,
  ofstedRegisterEntry,
  ownLedgerVacancies,
  pricesOfHome,
} from '../../db/queries/directory.ts';
import type { Executor } from '../../db/tenant.ts';
import { FRESHNESS, type Freshness, freshnessOf } from '../../domain/directory/listing.ts';
import { addressLevelFor, type Viewer } from '../../domain/directory/privacy.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';
import { AVAILABILITY_SOURCES, locationView, profileView } from './present.ts';
import { STALE_AFTER_DAYS, withContractMemberships } from './search-homes.ts';
import { assembleEntries, type DirectorySnapshot } from './snapshot.ts';

export async function loadHomeDetail(
  db: Executor,
  homeId: string,
  viewer: Viewer,
  today: LocalDate,
  ref: ReferenceData,
  /** The directory as cached for the viewer's audience, if it is cached (LAs and hubs). */
  cached_?: DirectorySnapshot,
) {
  const row = await findHome(db, homeId);
  if (!row) return undefined;
  // Free beds: the owner counts its own ledger; LAs and hubs have them in the cached directory;
  // anyone else asks the counting function (which counts every home).
  const owner = viewer.orgKind === 'provider' && viewer.orgId === row.providerOrgId;
  const cached = !owner && cached_ ? cached_.byId.get(homeId) : undefined;
  const ledger = owner
    ? await ownLedgerVacancies(db, homeId, today)
    : cached
      ? [
          {
            homeId,
            beds: cached.beds,
            vacant: cached.availabilitySource === 'ledger' ? cached.listing.availability.vacancies : 0,
          },
        ]
      : (await ledgerVacancies(db, today)).filter((l) => l.homeId === homeId);
  const [entry] = assembleEntries([row], {
    memberships: await currentMemberships(db, today, homeId),
    prices: await currentPrices(db, today, homeId),
    availability: await latestAvailability(db, homeId),
    ledger,
  });
  const [listing] = await withContractMemberships(db, [entry!.listing], today);
  const level = addressLevelFor(viewer, { providerOrgId: row.providerOrgId });
  const address = level === 'full' ? ((await homeAddress(db, homeId)) ?? null) : null;
  const freshness: Freshness = freshnessOf(listing!.availability, today, STALE_AFTER_DAYS);
  const latest = (await latestAvailability(db, homeId))[0];
  return {
    row,
    entry: entry!,
    profile: profileView(listing!.profile),
    location: locationView(viewer, listing!.profile, address, ref),
    status: row.status,
    listed: row.listed,
    registeredOn: row.registeredOn,
    closedOn: row.closedOn,
    profileReviewedAt: row.profileUpdatedAt,
    ownedByViewer: viewer.orgKind === 'provider' && viewer.orgId === row.providerOrgId,
    fromOfstedOwner: row.ofstedOwnerKey !== null,
    availability: {
      ...listing!.availability,
      freshness,
      freshnessLabel: FRESHNESS[freshness],
      source: entry!.availabilitySource,
      sourceLabel: AVAILABILITY_SOURCES[entry!.availabilitySource],
      note: latest?.note ?? null,
      beds: entry!.beds,
    },
    weeklyPriceFromPence: listing!.weeklyPriceFromPence,
    priceBand: listing!.priceBand,
    prices: await pricesOfHome(db, homeId),
    memberships: listing!.memberships,
    notes: await notesOfHome(db, homeId),
    ofsted: row.urn
      ? {
          register: (await ofstedRegisterEntry(db, row.urn)) ?? null,
          history: await ofstedHistory(db, row.urn),
        }
      : null,
  };
}

export type HomeDetail = NonNullable<Awaited<ReturnType<typeof loadHomeDetail>>>;
