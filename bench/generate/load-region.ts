/**
 * The load test's region (issue 9, item 7; docs/reliability.md "Load"): 20 LAs of the North West
 * with a regional hub, about 60 providers with about 350 homes and 1,400 beds, about 11,000
 * children placed over five and a half years in the bed ledger, soft and hard blocks with their
 * parties and shares, the hub's spot-rate table, the last year's referrals with the homes they went
 * to, live referrals routed to providers (some viewed, some with questions and answers), and about
 * 200 people across every role, every one with the password `LOAD_PASSWORD` (hashed once).
 *
 * Deterministic: the same seed and day give the same rows. It reuses the capabilities' own
 * generators (the contracts' sample region for the blocks and their ledgers, the directory's
 * synthetic homes for profiles, memberships, prices and availability) and the demo seed's patterns,
 * and writes as the application does: the bulk history as the system (one transaction, batches of
 * 500 rows, like the demo seed), the live referrals through the referral use cases under each LA's
 * and provider's own row-level security (routing, events, notifications and audit included).
 *
 *   node --import tsx bench/generate/load-region.ts            # into DATA_DIR / DATABASE_URL
 */
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import { hashPassword } from '../../src/app/auth/passwords.ts';
import { answerQuestion } from '../../src/app/referrals/manage-referral.ts';
import { backfillOutcomes } from '../../src/app/referrals/record-outcome.ts';
import {
  askQuestion,
  declineReferral,
  expressInterest,
  viewAsProvider,
} from '../../src/app/referrals/respond-to-referral.ts';
import { submitReferral } from '../../src/app/referrals/submit-referral.ts';
import type { ContractTerms } from '../../src/db/queries/contracts-terms.ts';
import type { DB } from '../../src/db/schema.ts';
import { loadRegions } from '../../src/db/seed/reference-lookup.ts';
import { type Tenant, withSystem, withTenant } from '../../src/db/tenant.ts';
import type { Contract } from '../../src/domain/contracts/contract.ts';
import { generateRegion as sampleContracts } from '../../src/domain/contracts/sample-region.ts';
import { currentEnd } from '../../src/domain/contracts/term.ts';
import { milesBetween } from '../../src/domain/directory/geo.ts';
import type { HomeProfile } from '../../src/domain/directory/home.ts';
import {
  type SectorSeed,
  type SyntheticHome,
  syntheticDirectory,
} from '../../src/domain/directory/synthetic-directory.ts';
import type { Placement as LedgerPlacement } from '../../src/domain/occupancy/ledger.ts';
import {
  type NeedSegment,
  type OrgKind,
  RISK_CODES,
  type RiskCode,
  type Role,
  type Sex,
} from '../../src/domain/shared/codes.ts';
import {
  addDays,
  addMonths,
  ageOn,
  fromEpochDay,
  type LocalDate,
  toEpochDay,
} from '../../src/domain/shared/dates.ts';
import { gamma, type Rng, randomInt, seededRng, standardNormal } from '../../src/domain/shared/rng.ts';
import { sectorSeeds } from '../../src/reference/lookups.ts';
import { referenceData } from '../../src/reference/reference-data.ts';

export const LOAD_PASSWORD = 'sufficiency-load-test';
export const LOAD_EMAIL_DOMAIN = 'load.example';
export const LOAD_REGION = 'E12000002';
/**
 * Twenty North West LAs: Greater Manchester, the Liverpool City Region, Cheshire and Warrington,
 * and Blackburn with Darwen (real DfE codes; everything else is made up).
 */
// biome-ignore format: one line per group
export const LOAD_LA_CODES = [
  '350', '351', '352', '353', '354', '355', '356', '357', '358', '359', // Greater Manchester
  '340', '341', '342', '343', '344', '876', // Liverpool City Region
  '895', '896', '877', // Cheshire East, Cheshire West and Chester, Warrington
  '889', // Blackburn with Darwen
];

export interface LoadRegionOptions {
  seed?: number;
  /** The instant the region is "now": live referrals were sent in the 30 hours before it. */
  now?: Date;
  las?: number;
  beds?: number;
  blockBeds?: number;
  /** Provider organisations the homes belong to (at most). */
  providers?: number;
  /** Years of bed-ledger history before today. */
  historyYears?: number;
  /** Referrals are on record for placements that started in these last months. */
  referralMonths?: number;
  liveReferrals?: number;
  officersPerLa?: number;
  commissionersPerLa?: number;
  hubAnalysts?: number;
  log?: (message: string) => void;
}

export interface LoadUser {
  email: string;
  role: Role;
  orgKind: OrgKind;
  orgId: string;
  userId: string;
}

export interface LoadRegionSummary {
  regionCode: string;
  today: LocalDate;
  seconds: number;
  /** Seconds per step. */
  steps: Record<string, number>;
  counts: Record<string, number>;
  users: LoadUser[];
}

// ---------------------------------------------------------------- small helpers

const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const londonDay = (d: Date): LocalDate => london.format(d);

function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => randomInt(rng, 16).toString(16));
  hex[12] = '4';
  hex[16] = (randomInt(rng, 4) + 8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[randomInt(rng, xs.length)]!;

function weighted<T>(rng: Rng, xs: readonly T[], weights: readonly number[]): T {
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < xs.length; i++) {
    r -= weights[i]!;
    if (r < 0) return xs[i]!;
  }
  return xs[xs.length - 1]!;
}

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');

async function insertChunks<T extends keyof DB>(db: Kysely<DB>, table: T, rows: readonly object[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500) as never)
      .execute();
  }
}

/** Weekly residential price by need segment (pence, at the start of the history). */
const SEGMENT_BASE: Record<NeedSegment, number> = {
  'ebd-standard': 480_000,
  'ebd-complex': 600_000,
  disability: 550_000,
  'mental-health': 650_000,
  'solo-complex': 900_000,
};
const EXPLOITATION: RiskCode[] = ['missing', 'criminal-exploitation', 'sexual-exploitation'];

