/**
 * Writes the demo region (demo-region.ts) into an empty database: organisations, people, homes and
 * beds, two soft blocks, about twenty months of placements in the bed ledger, and referrals.
 * Deterministic: the same rows (ids included) on every machine, from a seeded generator.
 */
import type { Insertable, Kysely } from 'kysely';
import { hashPassword } from '../../app/auth/passwords.ts';
import { milesBetween } from '../../domain/directory/geo.ts';
import { childNeeds } from '../../domain/referrals/profile.ts';
import type { NeedCode, RiskCode, Sex } from '../../domain/shared/codes.ts';
import { addDays, addMonths, ageOn, daysBetween, type LocalDate } from '../../domain/shared/dates.ts';
import { apportion, PPM } from '../../domain/shared/money.ts';
import { needSegmentOf } from '../../domain/shared/need-segment.ts';
import { type Rng, randomInt, seededRng } from '../../domain/shared/rng.ts';
import type { DB } from '../schema.ts';
import { withSystem } from '../tenant.ts';
import {
  DEMO_AS_OF,
  DEMO_CONTRACTS,
  DEMO_CPI,
  DEMO_HUB,
  DEMO_LAS,
  DEMO_PASSWORD,
  DEMO_PROVIDERS,
  DEMO_SPOT_RATES,
  DEMO_USERS,
  type DemoHome,
  demoEmail,
  LONDON,
} from './demo-region.ts';
import { loadRegions, locateSector, type SectorPoint } from './reference-lookup.ts';

export interface SeedSummary {
  organisations: number;
  users: number;
  homes: number;
  beds: number;
  contracts: number;
  placements: number;
  referrals: number;
}

/** A v4-shaped UUID drawn from the seeded generator, so demo ids are stable across machines. */
function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => randomInt(rng, 16).toString(16));
  hex[12] = '4';
  hex[16] = ((randomInt(rng, 4) + 8) as number).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[randomInt(rng, xs.length)]!;
}

interface SeedHome extends DemoHome {
  id: string;
  providerSlug: string;
  providerOrgId: string;
  point: SectorPoint;
  bedIds: string[];
}

export async function isDatabaseEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('organisation').select('id').limit(1).executeTakeFirst();
  return !row;
}

