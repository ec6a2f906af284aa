/**
 * Reads for regional intelligence (docs/pricing.md "Tenancy"). The region's placements and
 * referrals come through the regional-analytics views (migration 0010): facts with no child data,
 * for the caller's region only, answered only to hub analysts and LA commissioners. They are input
 * to the suppression engine and nothing else: never render these rows to an LA.
 */
import { sql } from 'kysely';
import type { ReferralSummary, SupplySummary } from '../../domain/pricing/gap-types.ts';
import { homeSegments } from '../../domain/pricing/home-segments.ts';
import type { PlacementPrice, PriceRoute } from '../../domain/pricing/price-record.ts';
import type {
  NeedSegment,
  PlacementType,
  ReferralOutcome,
  Suitability,
  Urgency,
} from '../../domain/shared/codes.ts';
import { addDays, type LocalDate } from '../../domain/shared/dates.ts';
import type { MarketPositionStatementTable } from '../tables/regional.ts';
import type { Executor } from '../tenant.ts';

/**
 * Price facts of placements in the caller's region that started before `before`, read as one text
 * value of tab-separated lines (`app.regional_price_lines`, migration 0010_regional_release_text):
 * several times faster than 20,000 result rows, on PGlite especially.
 */
export async function regionalPriceFacts(db: Executor, before: LocalDate): Promise<PlacementPrice[]> {
  const r = await sql<{ t: string | null }>`select app.regional_price_lines(${before}::date) as t`.execute(
    db,
  );
  const text = r.rows[0]?.t;
  if (!text) return [];
  const rows = text.split('\n').map((line) => fields(line, 14));
  const providerIds = [...new Set(rows.map((x) => x[1]!))];
  const names = new Map(
    (await db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', providerIds).execute()).map(
      (o) => [o.id, o.name],
    ),
  );
  return rows.map((x, i) => ({
    id: `p${i + 1}`,
    laCode: x[0]!,
    providerId: x[1]!,
    providerName: names.get(x[1]!) ?? x[1]!,
    homeId: '', // not read: no benchmark groups by home
    segment: x[2] as NeedSegment,
    placementType: x[3] as PlacementType,
    route: x[4] as PriceRoute,
    urgency: x[5] as Urgency,
    startOn: x[6]!,
    weekly: {
      core: Number(x[7]),
      education: Number(x[8]),
      health: Number(x[9]),
      therapy: Number(x[10]),
      transport: Number(x[11]),
      additional: Number(x[12]),
      other: Number(x[13]),
    },
  }));
}

/** A line's tab-separated fields; a line with more or fewer is refused rather than misread. */
function fields(line: string, n: number): string[] {
  const out = line.split('\t');
  if (out.length !== n) throw new Error(`a regional fact line has ${out.length} fields, not ${n}`);
  return out;
}

const SUITABILITY = new Set(['preferred', 'suitable-not-preferred', 'unsuitable', 'not-specified']);
const suitability = (s: string | null): Suitability =>
  s && SUITABILITY.has(s) ? (s as Suitability) : 'not-specified';

/**
 * Referrals in the caller's region made before `before`, with their outcome as it stood then (an
 * outcome recorded on or after `before` counts as still open), so a release is a fixed population.
 */