/** A child's primary need and risks for a placement in a need segment at a home. */
function needsFor(rng: Rng, segment: NeedSegment, home: HomeProfile) {
  const supported = home.needsSupported.filter((n): n is RiskCode => RISK_CODES.includes(n as RiskCode));
  let primary = 'ebd';
  if (segment === 'disability')
    primary = home.registrationCategories.find((c) => c !== 'ebd') ?? 'learning-difficulty';
  if (segment === 'mental-health') primary = 'mental-disorders';
  const risks = new Set(
    supported.filter((r) => rng.next() < 0.35 && (segment !== 'ebd-standard' || !EXPLOITATION.includes(r))),
  );
  if (segment === 'ebd-complex' || segment === 'solo-complex')
    if (![...risks].some((r) => EXPLOITATION.includes(r))) risks.add(pick(rng, EXPLOITATION));
  return { primary, risks: [...risks] };
}

/** A segment for a child at a home outside the blocks, from what the home is registered for. */
function segmentAt(rng: Rng, home: HomeProfile): NeedSegment {
  const cats = home.registrationCategories;
  if (!cats.includes('ebd')) return 'disability';
  if (home.offersSolo && rng.next() < 0.3) return 'solo-complex';
  if (cats.includes('mental-disorders') && rng.next() < 0.3) return 'mental-health';
  if (cats.includes('learning-difficulty') && rng.next() < 0.15) return 'disability';
  return rng.next() < 0.45 ? 'ebd-complex' : 'ebd-standard';
}

/** Age at the start of a placement: mostly teenagers, within the home's range. */
function ageFor(rng: Rng, home: HomeProfile): number {
  const lo = Math.max(home.ageMin, 7);
  const hi = Math.min(home.ageMax, 17);
  const age = 17 - Math.floor(Math.abs(standardNormal(rng)) * 2.6);
  return Math.max(lo, Math.min(hi, age));
}

