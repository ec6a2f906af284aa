/**
 * Contracts in the database, read as the charges engine's plain data (src/domain/contracts), under
 * the caller's row-level security:
 *
 * - `loadContract` builds the engine's `Contract` from the contract row's terms JSON, its parties
 *   (contract_party, in the contract's order) and blocked beds (contract_bed → bed → home), with
 *   organisation and home names.
 * - `loadLedger` builds the engine's `Ledger` from bed_interval, which carries what charging needs
 *   about each placement (placing LA, need segment, ending, distance) and nothing about the child,
 *   plus the weekly extras of the placements the caller may read. Extras of other LAs' placements
 *   are simply absent: they are charged only to their own LA, whose statement the caller cannot see.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { BedId, Contract, ContractHome, ExtensionOption } from '../../domain/contracts/contract.ts';
import type { SpotRate } from '../../domain/contracts/spot-rates.ts';
import type {
  Decommissioning,
  Ledger,
  Placement,
  PlacementExtra,
  Unavailability,
} from '../../domain/occupancy/ledger.ts';
import type { ContractKind, NeedSegment } from '../../domain/shared/codes.ts';
import { addDays, type DayRange, type LocalDate, maxDate } from '../../domain/shared/dates.ts';
import type { ContractBedTable, ContractPartyTable, ContractTable, OrganisationTable } from '../schema.ts';
import type { Executor } from '../tenant.ts';
import { type ContractTerms, parseTerms } from './contracts-terms.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs are checked before they reach SQL (a malformed uuid is simply not found). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID.test(s);
}

export interface ContractSummary {
  id: string;
  reference: string;
  name: string;
  kind: ContractKind;
  status: 'draft' | 'live' | 'ended';
  startDate: LocalDate;
  endDate: LocalDate;
  leadOrgId: string;
  leadName: string;
  providerOrgId: string;
  providerName: string;
  partyOrgIds: string[];
  beds: number;
}

/** Every contract the caller may see (row-level security decides), newest first. */
export async function listContracts(db: Executor): Promise<ContractSummary[]> {
  const rows = await db
    .selectFrom('contract as c')
    .innerJoin('organisation as lead', 'lead.id', 'c.org_id')
    .innerJoin('organisation as prov', 'prov.id', 'c.provider_org_id')
    .select([
      'c.id',
      'c.reference',
      'c.name',
      'c.kind',
      'c.status',
      'c.start_date as startDate',
      'c.end_date as endDate',
      'c.org_id as leadOrgId',
      'lead.name as leadName',
      'c.provider_org_id as providerOrgId',
      'prov.name as providerName',
      'c.party_org_ids as partyOrgIds',
      sql<string>`(select count(*) from contract_bed cb where cb.contract_id = c.id)`.as('beds'),
    ])
    .orderBy('c.start_date', 'desc')
    .orderBy('c.reference')
    .execute();
  return rows.map((r) => ({ ...r, beds: Number(r.beds) }));
}

export interface ContractParty {
  orgId: string;
  name: string;
  laCode: string | null;
  sharePpm: number;
}

export interface ContractBedInfo {
  id: BedId;
  label: string;
  seq: string;
  homeId: string;
  homeName: string;
  from: LocalDate;
  to: LocalDate | null;
}

export interface ContractRecord {
  /** The engine's contract (ids are the database's uuids). */
  contract: Contract;
  terms: ContractTerms;
  id: string;
  reference: string;
  name: string;
  kind: ContractKind;
  status: 'draft' | 'live' | 'ended';
  regionCode: string;
  startDate: LocalDate;
  endDate: LocalDate;
  lead: { id: string; name: string; kind: string };
  provider: { id: string; name: string };
  parties: ContractParty[];
  beds: ContractBedInfo[];
  homes: Array<{ id: string; name: string; postcodeDistrict: string; laCode: string; lot: string }>;
}

/**
 * Replaces a contract's extension options and end date, only if its options are still `was` (so
 * two people deciding at once cannot both succeed) and only for its lead (also the table's policy).
 * False when nothing was changed.
 */