export async function regionalReferralFacts(db: Executor, before: LocalDate): Promise<ReferralSummary[]> {
  const r = await sql<{ t: string | null }>`select app.regional_referral_lines(${before}::date) as t`.execute(
    db,
  );
  const text = r.rows[0]?.t;
  if (!text) return [];
  const orNull = (s: string | undefined) => (s === undefined || s === '' ? null : s);
  return text.split('\n').map((line, i) => {
    const [
      laCode,
      area,
      segment,
      referredOn,
      foster,
      residential,
      supported,
      rawOutcome,
      outcomeOn,
      secured,
      miles,
      out,
    ] = line.split('\t');
    const outcomeText = orNull(rawOutcome);
    const ended = outcomeText !== null && (orNull(outcomeOn) === null || outcomeOn! < before);
    const outcome = ended ? (outcomeText as ReferralOutcome) : null;
    const placed = outcome?.startsWith('placed-') ?? false;
    return {
      id: `r${i + 1}`,
      laCode: laCode!,
      area: area!,
      segment: segment as NeedSegment,
      referredOn: referredOn!,
      suitability: {
        foster: suitability(orNull(foster)),
        residential: suitability(orNull(residential)),
        'supported-accommodation': suitability(orNull(supported)),
      },
      outcome,
      securedType: placed ? ((orNull(secured) as PlacementType | null) ?? null) : null,
      distanceMiles: placed && orNull(miles) !== null ? Number(miles) : null,
      placedOutOfArea: placed ? (out === 't' ? true : out === 'f' ? false : null) : null,
    };
  });
}

/** The local authorities of a region, by DfE code. */
export async function regionLas(db: Executor, regionCode: string) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'la_code as laCode'])
    .where('kind', '=', 'local-authority')
    .where('region_code', '=', regionCode)
    .orderBy('name')
    .execute()
    .then((rows) => rows.map((r) => ({ id: r.id, name: r.name, laCode: r.laCode! })));
}

export async function regionName(db: Executor, regionCode: string): Promise<string> {
  const r = await db.selectFrom('region').select('name').where('code', '=', regionCode).executeTakeFirst();
  return r?.name ?? regionCode;
}

/** Days a provider's own count of vacancies stays current, for homes with no beds on the platform. */
export const AVAILABILITY_FRESH_DAYS = 30;

/**
 * The region's homes as supply: listed, active homes in the region's LAs (the directory, which
 * every signed-in organisation reads), the need segments each can care for, registered places and
 * vacancies on `day`: free beds in the bed ledger for homes with beds on the platform, otherwise the
 * provider's latest confirmation if it is at most 30 days old.
 */
export async function regionSupply(
  db: Executor,
  regionCode: string,
  day: LocalDate,
): Promise<SupplySummary[]> {
  const las = (await regionLas(db, regionCode)).map((l) => l.laCode);
  if (las.length === 0) return [];
  const homes = await db
    .selectFrom('home')
    .select([
      'id',
      'org_id as providerId',
      'la_code as laCode',
      'placement_type as placementType',
      'registered_places as places',
      'registration_categories as categories',
      'needs_supported as supported',
      'needs_excluded as excluded',
      'offers_solo as solo',
    ])
    .where('listed', '=', true)
    .where('status', '=', 'active')
    .where('la_code', 'in', las)
    .orderBy('la_code')
    .orderBy('name')
    .execute();
  const ledger = await sql<{ home_id: string; beds: string; vacant: string }>`
    select home_id, beds, vacant from app.directory_vacancies(${day}::date)`.execute(db);
  const free = new Map(
    ledger.rows.map((r) => [r.home_id, { beds: Number(r.beds), vacant: Number(r.vacant) }]),
  );
  const confirmed = await db
    .selectFrom('home_availability')
    .select(['home_id as homeId', 'vacancies', 'confirmed_on as confirmedOn'])
    .distinctOn('home_id')
    .where('confirmed_on', '<=', day)
    .orderBy('home_id')
    .orderBy('confirmed_at', 'desc')
    .execute();
  const fresh = addDays(day, -AVAILABILITY_FRESH_DAYS);
  const latest = new Map(confirmed.filter((c) => c.confirmedOn >= fresh).map((c) => [c.homeId, c.vacancies]));
  return homes.map((h) => {
    const beds = free.get(h.id);
    return {
      homeId: h.id,
      providerId: h.providerId,
      laCode: h.laCode,
      area: h.laCode,
      placementType: h.placementType as PlacementType,
      segments: homeSegments({
        registrationCategories: h.categories,
        needsSupported: h.supported,
        needsExcluded: h.excluded,
        offersSolo: h.solo,
      }),
      places: h.places,
      vacancies: beds && beds.beds > 0 ? beds.vacant : (latest.get(h.id) ?? 0),
    };
  });
}

