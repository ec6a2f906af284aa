/**
 * "Who is worth contacting for this child?": the directory search over the cached snapshot, with
 * the blocks and frameworks the searching organisation can see added per request, and matching's
 * hard eligibility rules (src/domain/matching) as the eligibility check whenever the child is known
 * well enough (age, sex and primary need, or a live referral). Reads of a referral are audited.
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { contractMemberships } from '../../db/queries/directory.ts';
import { type LiveReferralRow, liveReferral } from '../../db/queries/directory-referrals.ts';
import type { Executor, Tenant } from '../../db/tenant.ts';
import { prepareArea } from '../../domain/directory/area.ts';
import {
  type EligibilityFn,
  eligibilityFromFailures,
  type NeedsQuery,
  needsQueryFromChild,
} from '../../domain/directory/eligibility.ts';
import type { DirectoryHome, Membership } from '../../domain/directory/listing.ts';
import { type DirectoryQuery, type SearchOutcome, searchDirectory } from '../../domain/directory/search.ts';
import { straightLineEstimator } from '../../domain/directory/travel-time.ts';
import { homeEligibility } from '../../domain/matching/eligibility.ts';
import type { ChildProfile, PlacementRequirements } from '../../domain/referrals/profile.ts';
import { PLACEMENT_TYPES, type PlacementType } from '../../domain/shared/codes.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { regionOfLa } from '../../reference/lookups.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';
import type { SearchInput } from './search-input.ts';
import type { DirectoryCache, DirectorySnapshot, TenantAccess } from './snapshot.ts';

/** Availability older than this is shown, and ranked, as possibly out of date. */
export const STALE_AFTER_DAYS = 7;

export interface SearchContext {
  today: LocalDate;
  /** The searching LA's DfE code (blocks and frameworks open to it rank higher); null for the hub. */
  laCode: string | null;
  cache: DirectoryCache;
  ref: ReferenceData;
}

export interface HomeSearch {
  outcome: SearchOutcome;
  snapshot: DirectorySnapshot;
  /** The referral the search was for, when one was chosen. */
  referral: { id: string; reference: string } | null;
  /** Whether matching's rules decided eligibility (else the directory's own checks). */
  matcher: 'matching' | 'directory';
  needs: NeedsQuery;
}

const MEMBERSHIP_OF_CONTRACT: Record<string, Membership['kind'] | undefined> = {
  'hard-block': 'block',
  'soft-block': 'block',
  framework: 'framework',
};

type ContractRows = Awaited<ReturnType<typeof contractMemberships>>;

/** Adds the platform's own blocks and frameworks (contract rows the caller can see) to listings. */
export function addContractMemberships(
  listings: readonly DirectoryHome[],
  rows: ContractRows,
): readonly DirectoryHome[] {
  if (rows.length === 0) return listings;
  const byHome = new Map<string, Membership[]>();
  for (const r of rows) {
    const kind = MEMBERSHIP_OF_CONTRACT[r.kind];
    if (!kind) continue;
    const list = byHome.get(r.homeId) ?? [];
    list.push({ kind, id: r.id, name: r.name, laCodes: r.laCodes });
    byHome.set(r.homeId, list);
  }
  return listings.map((l) => {
    const extra = byHome.get(l.profile.id);
    return extra ? { ...l, memberships: [...l.memberships, ...extra] } : l;
  });
}

/** The same, reading the contracts the caller can see now. */
export async function withContractMemberships(
  db: Executor,
  listings: readonly DirectoryHome[],
  today: LocalDate,
): Promise<readonly DirectoryHome[]> {
  return addContractMemberships(listings, await contractMemberships(db, today));
}

/** Listings with an organisation's contracts, remembered while the snapshot and its rows stand. */
const withContracts = new WeakMap<
  ContractRows,
  { snapshot: DirectorySnapshot; listings: readonly DirectoryHome[] }
>();
function listingsFor(snapshot: DirectorySnapshot, rows: ContractRows): readonly DirectoryHome[] {
  const hit = withContracts.get(rows);
  if (hit && hit.snapshot === snapshot) return hit.listings;
  const listings = addContractMemberships(snapshot.searchable, rows);
  withContracts.set(rows, { snapshot, listings });
  return listings;
}

type Matchable = { child: ChildProfile; requirements: PlacementRequirements };

/** A referral's profile and requirements as matching reads them. */
export function matchableOf(r: LiveReferralRow): Matchable {
  return {
    child: { ...(r.profile as unknown as ChildProfile), childRef: r.reference },
    requirements: r.requirements as unknown as PlacementRequirements,
  };
}