export async function seedDemo(db: Kysely<DB>): Promise<SeedSummary> {
  const rng = seededRng(2026);
  const passwordHash = await hashPassword(DEMO_PASSWORD); // one hash for every demo account
  return withSystem(db, async (trx) => {
    await trx
      .insertInto('region')
      .values(loadRegions())
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();

    // Organisations.
    const orgIds = new Map<string, string>();
    const orgRows = [
      ...DEMO_LAS.map((la) => ({
        id: uuid(rng),
        slug: la.slug,
        kind: 'local-authority' as const,
        name: la.name,
        la_code: la.laCode,
        ons_code: la.onsCode,
      })),
      {
        id: uuid(rng),
        slug: DEMO_HUB.slug,
        kind: 'hub' as const,
        name: DEMO_HUB.name,
        la_code: null,
        ons_code: null,
      },
      ...DEMO_PROVIDERS.map((p) => ({
        id: uuid(rng),
        slug: p.slug,
        kind: 'provider' as const,
        name: p.name,
        la_code: null,
        ons_code: null,
      })),
    ];
    for (const o of orgRows) orgIds.set(o.slug, o.id);
    await trx
      .insertInto('organisation')
      .values(orgRows.map(({ slug: _s, ...o }) => ({ ...o, region_code: LONDON })))
      .execute();

    await trx
      .insertInto('app_user')
      .values(
        DEMO_USERS.map((u) => ({
          id: uuid(rng),
          org_id: orgIds.get(u.org)!,
          email: demoEmail(u.local),
          display_name: u.name,
          role: u.role,
          password_hash: passwordHash,
        })),
      )
      .execute();

    // Homes, addresses and beds.
    const homes: SeedHome[] = [];
    for (const p of DEMO_PROVIDERS) {
      for (const h of p.homes) {
        homes.push({
          ...h,
          id: uuid(rng),
          providerSlug: p.slug,
          providerOrgId: orgIds.get(p.slug)!,
          point: locateSector(h.sector),
          bedIds: Array.from({ length: h.beds }, () => uuid(rng)),
        });
      }
    }
    await trx
      .insertInto('home')
      .values(
        homes.map((h) => ({
          id: h.id,
          org_id: h.providerOrgId,
          urn: h.urn,
          name: h.name,
          registered_places: h.beds,
          age_min: h.ageMin,
          age_max: h.ageMax,
          sexes: h.sexes,
          registration_categories: h.categories,
          needs_supported: h.supported,
          needs_excluded: h.excluded,
          offers_solo: h.solo ?? false,
          ofsted_rating: h.rating,
          ofsted_rated_on: h.ratedOn,
          postcode_district: h.sector.split(' ')[0]!,
          postcode_sector: h.sector,
          la_code: h.point.laCode,
          lat: h.point.lat,
          lon: h.point.lon,
          easting: h.point.easting,
          northing: h.point.northing,
          registered_on: '2019-01-01',
          availability_confirmed_at: new Date(`${DEMO_AS_OF}T09:00:00Z`),
        })),
      )
      .execute();
    await trx
      .insertInto('home_address')
      .values(
        homes.map((h) => ({
          home_id: h.id,
          org_id: h.providerOrgId,
          line1: h.line1,
          town: h.town,
          postcode: h.unit,
        })),
      )
      .execute();
    const beds = await trx
      .insertInto('bed')
      .values(
        homes.flatMap((h) =>
          h.bedIds.map((id, i) => ({ id, org_id: h.providerOrgId, home_id: h.id, label: `Bed ${i + 1}` })),
        ),
      )
      .returning(['id', 'seq', 'home_id'])
      .execute();
    const bedSeq = new Map(beds.map((b) => [b.id, b.seq]));

    // Contracts: parties share liability equally (exact ppm, largest remainder).
    const contractByHome = new Map<
      string,
      { id: string; weekly: number; start: LocalDate; parties: string[] }
    >();
    for (const c of DEMO_CONTRACTS) {
      const id = uuid(rng);
      const provider = orgIds.get(c.provider)!;
      const start = c.start;
      const end = addMonths(start, 36);
      const blockHomes = homes.filter((h) => h.providerSlug === c.provider);
      const shares = apportion(
        PPM,
        c.parties.map(() => 1),
      );
      await trx
        .insertInto('contract')
        .values({
          id,
          org_id: orgIds.get(c.lead)!,
          provider_org_id: provider,
          region_code: LONDON,
          reference: c.reference,
          name: c.name,
          kind: 'soft-block',
          start_date: start,
          end_date: end,
          terms: JSON.stringify(demoTerms(c, start, blockHomes)),
        })
        .execute();
      await trx
        .insertInto('contract_party')
        .values(
          c.parties.map((slug, i) => ({
            contract_id: id,
            org_id: orgIds.get(slug)!,
            share_ppm: shares[i]!,
            position: i,
          })),
        )
        .execute();
      await trx
        .insertInto('contract_bed')
        .values(
          blockHomes.flatMap((h) =>
            h.bedIds.map((bedId) => ({
              contract_id: id,
              bed_id: bedId,
              org_id: provider,
              from_date: start,
              to_date: null,
            })),
          ),
        )
        .execute();
      for (const h of blockHomes) {
        contractByHome.set(h.id, {
          id,
          weekly: c.weeklyPricePence,
          start,
          parties: c.parties.map((s) => orgIds.get(s)!),
        });
      }
    }

    // The hub's spot-rate table: what the same placements would cost spot, rising each April.
    await trx
      .insertInto('spot_rate')
      .values(
        DEMO_SPOT_RATES.flatMap(([segment, ...weeklies]) =>
          weeklies.map((weekly, i) => ({
            org_id: orgIds.get(DEMO_HUB.slug)!,
            region_code: LONDON,
            need_segment: segment,
            from_date: `${2024 + i}-04-01`,
            weekly_pence: weekly,
          })),
        ),
      )
      .execute();

    // Placements, bed by bed, from the start of the demo (or of the bed's contract) to DEMO_AS_OF.
    const laByOrg = new Map(DEMO_LAS.map((la) => [orgIds.get(la.slug)!, la]));
    const laOrgIds = [...laByOrg.keys()];
    const children: Array<Record<string, unknown> & { id: string }> = [];
    const placements: Array<
      Record<string, unknown> & { id: string; start_date: string; end_date: string | null }
    > = [];
    const intervals: Array<Record<string, unknown>> = [];
    const childCounter = new Map<string, number>();
    let placementsMade = 0;

    for (const h of homes) {
      const contract = contractByHome.get(h.id);
      for (const bedId of h.bedIds) {
        let day: LocalDate = contract?.start ?? '2025-04-01';
        day = addDays(day, randomInt(rng, 20));
        while (day < DEMO_AS_OF) {
          const laOrg = contract ? pick(rng, contract.parties) : pick(rng, laOrgIds);
          const la = laByOrg.get(laOrg)!;
          const stay = 45 + randomInt(rng, 330);
          const end = addDays(day, stay);
          const open = end >= DEMO_AS_OF;
          const sex: Sex = pick(rng, h.sexes);
          const age = h.ageMin + randomInt(rng, h.ageMax - h.ageMin + 1);
          const bornIn = `${Number(day.slice(0, 4)) - age - (randomInt(rng, 2) ? 1 : 0)}-${String(1 + randomInt(rng, 12)).padStart(2, '0')}-01`;
          const risks = h.supported.filter((n): n is RiskCode => isRisk(n) && rng.next() < 0.5);
          const homeSector = pick(rng, la.homeSectors);
          const childId = uuid(rng);
          const n = (childCounter.get(la.slug) ?? 1000) + 1;
          childCounter.set(la.slug, n);
          children.push({
            id: childId,
            org_id: laOrg,
            child_ref: `${la.slug.slice(0, 3).toUpperCase()}-${n}`,
            sex,
            born_in: bornIn,
            home_postcode_sector: homeSector,
            legal_status: pick(rng, ['C2', 'C2', 'C2', 'V2', 'E1']),
            primary_need: h.categories[0]!,
            risks,
          });
          const placementId = uuid(rng);
          const spotWeekly = 520_000 + randomInt(rng, 16) * 10_000;
          const core = contract ? contract.weekly : spotWeekly;
          placements.push({
            id: placementId,
            org_id: laOrg,
            child_id: childId,
            provider_org_id: h.providerOrgId,
            home_id: h.id,
            bed_id: bedId,
            contract_id: contract?.id ?? null,
            region_code: LONDON,
            route: contract ? 'block' : rng.next() < 0.3 ? 'framework' : 'spot',
            start_date: day,
            end_date: open ? null : end,
            end_reason: open ? null : rng.next() < 0.75 ? 'planned' : 'unplanned',
            urgency: pick(rng, ['today', 'lt-5-days', 'gt-5-days', 'gt-5-days']),
            need_segment: needSegmentOf(h.categories[0]!, risks),
            age_at_start: ageOn(bornIn, day),
            sex,
            primary_need: h.categories[0]!,
            risks,
            distance_miles: milesBetween(locateSector(homeSector), h.point).toFixed(1),
            core_weekly_pence: core,
            education_weekly_pence: rng.next() < 0.3 ? 45_000 : 0,
            therapy_weekly_pence: rng.next() < 0.25 ? 30_000 : 0,
            transport_weekly_pence: rng.next() < 0.2 ? 12_000 : 0,
          });
          const last = placements.at(-1)!;
          intervals.push({
            org_id: h.providerOrgId,
            bed_id: bedId,
            bed_seq: bedSeq.get(bedId)!,
            kind: 'placement',
            placement_id: placementId,
            from_date: day,
            to_date: open ? null : end,
            placing_org_id: laOrg,
            need_segment: last.need_segment,
            ending: last.end_reason ?? null,
            distance_miles: last.distance_miles ?? null,
          });
          placementsMade++;
          if (open) break;
          // A gap before the next child: sometimes the bed is unavailable for part of it.
          const gap = 3 + randomInt(rng, 40);
          if (gap > 12 && rng.next() < 0.25) {
            intervals.push({
              org_id: h.providerOrgId,
              bed_id: bedId,
              bed_seq: bedSeq.get(bedId)!,
              kind: rng.next() < 0.5 ? 'unavailable-provider' : 'unavailable-agreed',
              from_date: addDays(end, 2),
              to_date: addDays(end, 2 + Math.min(10, gap - 4)),
              reason: rng.next() < 0.5 ? 'Staffing shortage' : 'Impact on current residents',
            });
          }
          day = addDays(end, gap);
        }
      }
    }
    // Leave a few block beds vacant today so referrals have somewhere to go: end the open
    // placement of the first bed of each contracted home a little before DEMO_AS_OF.
    for (const h of homes.filter((x) => contractByHome.has(x.id))) {
      const openOne = placements.find((p) => p.bed_id === h.bedIds[0] && p.end_date === null);
      if (openOne && daysBetween(openOne.start_date as string, DEMO_AS_OF) > 20) {
        const end = addDays(DEMO_AS_OF, -(3 + randomInt(rng, 8)));
        openOne.end_date = end;
        openOne.end_reason = 'planned';
        const iv = intervals.find((i) => i.placement_id === openOne.id)!;
        iv.to_date = end;
        iv.ending = 'planned';
      }
    }
    await insertInChunks(trx, 'child', children);
    await insertInChunks(trx, 'placement', placements);
    await insertInChunks(trx, 'bed_interval', intervals);

    // Referrals: the placements of the last three months were found through referrals, and a
    // few children are still waiting.
    const referrals: Array<Insertable<DB['referral']>> = [];
    const recentCutoff = addMonths(DEMO_AS_OF, -3);
    const refCounter = new Map<string, number>();
    const nextRef = (laOrg: string) => {
      const la = laByOrg.get(laOrg)!;
      const n = (refCounter.get(la.slug) ?? 0) + 1;
      refCounter.set(la.slug, n);
      return `${la.slug.slice(0, 3).toUpperCase()}-R${String(n).padStart(3, '0')}`;
    };
    const childById = new Map(children.map((c) => [c.id, c]));
    for (const p of placements.filter((x) => x.start_date >= recentCutoff)) {
      const child = childById.get(p.child_id as string)!;
      const requested = addDays(p.start_date, -(2 + randomInt(rng, 20)));
      referrals.push(
        referralRow(rng, {
          id: uuid(rng),
          laOrg: p.org_id as string,
          reference: nextRef(p.org_id as string),
          child,
          ageYears: p.age_at_start as number,
          createdOn: requested,
          latestStart: p.start_date,
          status: 'placed',
          outcome:
            p.route === 'block'
              ? 'placed-block'
              : p.route === 'framework'
                ? 'placed-framework'
                : 'placed-spot',
          outcomeOn: p.start_date,
          placementId: p.id,
        }),
      );
    }
    const waiting: Array<{ la: string; sex: Sex; age: number; need: 'ebd'; risks: RiskCode[] }> = [
      { la: 'barnet', sex: 'female', age: 14, need: 'ebd', risks: ['missing', 'self-harm'] },
      { la: 'ealing', sex: 'male', age: 15, need: 'ebd', risks: ['criminal-exploitation'] },
      { la: 'hounslow', sex: 'female', age: 13, need: 'ebd', risks: ['sexual-exploitation', 'missing'] },
      { la: 'brent', sex: 'male', age: 16, need: 'ebd', risks: ['drug-alcohol'] },
      { la: 'harrow', sex: 'male', age: 12, need: 'ebd', risks: [] },
    ];
    for (const w of waiting) {
      const laOrg = orgIds.get(w.la)!;
      const la = laByOrg.get(laOrg)!;
      const childId = uuid(rng);
      const n = (childCounter.get(la.slug) ?? 1000) + 1;
      childCounter.set(la.slug, n);
      const child = {
        id: childId,
        org_id: laOrg,
        child_ref: `${la.slug.slice(0, 3).toUpperCase()}-${n}`,
        sex: w.sex,
        born_in: `${Number(DEMO_AS_OF.slice(0, 4)) - w.age - 1}-${String(1 + randomInt(rng, 10)).padStart(2, '0')}-01`,
        home_postcode_sector: la.homeSectors[0],
        legal_status: 'C2',
        primary_need: w.need,
        risks: w.risks,
      };
      await trx.insertInto('child').values(child).execute();
      referrals.push(
        referralRow(rng, {
          id: uuid(rng),
          laOrg,
          reference: nextRef(laOrg),
          child,
          ageYears: w.age,
          createdOn: addDays(DEMO_AS_OF, -(1 + randomInt(rng, 6))),
          latestStart: addDays(DEMO_AS_OF, 7 + randomInt(rng, 21)),
          status: 'searching',
        }),
      );
    }
    await insertInChunks(trx, 'referral', referrals);

    return {
      organisations: orgRows.length,
      users: DEMO_USERS.length,
      homes: homes.length,
      beds: beds.length,
      contracts: DEMO_CONTRACTS.length,
      placements: placementsMade,
      referrals: referrals.length,
    };
  });
}