/** Live blocks and frameworks of the region the caller can see (for "how we buy"). */
export async function regionContracts(db: Executor, regionCode: string, day: LocalDate) {
  return db
    .selectFrom('contract')
    .innerJoin('organisation as p', 'p.id', 'contract.provider_org_id')
    .select([
      'contract.id',
      'contract.name',
      'contract.kind',
      'contract.end_date as endDate',
      'p.name as providerName',
      sql<number>`(select count(*)::int from contract_bed cb where cb.contract_id = contract.id)`.as('beds'),
      sql<number>`cardinality(contract.party_org_ids)`.as('parties'),
    ])
    .where('contract.region_code', '=', regionCode)
    .where('contract.status', '=', 'live')
    .where('contract.kind', '<>', 'spot')
    .where('contract.start_date', '<=', day)
    .where('contract.end_date', '>', day)
    .orderBy('contract.name')
    .execute();
}

/** The region's open tenders (for "how we buy"), oldest first. */
export async function openRegionTenders(
  db: Executor,
  regionCode: string,
): Promise<{ reference: string; name: string }[]> {
  return db
    .selectFrom('tender')
    .select(['reference', 'name'])
    .where('status', '=', 'open')
    .where('region_code', '=', regionCode)
    .orderBy('created_at')
    .execute();
}

export interface NewMarketPositionStatement {
  orgId: string;
  regionCode: string;
  title: string;
  asOf: LocalDate;
  periodFrom: LocalDate;
  periodTo: LocalDate;
  forecastSource: MarketPositionStatementTable['forecast_source'];
  /** The statement document, as JSON text. */
  document: string;
  createdBy: string;
}

/** Stores a generated market position statement; returns its id. */
export async function insertMarketPositionStatement(
  db: Executor,
  s: NewMarketPositionStatement,
): Promise<string> {
  const row = await db
    .insertInto('market_position_statement')
    .values({
      org_id: s.orgId,
      region_code: s.regionCode,
      title: s.title,
      as_of: s.asOf,
      period_from: s.periodFrom,
      period_to: s.periodTo,
      forecast_source: s.forecastSource,
      document: s.document,
      created_by: s.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every market position statement the caller can see, with its hub and region, newest first. */
export async function listMarketPositionStatements(db: Executor) {
  return db
    .selectFrom('market_position_statement as s')
    .innerJoin('organisation as o', 'o.id', 's.org_id')
    .innerJoin('region as r', 'r.code', 's.region_code')
    .select([
      's.id',
      's.title',
      's.as_of as asOf',
      's.period_to as periodTo',
      's.published_at as publishedAt',
      's.created_at as createdAt',
      'o.name as hubName',
      'r.name as regionName',
    ])
    .orderBy('s.created_at', 'desc')
    .execute();
}

/** One market position statement with its document and hub's name (`statementId` must be a UUID). */
export async function findMarketPositionStatement(db: Executor, statementId: string) {
  return db
    .selectFrom('market_position_statement as s')
    .innerJoin('organisation as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.org_id as orgId',
      's.title',
      's.as_of as asOf',
      's.period_from as periodFrom',
      's.period_to as periodTo',
      's.forecast_source as forecastSource',
      's.document',
      's.published_at as publishedAt',
      's.created_at as createdAt',
      'o.name as hubName',
    ])
    .where('s.id', '=', statementId)
    .executeTakeFirst();
}

/** Marks a market position statement published, now, by `userId`. */
export async function publishMarketPositionStatement(
  db: Executor,
  statementId: string,
  userId: string,
): Promise<void> {
  await db
    .updateTable('market_position_statement')
    .set({ published_at: new Date(), published_by: userId })
    .where('id', '=', statementId)
    .execute();
}