function bornInFor(rng: Rng, start: LocalDate, age: number): LocalDate {
  const month = 1 + randomInt(rng, 12);
  const startMonth = Number(start.slice(5, 7));
  const year = Number(start.slice(0, 4)) - age - (month > startMonth ? 1 : 0);
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

// ---------------------------------------------------------------- the plan (pure, seeded)

interface PlannedLa {
  id: string;
  code: string;
  name: string;
  onsCode: string;
  slug: string;
  prefix: string;
  sectors: SectorSeed[];
  centre: { easting: number; northing: number };
}

interface PlannedHome {
  id: string;
  synthetic: SyntheticHome;
  profile: HomeProfile;
  providerKey: string;
  places: number;
  bedIds: string[];
  /** Set for homes in a sampled block: the contract, its home and its ledger's beds. */
  block?: { contract: Contract; homeKey: string; bedKeys: string[] };
}

export async function generateLoadRegion(
  db: Kysely<DB>,
  options: LoadRegionOptions = {},
): Promise<LoadRegionSummary> {
  const o = {
    seed: 9,
    now: new Date(),
    las: 20,
    beds: 1_400,
    blockBeds: 300,
    providers: 60,
    historyYears: 5.5,
    referralMonths: 12,
    liveReferrals: 180,
    officersPerLa: 4,
    commissionersPerLa: 2,
    hubAnalysts: 4,
    log: (_: string) => {},
    ...options,
  };
  const t0 = performance.now();
  const steps: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    const t = performance.now();
    steps[name] = Math.round(t - mark) / 1000;
    o.log(`  ${name}: ${steps[name]!.toFixed(1)} s`);
    mark = t;
  };
  const rng = seededRng(o.seed);
  const today = londonDay(o.now);
  const historyStart = addDays(today, -Math.round(o.historyYears * 365));
  const ref = referenceData();

  // LAs and their postcode sectors.
  const las: PlannedLa[] = LOAD_LA_CODES.slice(0, o.las).map((code) => {
    const la = ref.las.get(code);
    if (!la) throw new Error(`LA ${code} is not in the reference data`);
    const sectors = sectorSeeds(ref).filter((s) => s.laCode === code);
    const centre = {
      easting: sectors.reduce((a, s) => a + s.point.easting, 0) / sectors.length,
      northing: sectors.reduce((a, s) => a + s.point.northing, 0) / sectors.length,
    };
    const prefix = la.name
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 3)
      .toUpperCase();
    return {
      id: uuid(rng),
      code,
      name: la.name,
      onsCode: la.onsCode,
      slug: slugOf(la.name),
      prefix,
      sectors,
      centre,
    };
  });
  const laByCode = new Map(las.map((l) => [l.code, l]));
  const hubId = uuid(rng);

  // Blocks and their ledgers: the contracts capability's sample region over these LAs.
  const contractStart = `${Number(today.slice(0, 4)) - 4}-04-01`;
  const sample = sampleContracts({
    seed: o.seed,
    las: o.las,
    beds: o.blockBeds,
    years: 5,
    start: contractStart,
    bedsPerContract: 30,
  });
  const laOfSample = new Map(sample.las.map((l, i) => [l.id, las[i]!]));

  // Homes: profiles from the directory's synthetic list over the region's sectors.
  const candidates = syntheticDirectory(
    las.flatMap((l) => l.sectors),
    rng,
    Math.ceil(o.beds / 2) + 50,
    today,
  );
  const providerRank = new Map<string, number>();
  for (const c of candidates)
    providerRank.set(
      c.listing.profile.providerOrgId,
      (providerRank.get(c.listing.profile.providerOrgId) ?? 0) + 1,
    );
  const bigProviders = [...providerRank].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const rankOf = new Map(bigProviders.map((k, i) => [k, i]));
  const homes: PlannedHome[] = [];
  let next = 0;
  const take = () => {
    const c = candidates[next++];
    if (!c) throw new Error('ran out of candidate homes');
    return c;
  };
  for (const { contract } of sample.contracts) {
    const providerKey =
      bigProviders[Number(contract.provider.id.replace('provider-', '')) % bigProviders.length]!;
    for (const h of contract.homes) {
      const c = take();
      homes.push({
        id: uuid(rng),
        synthetic: c,
        profile: { ...c.listing.profile, registeredPlaces: h.beds.length },
        providerKey,
        places: h.beds.length,
        bedIds: h.beds.map(() => uuid(rng)),
        block: { contract, homeKey: h.id, bedKeys: h.beds.map((b) => b.id) },
      });
    }
  }
  let bedsPlanned = homes.reduce((a, h) => a + h.places, 0);
  while (bedsPlanned < o.beds) {
    const c = take();
    const places = Math.min(c.listing.profile.registeredPlaces, 6, o.beds - bedsPlanned);
    homes.push({
      id: uuid(rng),
      synthetic: c,
      profile: { ...c.listing.profile, registeredPlaces: places },
      // The synthetic list has a provider per six homes; merge them into the region's number.
      providerKey: bigProviders[(rankOf.get(c.listing.profile.providerOrgId) ?? 0) % o.providers]!,
      places,
      bedIds: Array.from({ length: places }, () => uuid(rng)),
    });
    bedsPlanned += places;
  }
  const providerKeys = [...new Set(homes.map((h) => h.providerKey))];
  const providerNames = new Map<string, string>();
  const usedNames = new Set<string>();
  for (const k of providerKeys) {
    const base = candidates.find((c) => c.listing.profile.providerOrgId === k)!.listing.profile.providerName;
    let name = base;
    for (let n = 2; usedNames.has(name); n++) name = `${base} (${n})`;
    usedNames.add(name);
    providerNames.set(k, name);
  }
  const providerId = new Map(providerKeys.map((k) => [k, uuid(rng)]));
  const providerOf = (h: PlannedHome) => providerId.get(h.providerKey)!;
  const homeIdOfKey = new Map(homes.filter((h) => h.block).map((h) => [h.block!.homeKey, h]));
  const bedOfKey = new Map<string, { home: PlannedHome; bedId: string }>();
  for (const h of homes)
    h.block?.bedKeys.forEach((k, i) => {
      bedOfKey.set(k, { home: h, bedId: h.bedIds[i]! });
    });

  // People: placement officers, commissioners and an admin per LA; the hub's analysts and admin;
  // a manager per provider (and an admin for the five largest).
  const people: Array<{
    id: string;
    orgId: string;
    orgKind: OrgKind;
    role: Role;
    email: string;
    name: string;
  }> = [];
  const person = (orgId: string, orgKind: OrgKind, role: Role, local: string, name: string) =>
    people.push({ id: uuid(rng), orgId, orgKind, role, email: `${local}@${LOAD_EMAIL_DOMAIN}`, name });
  for (const la of las) {
    for (let i = 1; i <= o.officersPerLa; i++)
      person(
        la.id,
        'local-authority',
        'placement-officer',
        `officer${i}.${la.slug}`,
        `${la.name} placement officer ${i}`,
      );
    for (let i = 1; i <= o.commissionersPerLa; i++)
      person(
        la.id,
        'local-authority',
        'commissioner',
        `commissioner${i}.${la.slug}`,
        `${la.name} commissioner ${i}`,
      );
    person(la.id, 'local-authority', 'admin', `admin.${la.slug}`, `${la.name} administrator`);
  }
  for (let i = 1; i <= o.hubAnalysts; i++)
    person(hubId, 'hub', 'hub-analyst', `analyst${i}.hub`, `Hub analyst ${i}`);
  person(hubId, 'hub', 'admin', 'admin.hub', 'Hub administrator');
  providerKeys.forEach((k, i) => {
    const slug = `provider${String(i + 1).padStart(2, '0')}`;
    person(
      providerId.get(k)!,
      'provider',
      'provider-manager',
      `manager.${slug}`,
      `${providerNames.get(k)} manager`,
    );
    if (i < 5)
      person(
        providerId.get(k)!,
        'provider',
        'admin',
        `admin.${slug}`,
        `${providerNames.get(k)} administrator`,
      );
  });
  const passwordHash = await hashPassword(LOAD_PASSWORD);
  step('plan');

  // ---------------------------------------------------------------- the bulk history, as the system
  const counts: Record<string, number> = {};
  await withSystem(db, async (trx) => {
    await trx
      .insertInto('region')
      .values(loadRegions())
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await trx
      .insertInto('organisation')
      .values([
        ...las.map((la) => ({
          id: la.id,
          kind: 'local-authority' as const,
          name: la.name,
          la_code: la.code,
          ons_code: la.onsCode,
          region_code: LOAD_REGION,
        })),
        {
          id: hubId,
          kind: 'hub' as const,
          name: 'North West Children’s Commissioning Hub',
          region_code: LOAD_REGION,
        },
        ...providerKeys.map((k) => ({
          id: providerId.get(k)!,
          kind: 'provider' as const,
          name: providerNames.get(k)!,
          region_code: LOAD_REGION,
        })),
      ])
      .execute();
    await insertChunks(
      trx,
      'app_user',
      people.map((p) => ({
        id: p.id,
        org_id: p.orgId,
        email: p.email,
        display_name: p.name,
        role: p.role,
        password_hash: passwordHash,
      })),
    );

    // Homes, addresses, beds and what providers keep about their homes.
    const confirmedAt = new Date(`${today}T08:00:00Z`);
    await insertChunks(
      trx,
      'home',
      homes.map((h) => {
        const p = h.profile;
        return {
          id: h.id,
          org_id: providerOf(h),
          urn: p.urn,
          name: p.name,
          placement_type: p.placementType,
          registered_places: h.places,
          age_min: p.ageMin,
          age_max: p.ageMax,
          sexes: [...p.sexes],
          registration_categories: [...p.registrationCategories],
          needs_supported: [...p.needsSupported],
          needs_excluded: [...p.needsExcluded],
          offers_solo: p.offersSolo,
          adapted: p.adapted,
          pets_on_site: p.petsOnSite,
          accepts_dol: p.acceptsDeprivationOfLiberty,
          ofsted_rating: p.ofstedRating,
          ofsted_rated_on: p.ofstedRatedOn,
          postcode_district: p.postcodeDistrict,
          postcode_sector: p.postcodeSector,
          la_code: p.laCode,
          lat: p.location?.lat ?? null,
          lon: p.location?.lon ?? null,
          easting: p.location ? Math.round(p.location.easting) : null,
          northing: p.location ? Math.round(p.location.northing) : null,
          registered_on: h.synthetic.registeredOn,
          availability_confirmed_at: h.synthetic.listing.availability.confirmedOn ? confirmedAt : null,
          profile_updated_at: addDays(today, -randomInt(rng, 400)),
        };
      }),
    );
    await insertChunks(
      trx,
      'home_address',
      homes.map((h) => ({
        home_id: h.id,
        org_id: providerOf(h),
        line1: h.synthetic.address.line1,
        town: laByCode.get(h.profile.laCode)?.name ?? 'North West',
        postcode: h.synthetic.address.postcode,
      })),
    );
    const bedRows: Array<{ id: string; seq: string }> = [];
    const bedValues = homes.flatMap((h) =>
      h.bedIds.map((id, i) => ({ id, org_id: providerOf(h), home_id: h.id, label: `Bed ${i + 1}` })),
    );
    for (let i = 0; i < bedValues.length; i += 500) {
      bedRows.push(
        ...(await trx
          .insertInto('bed')
          .values(bedValues.slice(i, i + 500))
          .returning(['id', 'seq'])
          .execute()),
      );
    }
    const seqOf = new Map(bedRows.map((b) => [b.id, b.seq]));
    await insertChunks(
      trx,
      'home_membership',
      homes.flatMap((h) =>
        h.synthetic.listing.memberships.map((m) => ({
          org_id: providerOf(h),
          home_id: h.id,
          kind: m.kind,
          name: m.name,
          la_codes: [...m.laCodes],
        })),
      ),
    );
    await insertChunks(
      trx,
      'home_price',
      homes
        .filter((h) => h.synthetic.listing.weeklyPriceFromPence !== null)
        .flatMap((h) => [
          {
            org_id: providerOf(h),
            home_id: h.id,
            weekly_pence: Math.round((h.synthetic.listing.weeklyPriceFromPence! * 0.94) / 100) * 100,
            from_date: addMonths(today, -18),
          },
          {
            org_id: providerOf(h),
            home_id: h.id,
            weekly_pence: h.synthetic.listing.weeklyPriceFromPence!,
            from_date: addMonths(today, -6),
          },
        ]),
    );
    await insertChunks(
      trx,
      'home_availability',
      homes
        .filter((h) => h.synthetic.listing.availability.confirmedOn !== null)
        .map((h) => ({
          org_id: providerOf(h),
          home_id: h.id,
          vacancies: h.synthetic.listing.availability.vacancies,
          confirmed_on: h.synthetic.listing.availability.confirmedOn!,
          confirmed_at: new Date(`${h.synthetic.listing.availability.confirmedOn!}T09:30:00Z`),
        })),
    );
    step('organisations, people, homes and beds');

    // Contracts: the sample's blocks, led by the hub (a hard block by its one LA).
    const contractIdOf = new Map<string, string>();
    for (const [n, { contract: c }] of sample.contracts.entries()) {
      const id = uuid(rng);
      contractIdOf.set(c.id, id);
      const provider = providerOf(homeIdOfKey.get(c.homes[0]!.id)!);
      const terms: ContractTerms = {
        term: { ...c.term },
        ...(c.breakClause ? { breakClause: c.breakClause } : {}),
        lots: [...c.lots],
        homes: c.homes.map((h) => ({
          id: homeIdOfKey.get(h.id)!.id,
          lot: h.lot,
          ...(h.weeklyPrice === undefined ? {} : { weeklyPrice: h.weeklyPrice }),
        })),
        maxBedsPerSetting: c.maxBedsPerSetting,
        uplift: c.uplift,
        vacancy: c.vacancy,
      };
      const hard = c.kind === 'hard-block';
      await trx
        .insertInto('contract')
        .values({
          id,
          org_id: hard ? laOfSample.get(c.shares[0]!.la)!.id : hubId,
          provider_org_id: provider,
          region_code: LOAD_REGION,
          reference: `NW-${hard ? 'HB' : 'SB'}-${String(n + 1).padStart(3, '0')}`,
          name: `${hard ? 'Hard block' : 'North West soft block'} ${n + 1}: ${providerNames.get(homeIdOfKey.get(c.homes[0]!.id)!.providerKey)}`,
          kind: c.kind,
          start_date: c.term.start,
          end_date: currentEnd(c.term),
          terms: JSON.stringify(terms),
        })
        .execute();
      await trx
        .insertInto('contract_party')
        .values(
          c.shares.map((s, i) => ({
            contract_id: id,
            org_id: laOfSample.get(s.la)!.id,
            share_ppm: s.ppm,
            position: i,
          })),
        )
        .execute();
      await insertChunks(
        trx,
        'contract_bed',
        c.homes.flatMap((h) =>
          h.beds.map((b) => ({
            contract_id: id,
            bed_id: bedOfKey.get(b.id)!.bedId,
            org_id: provider,
            from_date: b.from ?? c.term.start,
          })),
        ),
      );
    }
    await trx
      .insertInto('spot_rate')
      .values(
        sample.spotRates
          .filter((r) => r.from <= today)
          .map((r) => ({
            org_id: hubId,
            region_code: LOAD_REGION,
            need_segment: r.segment,
            from_date: r.from,
            weekly_pence: r.weekly,
          })),
      )
      .execute();
    step('contracts');

    // The bed ledger: a child and a placement per stay, unavailability between some stays.
    const children: Array<Record<string, unknown>> = [];
    const placements: Array<Record<string, unknown>> = [];
    const intervals: Array<Record<string, unknown>> = [];
    const childNo = new Map<string, number>();
    const laWeights = new Map<string, number[]>();
    const lasNear = (h: PlannedHome) => {
      let w = laWeights.get(h.id);
      if (!w) {
        w = las.map((la) => {
          const miles = h.profile.location ? milesBetween(la.centre, h.profile.location) : 30;
          return 1 / (1 + miles / 8) ** 2;
        });
        laWeights.set(h.id, w);
      }
      return weighted(rng, las, w);
    };
    const providerFactor = new Map(providerKeys.map((k) => [k, 0.9 + rng.next() * 0.3]));
    interface Stay {
      home: PlannedHome;
      bedId: string;
      la: PlannedLa;
      start: LocalDate;
      end: LocalDate | null;
      ending: 'planned' | 'unplanned' | null;
      segment: NeedSegment;
      route: 'block' | 'framework' | 'spot';
      contractId: string | null;
      coreWeekly: number;
      extras?: LedgerPlacement['extras'];
      distance?: number;
    }
    const addStay = (s: Stay) => {
      const la = s.la;
      const age = ageFor(rng, s.home.profile);
      const bornIn = bornInFor(rng, s.start, age);
      const sex: Sex = pick(rng, s.home.profile.sexes);
      const { primary, risks } = needsFor(rng, s.segment, s.home.profile);
      const sector = weighted(
        rng,
        la.sectors,
        la.sectors.map((x) => Math.sqrt(x.weight)),
      );
      const distance =
        s.distance ?? (s.home.profile.location ? milesBetween(sector.point, s.home.profile.location) : 25);
      const n = (childNo.get(la.code) ?? 10_000) + 1;
      childNo.set(la.code, n);
      const childId = uuid(rng);
      const placementId = uuid(rng);
      children.push({
        id: childId,
        org_id: la.id,
        child_ref: `${la.prefix}-${n}`,
        sex,
        born_in: bornIn,
        home_postcode_sector: sector.sector,
        legal_status: pick(rng, ['C2', 'C2', 'C2', 'V2', 'E1']),
        primary_need: primary,
        risks,
      });
      const extra = (type: string) =>
        (s.extras ?? []).filter((x) => x.type === type).reduce((a, x) => a + x.weekly, 0);
      const education = s.extras ? extra('education') : rng.next() < 0.3 ? Math.round(s.coreWeekly * 0.1) : 0;
      const therapy = s.extras ? extra('therapy') : rng.next() < 0.25 ? Math.round(s.coreWeekly * 0.06) : 0;
      placements.push({
        id: placementId,
        org_id: la.id,
        region_code: LOAD_REGION,
        child_id: childId,
        provider_org_id: providerOf(s.home),
        home_id: s.home.id,
        bed_id: s.bedId,
        contract_id: s.contractId,
        route: s.route,
        start_date: s.start,
        end_date: s.end,
        end_reason: s.ending,
        urgency: weighted(rng, ['today', 'lt-5-days', 'gt-5-days'], [20, 30, 50]),
        need_segment: s.segment,
        age_at_start: ageOn(bornIn, s.start),
        sex,
        primary_need: primary,
        risks,
        distance_miles: distance.toFixed(1),
        core_weekly_pence: s.coreWeekly,
        education_weekly_pence: education,
        therapy_weekly_pence: therapy,
        transport_weekly_pence: s.extras
          ? extra('transport')
          : distance > 20 && rng.next() < 0.5
            ? 15_000
            : 0,
        health_weekly_pence: s.extras ? extra('health') : 0,
      });
      intervals.push({
        org_id: providerOf(s.home),
        bed_id: s.bedId,
        bed_seq: seqOf.get(s.bedId)!,
        kind: 'placement',
        placement_id: placementId,
        from_date: s.start,
        to_date: s.end,
        placing_org_id: la.id,
        need_segment: s.segment,
        ending: s.ending,
        distance_miles: distance.toFixed(1),
      });
    };

    // Block beds: the sample ledger, up to today (stays running today stay open).
    for (const { contract: c, ledger } of sample.contracts) {
      const contractId = contractIdOf.get(c.id)!;
      const lotPrice = new Map(c.lots.map((l) => [l.id, l.weeklyPrice]));
      for (const p of ledger.placements) {
        if (p.start >= today) continue;
        const { home, bedId } = bedOfKey.get(p.bed)!;
        const ch = c.homes.find((h) => h.id === home.block!.homeKey)!;
        const open = !p.end || p.end > today;
        addStay({
          home,
          bedId,
          la: laOfSample.get(p.la)!,
          start: p.start,
          end: open ? null : p.end!,
          ending: open ? null : (p.ending ?? 'planned'),
          segment: p.needSegment,
          route: 'block',
          contractId,
          coreWeekly: ch.weeklyPrice ?? lotPrice.get(ch.lot)!,
          extras: p.extras ?? [],
          ...(p.distanceMiles === undefined ? {} : { distance: p.distanceMiles }),
        });
      }
      for (const u of ledger.unavailability) {
        if (u.from >= today) continue;
        const { home, bedId } = bedOfKey.get(u.bed)!;
        intervals.push({
          org_id: providerOf(home),
          bed_id: bedId,
          bed_seq: seqOf.get(bedId)!,
          kind: u.kind === 'provider' ? 'unavailable-provider' : 'unavailable-agreed',
          from_date: u.from,
          to_date: u.to ?? null,
          reason: u.reason,
        });
      }
      for (const d of ledger.decommissions) {
        if (d.from >= today) continue;
        const { home, bedId } = bedOfKey.get(d.bed)!;
        intervals.push({
          org_id: providerOf(home),
          bed_id: bedId,
          bed_seq: seqOf.get(bedId)!,
          kind: 'decommissioned',
          from_date: d.from,
          to_date: null,
          reason: d.reason ?? 'Home closed',
        });
      }
    }

    // Other beds: spot and framework stays from the start of the history.
    const todayN = toEpochDay(today);
    for (const home of homes.filter((h) => !h.block)) {
      const framework = home.synthetic.listing.memberships.some((m) => m.kind === 'framework');
      for (const bedId of home.bedIds) {
        let t = toEpochDay(historyStart) + randomInt(rng, 60);
        while (t < todayN) {
          const len = 7 + Math.floor(gamma(rng, 1.3, 180));
          const end = t + len;
          const open = end >= todayN;
          const segment = segmentAt(rng, home.profile);
          const route = framework && rng.next() < 0.5 ? 'framework' : 'spot';
          const years = (t - toEpochDay(historyStart)) / 365;
          const weekly =
            SEGMENT_BASE[segment] *
            (route === 'framework' ? 0.95 : 1.08) *
            providerFactor.get(home.providerKey)! *
            1.06 ** years *
            Math.exp(0.1 * standardNormal(rng));
          addStay({
            home,
            bedId,
            la: lasNear(home),
            start: fromEpochDay(t),
            end: open ? null : fromEpochDay(end),
            ending: open ? null : rng.next() < 0.72 ? 'planned' : 'unplanned',
            segment,
            route,
            contractId: null,
            coreWeekly: Math.round(weekly / 100) * 100,
          });
          if (open) break;
          const gap = 2 + Math.floor(gamma(rng, 1, 14));
          if (gap > 8 && rng.next() < 0.15) {
            intervals.push({
              org_id: providerOf(home),
              bed_id: bedId,
              bed_seq: seqOf.get(bedId)!,
              kind: rng.next() < 0.6 ? 'unavailable-provider' : 'unavailable-agreed',
              from_date: fromEpochDay(end + 1),
              to_date: fromEpochDay(Math.min(end + gap - 1, todayN + 14)),
              reason: pick(rng, ['Staffing shortage', 'Impact on current residents', 'Repairs after damage']),
            });
          }
          t = end + gap;
        }
      }
    }

    // Referrals on record: one behind every placement of the last months (the home it went to
    // accepted, one to three others declined), and some that ended without a placement.
    const recentFrom = addMonths(today, -o.referralMonths);
    const referrals: Array<Record<string, unknown>> = [];
    const recipients: Array<Record<string, unknown>> = [];
    const refNo = new Map<string, number>();
    const nextRef = (la: PlannedLa) => {
      const n = (refNo.get(la.code) ?? 0) + 1;
      refNo.set(la.code, n);
      return `${la.prefix}-R${String(n).padStart(3, '0')}`;
    };
    const laById = new Map(las.map((l) => [l.id, l]));
    const homeById = new Map(homes.map((h) => [h.id, h]));
    const childById = new Map(children.map((c) => [c.id as string, c]));
    const otherHomes = (exclude: string, n: number) => {
      const out: PlannedHome[] = [];
      while (out.length < n) {
        const h = pick(rng, homes);
        if (h.id !== exclude && !out.includes(h)) out.push(h);
      }
      return out;
    };
    const declined = (referralId: string, la: PlannedLa, home: PlannedHome, at: Date, stage: string) => ({
      id: uuid(rng),
      referral_id: referralId,
      org_id: la.id,
      provider_org_id: providerOf(home),
      home_id: home.id,
      stage,
      status: 'declined',
      routed_at: at,
      respond_by: new Date(at.getTime() + 48 * 3_600_000),
      decline_reason: weighted(
        rng,
        ['no-vacancy', 'needs-not-met', 'resident-mix', 'risk-too-high', 'staffing', 'location'],
        [35, 20, 20, 12, 8, 5],
      ),
      decline_by: 'provider',
      viewed_at: at,
      ended_at: new Date(at.getTime() + (2 + randomInt(rng, 40)) * 3_600_000),
    });
    const referralRow = (r: {
      id: string;
      la: PlannedLa;
      child: Record<string, unknown>;
      age: number;
      created: Date;
      latestStart: LocalDate;
      status: string;
      stage: string;
      outcome: string;
      outcomeOn: LocalDate;
      placementId?: string;
      placementMade?: Record<string, unknown>;
    }) => {
      const risks = r.child.risks as RiskCode[];
      const sector = r.child.home_postcode_sector as string;
      const requirements = {
        neededBy: weighted(rng, ['today', 'lt-5-days', 'gt-5-days'] as const, [20, 30, 50]),
        latestStart: r.latestStart,
        siblingCount: 0,
        isPreferredLocationLocal: rng.next() < 0.7,
        familyPostcodeSector: sector,
        keepSchool: rng.next() < 0.6,
        communicationNeeds: 'no',
        communicationRequirements: ['none'],
        homeAdaptationRequired: false,
        culturalNeeds: pick(rng, ['not-required', 'required', 'not-known'] as const),
        livingCompanions: pick(rng, ['with-other-children', 'no-preference', 'only-older'] as const),
        pets: pick(rng, ['yes-can', 'not-known', 'no'] as const),
        additionalSupport: rng.next() < 0.4 ? ['therapeutic-support'] : ['na'],
        deprivationOfLiberty: false,
        suitability: {
          foster: rng.next() < 0.15 ? 'preferred' : 'suitable-not-preferred',
          residential: 'preferred',
          'supported-accommodation': r.age >= 16 ? 'suitable-not-preferred' : 'unsuitable',
        },
        penPortrait: `A ${r.age}-year-old who enjoys ${pick(rng, ['football', 'music', 'drawing', 'gaming', 'cooking', 'swimming'])}; settles with calm, consistent adults.`,
      };
      return {
        id: r.id,
        org_id: r.la.id,
        child_id: r.child.id,
        reference: nextRef(r.la),
        status: r.status,
        stage: r.stage,
        needed_by: requirements.neededBy,
        latest_start: r.latestStart,
        profile: JSON.stringify({
          ageYears: r.age,
          sex: r.child.sex,
          primaryNeed: r.child.primary_need,
          risks,
        }),
        requirements: JSON.stringify(requirements),
        pen_portrait: requirements.penPortrait,
        outcome: r.outcome,
        outcome_on: r.outcomeOn,
        placement_id: r.placementId ?? null,
        placement_made: r.placementMade ? JSON.stringify(r.placementMade) : null,
        created_at: r.created,
        updated_at: new Date(`${r.outcomeOn}T12:00:00Z`),
      };
    };
    for (const p of placements.filter((x) => (x.start_date as string) >= recentFrom)) {
      const la = laById.get(p.org_id as string)!;
      const home = homeById.get(p.home_id as string)!;
      const child = childById.get(p.child_id as string)!;
      const start = p.start_date as LocalDate;
      const created = new Date(`${addDays(start, -(1 + randomInt(rng, 20)))}T10:00:00Z`);
      const id = uuid(rng);
      const stage = p.route === 'block' ? 'block' : p.route === 'framework' ? 'framework' : 'open';
      const accepted = uuid(rng);
      referrals.push(
        referralRow({
          id,
          la,
          child,
          age: p.age_at_start as number,
          created,
          latestStart: start,
          status: 'placed',
          stage,
          outcome: `placed-${p.route}`,
          outcomeOn: start,
          placementId: p.id as string,
          placementMade: {
            placementType: 'residential',
            startOn: start,
            homeId: home.id,
            vacancyId: p.bed_id,
            recipientId: accepted,
          },
        }),
      );
      recipients.push({
        id: accepted,
        referral_id: id,
        org_id: la.id,
        provider_org_id: providerOf(home),
        home_id: home.id,
        stage,
        status: 'accepted',
        routed_at: created,
        respond_by: new Date(created.getTime() + 48 * 3_600_000),
        viewed_at: created,
        offer_bed_id: p.bed_id,
        offer_start_on: start,
        offer_weekly_pence: p.core_weekly_pence,
        offer_made_at: created,
        offer_expires_at: new Date(created.getTime() + 96 * 3_600_000),
        ended_at: new Date(`${start}T12:00:00Z`),
      });
      for (const other of otherHomes(home.id, 1 + randomInt(rng, 3)))
        recipients.push(declined(id, la, other, created, stage));
    }
    const unplaced = Math.round(referrals.length * 0.15);
    for (let i = 0; i < unplaced; i++) {
      const la = pick(rng, las);
      const home = pick(rng, homes);
      const age = ageFor(rng, home.profile);
      const endOn = addDays(today, -(3 + randomInt(rng, o.referralMonths * 30 - 3)));
      const created = new Date(`${addDays(endOn, -(5 + randomInt(rng, 30)))}T10:00:00Z`);
      const bornIn = bornInFor(rng, endOn, age);
      const segment = segmentAt(rng, home.profile);
      const { primary, risks } = needsFor(rng, segment, home.profile);
      const n = (childNo.get(la.code) ?? 10_000) + 1;
      childNo.set(la.code, n);
      const child = {
        id: uuid(rng),
        org_id: la.id,
        child_ref: `${la.prefix}-${n}`,
        sex: pick(rng, home.profile.sexes),
        born_in: bornIn,
        home_postcode_sector: pick(rng, la.sectors).sector,
        legal_status: 'C2',
        primary_need: primary,
        risks,
      };
      children.push(child);
      const withdrawn = rng.next() < 0.4;
      const id = uuid(rng);
      referrals.push(
        referralRow({
          id,
          la,
          child,
          age,
          created,
          latestStart: endOn,
          status: withdrawn ? 'withdrawn' : 'closed',
          stage: 'open',
          outcome: withdrawn ? 'withdrawn' : 'no-placement',
          outcomeOn: endOn,
        }),
      );
      for (const other of otherHomes('', 2 + randomInt(rng, 4)))
        recipients.push(declined(id, la, other, created, 'open'));
    }
    await insertChunks(trx, 'child', children);
    await insertChunks(trx, 'placement', placements);
    await insertChunks(trx, 'bed_interval', intervals);
    await insertChunks(trx, 'referral', referrals);
    await insertChunks(trx, 'referral_recipient', recipients);
    counts.children = children.length;
    counts.placements = placements.length;
    counts.intervals = intervals.length;
    counts.referralsOnRecord = referrals.length;
    counts.recipientsOnRecord = recipients.length;
  });
  step('bed ledger and referrals on record');

  // ---------------------------------------------------------------- live referrals, as the LAs
  const officers = people.filter((p) => p.role === 'placement-officer');
  const managers = new Map(
    people.filter((p) => p.role === 'provider-manager').map((p) => [p.orgId, p] as const),
  );
  const tenantOf = (p: (typeof people)[number]): Tenant => ({
    userId: p.id,
    orgId: p.orgId,
    orgKind: p.orgKind,
    role: p.role,
    regionCode: LOAD_REGION,
  });
  const routed: Array<{
    referralId: string;
    la: Tenant;
    recipientId: string;
    providerOrgId: string;
    at: number;
  }> = [];
  let live = 0;
  for (let i = 0; i < o.liveReferrals; i++) {
    const la = pick(rng, las);
    const officer = pick(
      rng,
      officers.filter((p) => p.orgId === la.id),
    );
    const at = o.now.getTime() - (1 + randomInt(rng, 30 * 60)) * 60_000;
    const age = 10 + randomInt(rng, 8);
    const primary = weighted(rng, ['ebd', 'mental-disorders', 'learning-difficulty'], [80, 10, 10]);
    const risks = RISK_CODES.filter(() => rng.next() < 0.15);
    const sex = pick(rng, ['male', 'female'] as const);
    const sentOn = londonDay(new Date(at));
    const neededBy = weighted(rng, ['today', 'lt-5-days', 'gt-5-days'] as const, [20, 30, 50]);
    const answers = {
      childRef: `${la.prefix}-L${String(i + 1).padStart(4, '0')}`,
      bornIn: bornInFor(rng, sentOn, age).slice(0, 7),
      sex,
      primaryNeed: primary,
      risks,
      neededBy,
      latestStart:
        neededBy === 'today'
          ? sentOn
          : addDays(sentOn, neededBy === 'lt-5-days' ? 1 + randomInt(rng, 4) : 5 + randomInt(rng, 26)),
      siblingCount: 0,
      isPreferredLocationLocal: true,
      familyPostcodeSector: pick(rng, la.sectors).sector,
      keepSchool: false,
      communicationNeeds: 'no',
      communicationRequirements: ['none'],
      homeAdaptationRequired: false,
      culturalNeeds: 'not-required',
      livingCompanions: pick(rng, ['with-other-children', 'no-preference', 'only-older']),
      pets: pick(rng, ['yes-can', 'not-known', 'no']),
      additionalSupport: rng.next() < 0.4 ? ['therapeutic-support'] : ['na'],
      deprivationOfLiberty: false,
      fosterSuitability: 'suitable-not-preferred',
      residentialSuitability: 'preferred',
      supportedAccommodationSuitability: age >= 16 ? 'suitable-not-preferred' : 'unsuitable',
      penPortrait: `Enjoys ${pick(rng, ['football', 'music', 'drawing', 'gaming', 'cooking'])}; settles with calm, consistent adults and a clear routine.`,
    };
    const tenant = tenantOf(officer);
    const now = new Date(at).toISOString();
    const r = await withTenant(db, tenant, (trx) =>
      submitReferral(trx, tenant, { answers, now, today: sentOn }),
    );
    live++;
    for (const s of r.routing.sent)
      routed.push({
        referralId: r.referralId,
        la: tenant,
        recipientId: s.recipientId,
        providerOrgId: s.providerOrgId,
        at,
      });
  }
  counts.liveReferrals = live;
  counts.liveRecipients = routed.length;
  step('live referrals (submitted and routed as the LAs)');

  // Providers respond to some: open, show interest, ask a question (the LA answers most), decline.
  let questions = 0;
  for (const r of routed) {
    const manager = managers.get(r.providerOrgId);
    if (!manager || rng.next() < 0.4) continue;
    const provider = tenantOf(manager);
    const t = new Date(
      Math.min(o.now.getTime() - 60_000, r.at + (5 + randomInt(rng, 120)) * 60_000),
    ).toISOString();
    const roll = rng.next();
    const questionId = await withTenant(db, provider, async (trx) => {
      await viewAsProvider(trx, provider, r.recipientId, t);
      if (roll < 0.15) {
        await declineReferral(trx, provider, { recipientId: r.recipientId, reason: 'no-vacancy', now: t });
        return undefined;
      }
      if (roll < 0.75) await expressInterest(trx, provider, { recipientId: r.recipientId, now: t });
      if (roll >= 0.45 && roll < 0.75) {
        const q = await askQuestion(trx, provider, {
          recipientId: r.recipientId,
          body: 'How does the young person usually get on with younger children in the home?',
          now: t,
        });
        return q.questionId;
      }
      return undefined;
    });
    if (questionId) {
      questions++;
      if (rng.next() < 0.6)
        await withTenant(db, r.la, (trx) =>
          answerQuestion(trx, r.la, {
            referralId: r.referralId,
            recipientId: r.recipientId,
            questionId,
            body: 'Generally well: they can be protective of younger children and like to help.',
            now: t,
          }),
        );
    }
  }
  counts.questions = questions;
  step('provider responses');

  // Outcome records of the referrals on record (the referral clock would write them at start-up).
  let outcomes = 0;
  for (let n = -1; n !== 0; ) {
    n = await backfillOutcomes(db, 1_000);
    outcomes += n;
  }
  counts.outcomes = outcomes;
  await sql`analyze`.execute(db);
  step('outcome records and analyze');

  counts.organisations = las.length + 1 + providerKeys.length;
  counts.providers = providerKeys.length;
  counts.homes = homes.length;
  counts.beds = bedsPlanned;
  counts.blockBeds = o.blockBeds;
  counts.contracts = sample.contracts.length;
  counts.users = people.length;
  return {
    regionCode: LOAD_REGION,
    today,
    seconds: Math.round(performance.now() - t0) / 1000,
    steps,
    counts,
    users: people.map((p) => ({
      email: p.email,
      role: p.role,
      orgKind: p.orgKind,
      orgId: p.orgId,
      userId: p.id,
    })),
  };
}

// ---------------------------------------------------------------- as a command

if (import.meta.url === `file://${process.argv[1]}`) {
  const { databaseFromEnv, openDatabase } = await import('../../src/db/connect.ts');
  const { migrateToLatest } = await import('../../src/db/migrate.ts');
  const database = await openDatabase(databaseFromEnv());
  try {
    await migrateToLatest(database.db);
    const s = await generateLoadRegion(database.db, { log: (m) => console.log(m) });
    console.log(JSON.stringify({ ...s, users: s.users.length }, null, 2));
  } finally {
    await database.close();
  }
}