/**
 * The contract engine's terms (src/db/queries/contracts-terms.ts, docs/contracts.md): three years
 * plus two undecided one-year options, six months' rolling break notice, one lot at the block's
 * price, a CPI uplift held between 1% and 4%, and voids after the hold paid and shared.
 */
function demoTerms(c: (typeof DEMO_CONTRACTS)[number], start: LocalDate, blockHomes: readonly SeedHome[]) {
  return {
    term: {
      start,
      initialMonths: 36,
      extensions: [{ months: 12 }, { months: 12 }],
      extensionNoticeMonths: 6,
    },
    breakClause: { noticeMonths: 6 },
    lots: [{ id: 'main', name: 'Emotional and behavioural homes', weeklyPrice: c.weeklyPricePence }],
    homes: blockHomes.map((h) => ({ id: h.id, lot: 'main' })),
    maxBedsPerSetting: 5,
    uplift: {
      kind: 'index',
      index: 'CPI',
      series: DEMO_CPI.map(([from, ratePpm]) => ({ from, ratePpm })),
      capPpm: 40_000,
      floorPpm: 10_000,
    },
    vacancy: { holdDays: c.holdDays, holdPayer: 'leaving-la', afterHold: 'void-shared', retainerPpm: 0 },
  };
}

function isRisk(n: NeedCode): n is RiskCode {
  return ![
    'ebd',
    'mental-disorders',
    'learning-difficulty',
    'physical-disabilities',
    'sensory-impairment',
    'alcohol-problems',
    'drug-problems',
  ].includes(n);
}