export async function replaceExtensions(
  db: Executor,
  change: {
    contractId: string;
    leadOrgId: string;
    was: readonly ExtensionOption[];
    now: readonly ExtensionOption[];
    endDate: LocalDate;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('contract')
    .set({
      terms: sql`jsonb_set(terms, '{term,extensions}', ${JSON.stringify(change.now)}::jsonb)`,
      end_date: change.endDate,
    })
    .where('id', '=', change.contractId)
    .where('org_id', '=', change.leadOrgId)
    .where(sql<boolean>`terms->'term'->'extensions' = ${JSON.stringify(change.was)}::jsonb`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The contract with everything the engine and the pages need, or undefined when not visible. */
export async function loadContractRecord(
  db: Executor,
  contractId: string,
): Promise<ContractRecord | undefined> {
  return (await loadContractRecords(db, [contractId]))[0];
}

/**
 * Several contracts at once, in three queries whatever their number (a region's statements read
 * every contract): those the caller cannot see are left out; the rest come in the order asked.
 */
export async function loadContractRecords(
  db: Executor,
  contractIds: readonly string[],
): Promise<ContractRecord[]> {
  const ids = [...new Set(contractIds.filter(isUuid))];
  if (ids.length === 0) return [];
  const inIds = sql<boolean>`c.id = any(${ids}::uuid[])`;
  const [rows, parties, beds] = await Promise.all([
    db
      .selectFrom('contract as c')
      .innerJoin('organisation as lead', 'lead.id', 'c.org_id')
      .innerJoin('organisation as prov', 'prov.id', 'c.provider_org_id')
      .select([
        'c.id',
        'c.reference',
        'c.name',
        'c.kind',
        'c.status',
        'c.region_code as regionCode',
        'c.start_date as startDate',
        'c.end_date as endDate',
        'c.terms',
        'c.org_id as leadId',
        'lead.name as leadName',
        'lead.kind as leadKind',
        'c.provider_org_id as providerId',
        'prov.name as providerName',
      ])
      .where(inIds)
      .execute(),
    db
      .selectFrom('contract_party as p')
      .innerJoin('organisation as o', 'o.id', 'p.org_id')
      .select([
        'p.contract_id as contractId',
        'p.org_id as orgId',
        'o.name',
        'o.la_code as laCode',
        'p.share_ppm as sharePpm',
      ])
      .where(sql<boolean>`p.contract_id = any(${ids}::uuid[])`)
      .orderBy('p.contract_id')
      .orderBy('p.position')
      .orderBy('o.name')
      .execute(),
    // Each blocked bed looked up by its key (`offset 0` keeps the planner from turning this back into
    // a scan of every bed, each one checked by row-level security: 12 → 3 ms on PGlite).
    db
      .selectFrom('contract_bed as cb')
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('bed as b')
            .innerJoin('home as h', 'h.id', 'b.home_id')
            .select([
              'b.id',
              'b.label',
              'b.seq',
              'h.id as homeId',
              'h.name as homeName',
              'h.postcode_district as postcodeDistrict',
              'h.la_code as laCode',
            ])
            .whereRef('b.id', '=', 'cb.bed_id')
            .offset(0)
            .as('b'),
        (join) => join.onTrue(),
      )
      .select([
        'cb.contract_id as contractId',
        'b.id',
        'b.label',
        'b.seq',
        'b.homeId',
        'b.homeName',
        'b.postcodeDistrict',
        'b.laCode',
        'cb.from_date as from',
        'cb.to_date as to',
      ])
      .where(sql<boolean>`cb.contract_id = any(${ids}::uuid[])`)
      .orderBy('cb.contract_id')
      .orderBy('b.homeName')
      .orderBy('b.homeId')
      .orderBy('b.seq')
      .execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) =>
      toRecord(
        byId.get(id)!,
        parties.filter((p) => p.contractId === id).map(({ contractId: _c, ...p }) => p),
        beds.filter((b) => b.contractId === id).map(({ contractId: _c, ...b }) => b),
      ),
    );
}

function toRecord(
  row: {
    id: string;
    reference: string;
    name: string;
    kind: ContractKind;
    status: 'draft' | 'live' | 'ended';
    regionCode: string;
    startDate: LocalDate;
    endDate: LocalDate;
    terms: unknown;
    leadId: string;
    leadName: string;
    leadKind: string;
    providerId: string;
    providerName: string;
  },
  parties: ContractParty[],
  beds: Array<Omit<ContractBedInfo, never> & { postcodeDistrict: string; laCode: string }>,
): ContractRecord {
  const terms = parseTerms(row.terms, row.reference);
  const start = row.startDate;
  const homeTerms = new Map(terms.homes.map((h) => [h.id, h]));
  const homes: ContractRecord['homes'] = [];
  const engineHomes: ContractHome[] = [];
  for (const b of beds) {
    let home = engineHomes.at(-1);
    if (!home || home.id !== b.homeId) {
      const t = homeTerms.get(b.homeId);
      const lot = t?.lot ?? terms.lots[0]!.id;
      home = {
        id: b.homeId,
        name: b.homeName,
        lot,
        beds: [],
        ...(t?.weeklyPrice === undefined ? {} : { weeklyPrice: t.weeklyPrice }),
      };
      engineHomes.push(home);
      homes.push({
        id: b.homeId,
        name: b.homeName,
        postcodeDistrict: b.postcodeDistrict,
        laCode: b.laCode,
        lot,
      });
    }
    (home.beds as Array<{ id: string; from?: string }>).push(
      b.from > start ? { id: b.id, from: b.from } : { id: b.id },
    );
  }
  const contract: Contract = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    provider: { id: row.providerId, name: row.providerName },
    term: { ...terms.term, start },
    ...(terms.breakClause ? { breakClause: terms.breakClause } : {}),
    shares: parties.map((p) => ({ la: p.orgId, name: p.name, ppm: p.sharePpm })),
    lots: terms.lots,
    homes: engineHomes,
    maxBedsPerSetting: terms.maxBedsPerSetting,
    uplift: terms.uplift,
    vacancy: terms.vacancy,
  };
  return {
    contract,
    terms,
    id: row.id,
    reference: row.reference,
    name: row.name,
    kind: row.kind,
    status: row.status,
    regionCode: row.regionCode,
    startDate: row.startDate,
    endDate: row.endDate,
    lead: { id: row.leadId, name: row.leadName, kind: row.leadKind },
    provider: { id: row.providerId, name: row.providerName },
    parties,
    beds: beds.map(({ postcodeDistrict: _p, laCode: _l, ...b }) => b),
    homes,
  };
}

/** The engine's `Contract` for a contract the caller may see, or undefined. */
export async function loadContract(db: Executor, contractId: string): Promise<Contract | undefined> {
  return (await loadContractRecord(db, contractId))?.contract;
}

const EXTRA_COLUMNS = [
  ['education', 'education_weekly_pence'],
  ['therapy', 'therapy_weekly_pence'],
  ['transport', 'transport_weekly_pence'],
  ['health', 'health_weekly_pence'],
] as const;

/**
 * The engine's ledger for a contract: its beds' intervals (clipped to each bed's window in the
 * contract) and the extras of the placements the caller can read. With `range`, only facts that
 * can affect those days are read: intervals overlapping it, and placements that ended within the
 * hold period before it (their holds run into the range).
 */
export async function loadLedger(db: Executor, contract: Contract, range?: DayRange): Promise<Ledger> {
  return (await loadLedgers(db, [contract], range)).get(contract.id)!;
}

/** The ledgers of several contracts at once, in two queries whatever their number. */
export async function loadLedgers(
  db: Executor,
  contracts: readonly Contract[],
  range?: DayRange,
): Promise<Map<string, Ledger>> {
  const out = new Map<string, Ledger>(
    contracts.map((c) => [c.id, { placements: [], unavailability: [], decommissions: [] }]),
  );
  if (contracts.length === 0) return out;
  const holdDays = new Map(contracts.map((c) => [c.id, c.vacancy.holdDays]));
  const longestHold = Math.max(...holdDays.values());
  // Every blocked bed of the contracts, with its intervals that matter (none: one row, no interval).
  const rows = await db
    .selectFrom('contract_bed as cb')
    .leftJoin('bed_interval as i', (join) => {
      let j = join
        .onRef('i.bed_id', '=', 'cb.bed_id')
        // Facts that end before the bed joined the contract, or start after it left, are not its business.
        .on((eb) => eb.or([eb('i.to_date', 'is', null), eb('i.to_date', '>', eb.ref('cb.from_date'))]))
        .on((eb) => eb.or([eb('cb.to_date', 'is', null), eb('i.from_date', '<', eb.ref('cb.to_date'))]));
      if (range) {
        const since = addDays(range.from, -(longestHold + 1));
        j = j
          .on('i.from_date', '<', range.to)
          .on((eb) => eb.or([eb('i.to_date', 'is', null), eb('i.to_date', '>=', since)]));
      }
      return j;
    })
    .select([
      'cb.contract_id as contractId',
      'cb.bed_id as bed',
      'cb.from_date as windowFrom',
      'cb.to_date as windowTo',
      'i.id',
      'i.kind',
      'i.placement_id as placementId',
      'i.from_date as from',
      'i.to_date as to',
      'i.reason',
      'i.placing_org_id as la',
      'i.need_segment as segment',
      'i.ending',
      'i.distance_miles as distance',
    ])
    .where(sql<boolean>`cb.contract_id = any(${contracts.map((c) => c.id)}::uuid[])`)
    .orderBy('cb.contract_id')
    .orderBy('cb.bed_id')
    .orderBy('i.from_date')
    .execute();

  const placements: Placement[] = [];
  const decommissioned = new Set<string>();
  const left: Array<{ contractId: string; bed: string; to: LocalDate }> = [];
  let lastBed = '';
  for (const r of rows) {
    const ledger = out.get(r.contractId)!;
    const key = `${r.contractId}|${r.bed}`;
    if (key !== lastBed) {
      lastBed = key;
      if (r.windowTo) left.push({ contractId: r.contractId, bed: r.bed, to: r.windowTo });
    }
    if (!r.id || !r.from) continue;
    // A fact that began before the bed joined the contract counts from the day it joined.
    const from = maxDate(r.from, r.windowFrom);
    if (r.kind === 'placement' && r.placementId && r.la && r.segment) {
      if (range && r.to && r.to < addDays(range.from, -(holdDays.get(r.contractId)! + 1))) continue;
      const p: Placement = {
        id: r.placementId,
        bed: r.bed,
        la: r.la,
        start: from,
        ...(r.to ? { end: r.to, ending: r.ending ?? 'planned' } : {}),
        needSegment: r.segment as NeedSegment,
        ...(r.distance === null ? {} : { distanceMiles: Number(r.distance) }),
      };
      (ledger.placements as Placement[]).push(p);
      placements.push(p);
    } else if (r.kind === 'unavailable-provider' || r.kind === 'unavailable-agreed') {
      if (range && r.to && r.to < range.from) continue;
      (ledger.unavailability as Unavailability[]).push({
        id: r.id,
        bed: r.bed,
        from,
        ...(r.to ? { to: r.to } : {}),
        kind: r.kind === 'unavailable-provider' ? 'provider' : 'agreed',
        reason: r.reason ?? '',
      });
    } else if (r.kind === 'decommissioned') {
      decommissioned.add(key);
      (ledger.decommissions as Decommissioning[]).push({
        bed: r.bed,
        from,
        ...(r.reason ? { reason: r.reason } : {}),
      });
    }
  }
  // A bed that left the contract is out of it for good from that day.
  for (const l of left) {
    if (!decommissioned.has(`${l.contractId}|${l.bed}`)) {
      (out.get(l.contractId)!.decommissions as Decommissioning[]).push({
        bed: l.bed,
        from: l.to,
        reason: 'Left the contract',
      });
    }
  }

  if (placements.length > 0) {
    const extras = await db
      .selectFrom('placement')
      .select([
        'id',
        'education_weekly_pence',
        'therapy_weekly_pence',
        'transport_weekly_pence',
        'health_weekly_pence',
        'additional_weekly_pence',
        'other_weekly_pence',
      ])
      .where(sql<boolean>`id = any(${[...new Set(placements.map((p) => p.id))]}::uuid[])`)
      .execute();
    const byId = new Map(extras.map((e) => [e.id, e]));
    for (const p of placements) {
      const e = byId.get(p.id);
      if (!e) continue;
      const list: PlacementExtra[] = [];
      for (const [type, column] of EXTRA_COLUMNS) if (e[column] > 0) list.push({ type, weekly: e[column] });
      const other = e.additional_weekly_pence + e.other_weekly_pence;
      if (other > 0) list.push({ type: 'other', weekly: other });
      if (list.length > 0) p.extras = list;
    }
  }
  return out;
}

/**
 * The spot counterfactual for a contract: the spot-rate table of its region, one rate per need
 * segment and date, taking the contract lead's own figure where it keeps one, else the latest
 * entered.
 */
export async function loadSpotRates(
  db: Executor,
  regionCode: string,
  leadOrgId?: string,
): Promise<SpotRate[]> {
  const rows = await db
    .selectFrom('spot_rate')
    .select([
      'org_id as orgId',
      'need_segment as segment',
      'from_date as from',
      'weekly_pence as weekly',
      'created_at as createdAt',
    ])
    .where('region_code', '=', regionCode)
    .orderBy('need_segment')
    .orderBy('from_date')
    .orderBy('created_at')
    .execute();
  const chosen = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.segment}|${r.from}`;
    const had = chosen.get(key);
    if (!had || had.orgId !== leadOrgId || r.orgId === leadOrgId) chosen.set(key, r);
  }
  return [...chosen.values()].map((r) => ({
    segment: r.segment as NeedSegment,
    from: r.from,
    weekly: r.weekly,
  }));
}

export interface SpotRateRow {
  id: string;
  orgId: string;
  orgName: string;
  regionCode: string;
  segment: NeedSegment;
  from: LocalDate;
  weekly: number;
}

/** The spot-rate table rows the caller can see (its own, and its region's). */
export async function listSpotRates(db: Executor): Promise<SpotRateRow[]> {
  const rows = await db
    .selectFrom('spot_rate as s')
    .innerJoin('organisation as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.org_id as orgId',
      'o.name as orgName',
      's.region_code as regionCode',
      's.need_segment as segment',
      's.from_date as from',
      's.weekly_pence as weekly',
    ])
    .orderBy('s.need_segment')
    .orderBy('s.from_date')
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ ...r, segment: r.segment as NeedSegment }));
}

export async function spotRateExists(db: Executor, orgId: string, segment: string, from: LocalDate) {
  const row = await db
    .selectFrom('spot_rate')
    .select('id')
    .where('org_id', '=', orgId)
    .where('need_segment', '=', segment)
    .where('from_date', '=', from)
    .executeTakeFirst();
  return Boolean(row);
}

export async function insertSpotRate(
  db: Executor,
  r: { orgId: string; regionCode: string; segment: NeedSegment; from: LocalDate; weekly: number },
): Promise<string> {
  const row = await db
    .insertInto('spot_rate')
    .values({
      org_id: r.orgId,
      region_code: r.regionCode,
      need_segment: r.segment,
      from_date: r.from,
      weekly_pence: r.weekly,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Organisation names by id (every signed-in organisation may read organisations). */
export async function organisationNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where(sql<boolean>`id = any(${wanted}::uuid[])`)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Organisations that can take part in a new contract: the region's LAs and every provider. */
export async function contractCandidates(db: Executor, regionCode: string) {
  const [las, providers] = await Promise.all([
    db
      .selectFrom('organisation')
      .select(['id', 'name', 'la_code as laCode'])
      .where('kind', '=', 'local-authority')
      .where('region_code', '=', regionCode)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('organisation')
      .select(['id', 'name'])
      .where('kind', '=', 'provider')
      .orderBy('name')
      .execute(),
  ]);
  return { las, providers };
}

/** A provider's open homes with their beds (in label order), for blocking beds in a new contract. */
export async function providerHomes(db: Executor, providerOrgId: string) {
  if (!isUuid(providerOrgId)) return [];
  const rows = await db
    .selectFrom('home as h')
    .innerJoin('bed as b', 'b.home_id', 'h.id')
    .select([
      'h.id',
      'h.name',
      'h.postcode_district as postcodeDistrict',
      'h.status',
      'b.id as bedId',
      'b.label',
    ])
    .where('h.org_id', '=', providerOrgId)
    .orderBy('h.name')
    .orderBy('h.id')
    .orderBy('b.seq')
    .execute();
  const homes: Array<{
    id: string;
    name: string;
    postcodeDistrict: string;
    status: string;
    bedIds: string[];
    labels: string[];
  }> = [];
  for (const r of rows) {
    let h = homes.at(-1);
    if (!h || h.id !== r.id) {
      h = {
        id: r.id,
        name: r.name,
        postcodeDistrict: r.postcodeDistrict,
        status: r.status,
        bedIds: [],
        labels: [],
      };
      homes.push(h);
    }
    h.bedIds.push(r.bedId);
    h.labels.push(r.label);
  }
  return homes;
}

/** Beds already blocked by a live contract on or after `from` (a bed is blocked by one contract at a time). */
export async function bedsBlockedFrom(db: Executor, bedIds: readonly string[], from: LocalDate) {
  if (bedIds.length === 0) return [];
  return db
    .selectFrom('contract_bed as cb')
    .innerJoin('contract as c', 'c.id', 'cb.contract_id')
    .select(['cb.bed_id as bedId', 'c.reference'])
    .where(sql<boolean>`cb.bed_id = any(${bedIds}::uuid[])`)
    .where('c.status', '<>', 'ended')
    .where('c.end_date', '>', from)
    .where((eb) => eb.or([eb('cb.to_date', 'is', null), eb('cb.to_date', '>', from)]))
    .execute();
}

export interface LaPlacementRow {
  id: string;
  childId: string;
  childRef: string;
  homeName: string;
  providerName: string;
  bedLabel: string | null;
  contractReference: string | null;
  route: string;
  startDate: LocalDate;
  endDate: LocalDate | null;
  endReason: string | null;
  totalWeekly: number;
}

/** The caller's own LA's placements (child-level data: callers audit the read). */
export async function listLaPlacements(
  db: Executor,
  laOrgId: string,
  opts: { current?: boolean } = {},
): Promise<LaPlacementRow[]> {
  let q = db
    .selectFrom('placement as p')
    .innerJoin('child as ch', 'ch.id', 'p.child_id')
    .innerJoin('home as h', 'h.id', 'p.home_id')
    .innerJoin('organisation as prov', 'prov.id', 'p.provider_org_id')
    .leftJoin('bed as b', 'b.id', 'p.bed_id')
    .leftJoin('contract as c', 'c.id', 'p.contract_id')
    .select([
      'p.id',
      'p.child_id as childId',
      'ch.child_ref as childRef',
      'h.name as homeName',
      'prov.name as providerName',
      'b.label as bedLabel',
      'c.reference as contractReference',
      'p.route',
      'p.start_date as startDate',
      'p.end_date as endDate',
      'p.end_reason as endReason',
      'p.total_weekly_pence as totalWeekly',
    ])
    .where('p.org_id', '=', laOrgId);
  if (opts.current) q = q.where('p.end_date', 'is', null);
  return q
    .orderBy('p.end_date', (ob) => ob.desc().nullsFirst())
    .orderBy('p.start_date', 'desc')
    .execute();
}

/** One of the caller's LA's placements, or undefined (another LA's is not found, like a missing one). */
export async function findLaPlacement(db: Executor, laOrgId: string, placementId: string) {
  if (!isUuid(placementId)) return undefined;
  return db
    .selectFrom('placement as p')
    .innerJoin('child as ch', 'ch.id', 'p.child_id')
    .innerJoin('home as h', 'h.id', 'p.home_id')
    .leftJoin('bed as b', 'b.id', 'p.bed_id')
    .select([
      'p.id',
      'p.child_id as childId',
      'ch.child_ref as childRef',
      'h.name as homeName',
      'b.label as bedLabel',
      'p.start_date as startDate',
      'p.end_date as endDate',
    ])
    .where('p.id', '=', placementId)
    .where('p.org_id', '=', laOrgId)
    .executeTakeFirst();
}

/** One of the caller's own beds (a provider's), with its home and current contract, or undefined. */
export async function findOwnBed(db: Executor, orgId: string, bedId: string) {
  if (!isUuid(bedId)) return undefined;
  return db
    .selectFrom('bed as b')
    .innerJoin('home as h', 'h.id', 'b.home_id')
    .select([
      'b.id',
      'b.label',
      'h.id as homeId',
      'h.name as homeName',
      sql<
        string | null
      >`(select cb.contract_id from contract_bed cb where cb.bed_id = b.id order by cb.from_date desc limit 1)`.as(
        'contractId',
      ),
    ])
    .where('b.id', '=', bedId)
    .where('b.org_id', '=', orgId)
    .executeTakeFirst();
}

/** One of the caller's own (a provider's) unavailability intervals, or undefined. */
export async function findOwnUnavailability(db: Executor, orgId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('bed_interval as i')
    .innerJoin('bed as b', 'b.id', 'i.bed_id')
    .innerJoin('home as h', 'h.id', 'b.home_id')
    .select([
      'i.id',
      'i.kind',
      'i.bed_id as bedId',
      'b.label as bedLabel',
      'h.name as homeName',
      'i.from_date as from',
      'i.to_date as to',
      'i.reason',
      sql<
        string | null
      >`(select cb.contract_id from contract_bed cb where cb.bed_id = b.id order by cb.from_date desc limit 1)`.as(
        'contractId',
      ),
    ])
    .where('i.id', '=', id)
    .where('i.org_id', '=', orgId)
    .where('i.kind', 'in', ['unavailable-provider', 'unavailable-agreed'])
    .executeTakeFirst();
}

/**
 * A provider organisation by id, or undefined. The id is compared as text, so a malformed one is
 * simply not found.
 */
export async function findProviderOrganisation(
  db: Executor,
  providerId: string,
): Promise<Pick<Selectable<OrganisationTable>, 'id' | 'name' | 'kind'> | undefined> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('kind', '=', 'provider')
    .where((eb) => eb(eb.cast(eb.ref('id'), 'text'), '=', providerId))
    .executeTakeFirst();
}

/**
 * The local authorities among `ids` (compared as text, so malformed ids are simply not found).
 * `ids` must not be empty.
 */
export async function findLocalAuthorities(
  db: Executor,
  ids: readonly string[],
): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'local-authority')
    .where((eb) => eb(eb.cast(eb.ref('id'), 'text'), 'in', ids))
    .execute();
}

/** Whether the organisation already has a contract with this reference. */
export async function contractReferenceTaken(
  db: Executor,
  orgId: string,
  reference: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('contract')
    .select('id')
    .where('org_id', '=', orgId)
    .where('reference', '=', reference)
    .executeTakeFirst();
  return Boolean(row);
}

/** Inserts a contract row; returns its id. */
export async function insertContract(db: Executor, contract: Insertable<ContractTable>): Promise<string> {
  const row = await db.insertInto('contract').values(contract).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts a contract's parties (at least one). */
export async function insertContractParties(
  db: Executor,
  parties: ReadonlyArray<Insertable<ContractPartyTable>>,
): Promise<void> {
  await db.insertInto('contract_party').values(parties).execute();
}

/** Inserts a contract's blocked beds (at least one). */
export async function insertContractBeds(
  db: Executor,
  beds: ReadonlyArray<Insertable<ContractBedTable>>,
): Promise<void> {
  await db.insertInto('contract_bed').values(beds).execute();
}

/** The child references of placements, by placement id (row-level security hides other LAs'). */
export async function placementChildRefs(
  db: Executor,
  placementIds: readonly string[],
): Promise<Array<{ id: string; ref: string }>> {
  return db
    .selectFrom('placement as p')
    .innerJoin('child as c', 'c.id', 'p.child_id')
    .select(['p.id', 'c.child_ref as ref'])
    .where(sql<boolean>`p.id = any(${placementIds}::uuid[])`)
    .execute();
}

/** Sets a bed interval's end (exclusive): the day the bed can be used again. */
export async function setUnavailabilityEnd(db: Executor, intervalId: string, to: LocalDate): Promise<void> {
  await db.updateTable('bed_interval').set({ to_date: to }).where('id', '=', intervalId).execute();
}