/** What the search form says about the child, as matching's input (unknowns are "not specified"). */
export function matchableOfNeeds(needs: NeedsQuery): Matchable | undefined {
  if (needs.ageYears === undefined || !needs.sex || !needs.primaryNeed) return undefined;
  const suitability = Object.fromEntries(
    (Object.keys(PLACEMENT_TYPES) as PlacementType[]).map((t) => [
      t,
      needs.placementType === undefined
        ? 'not-specified'
        : t === needs.placementType
          ? 'preferred'
          : 'unsuitable',
    ]),
  ) as PlacementRequirements['suitability'];
  return {
    child: {
      childRef: 'search',
      ageYears: needs.ageYears,
      sex: needs.sex,
      primaryNeed: needs.primaryNeed,
      risks: (needs.needs ?? []).filter((n) => n !== needs.primaryNeed) as ChildProfile['risks'],
    },
    requirements: {
      neededBy: 'gt-5-days',
      latestStart: '9999-12-31',
      siblingCount: 0,
      isPreferredLocationLocal: true,
      keepSchool: false,
      communicationNeeds: 'not-specified',
      communicationRequirements: [],
      homeAdaptationRequired: needs.adaptationRequired ?? false,
      culturalNeeds: 'not-known',
      livingCompanions: needs.solo ? 'solo' : 'no-preference',
      pets: needs.noPets ? 'no' : 'not-known',
      additionalSupport: [],
      deprivationOfLiberty: needs.deprivationOfLiberty ?? false,
      suitability,
      penPortrait: '',
    },
  };
}

const hasNeeds = (n: NeedsQuery) => Object.keys(n).length > 0;

/**
 * Runs a search. `access` reaches the database when it must (a warm cache needs no round trip):
 * pass `inTransaction(trx)` from inside a tenant transaction, or one that opens its own.
 */
export async function searchHomes(
  access: TenantAccess,
  tenant: Tenant,
  input: SearchInput,
  ctx: SearchContext,
): Promise<HomeSearch> {
  const snapshot = await ctx.cache.get(access, tenant, ctx.today);
  const rows = await ctx.cache.contractsFor(access, tenant, ctx.today, snapshot.version);
  const listings = listingsFor(snapshot, rows);

  let referral: LiveReferralRow | undefined;
  if (input.referralId) {
    const id = input.referralId;
    referral =
      tenant.orgKind === 'local-authority'
        ? await access(async (trx) => {
            const found = await liveReferral(trx, tenant.orgId, id);
            if (found) {
              await appendAudit(trx, tenant, [
                {
                  action: 'read',
                  entityType: 'referral',
                  entityId: found.id,
                  detail: { purpose: 'directory search' },
                },
              ]);
            }
            return found;
          })
        : undefined;
    if (!referral) {
      throw new DomainError('validation', 'Choose one of your live referrals', [
        { field: 'referralId', message: 'Choose one of your live referrals' },
      ]);
    }
  }
  const fromReferral = referral ? matchableOf(referral) : undefined;
  const needs =
    hasNeeds(input.needs) || !fromReferral
      ? input.needs
      : needsQueryFromChild(fromReferral.child, fromReferral.requirements);
  const matchable = fromReferral ?? matchableOfNeeds(needs);
  const eligibility: EligibilityFn | undefined = matchable
    ? eligibilityFromFailures((home) => homeEligibility(matchable, home))
    : undefined;

  const query: DirectoryQuery = {
    asOf: ctx.today,
    needs,
    places: input.places.map((p) => ({ kind: p.kind, label: p.label, point: p.point })),
    distanceRule: {
      withinMiles: input.rule === 'within' ? input.withinMiles : null,
      rankBy: input.rule === 'maximum' ? 'maximum' : 'total',
    },
    ...(input.area ? { area: prepareArea(input.area) } : {}),
    ...(input.laCodes.length ? { laCodes: input.laCodes } : {}),
    ...(input.regionCodes.length ? { regionCodes: input.regionCodes } : {}),
    ...(input.vacanciesOnly ? { availableOnly: true } : {}),
    ...(input.freshOnly ? { freshOnly: true } : {}),
    staleAfterDays: STALE_AFTER_DAYS,
    ...(input.membershipKinds.length ? { membershipKinds: input.membershipKinds } : {}),
    ...(input.maxPriceBand ? { maxPriceBand: input.maxPriceBand } : {}),
    ...(input.ratings.length ? { ratings: input.ratings } : {}),
    ...(ctx.laCode ? { searchingLaCode: ctx.laCode } : {}),
    limit: input.limit,
  };
  const outcome = searchDirectory(listings, query, {
    regionOfLa: regionOfLa(ctx.ref),
    travelTime: straightLineEstimator(),
    ...(eligibility ? { eligibility } : {}),
  });
  return {
    outcome,
    snapshot,
    referral: referral ? { id: referral.id, reference: referral.reference } : null,
    matcher: eligibility ? 'matching' : 'directory',
    needs,
  };
}