function referralRow(
  rng: Rng,
  r: {
    id: string;
    laOrg: string;
    reference: string;
    child: Record<string, unknown> & { id: string };
    ageYears: number;
    createdOn: LocalDate;
    latestStart: LocalDate;
    status: string;
    outcome?: string;
    outcomeOn?: LocalDate;
    placementId?: string;
  },
) {
  const risks = r.child.risks as RiskCode[];
  const profile = {
    childRef: r.child.child_ref as string,
    ageYears: r.ageYears,
    sex: r.child.sex as Sex,
    primaryNeed: r.child.primary_need as 'ebd',
    risks,
  };
  const requirements = {
    neededBy: pick(rng, ['today', 'lt-5-days', 'gt-5-days', 'gt-5-days'] as const),
    latestStart: r.latestStart,
    siblingCount: 0,
    isPreferredLocationLocal: true,
    familyPostcodeSector: r.child.home_postcode_sector as string,
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
      foster: 'suitable-not-preferred',
      residential: 'preferred',
      'supported-accommodation': 'unsuitable',
    },
    penPortrait: penPortrait(rng, profile.ageYears, childNeeds(profile)),
  };
  return {
    id: r.id,
    org_id: r.laOrg,
    child_id: r.child.id,
    reference: r.reference,
    status: r.status,
    needed_by: requirements.neededBy,
    latest_start: r.latestStart,
    profile: JSON.stringify(profile),
    requirements: JSON.stringify(requirements),
    pen_portrait: requirements.penPortrait,
    outcome: r.outcome ?? null,
    outcome_on: r.outcomeOn ?? null,
    placement_id: r.placementId ?? null,
    created_at: new Date(`${r.createdOn}T10:00:00Z`),
  };
}

function penPortrait(rng: Rng, age: number, needs: readonly NeedCode[]): string {
  const interests = pick(rng, [
    'football and music',
    'drawing and gaming',
    'cooking and animals',
    'boxing and rap',
    'swimming',
  ]);
  const worry = needs.includes('missing')
    ? 'has gone missing several times this year, usually at weekends'
    : needs.includes('criminal-exploitation')
      ? 'has been drawn into county lines activity and needs distance from older peers'
      : 'finds transitions hard and needs a consistent routine';
  return `A ${age}-year-old who enjoys ${interests}. Settles with adults who are calm and predictable; ${worry}.`;
}

async function insertInChunks<T extends 'child' | 'placement' | 'bed_interval' | 'referral'>(
  trx: Kysely<DB>,
  table: T,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: rows are built above to match each table's columns
      .values(rows.slice(i, i + 200) as any)
      .execute();
  }
}
