/**
 * Writes a generated region (src/domain/contracts/sample-region.ts) into the database as the
 * system: organisations (its LAs, a hub, the providers), homes and beds, contracts with their
 * terms, parties and blocked beds, and the whole ledger (a pseudonymous child and a placement per
 * ledger placement, unavailability, decommissioning). For the round-trip tests and the database
 * benchmark: what the engine computes from the region in memory must equal what it computes from
 * these rows. Returns the ids the rows were given, keyed by the region's own ids.
 */
import type { Kysely } from 'kysely';
import type { SampleRegion } from '../../domain/contracts/sample-region.ts';
import { currentEnd } from '../../domain/contracts/term.ts';
import type { DB } from '../schema.ts';
import type { Tenant } from '../tenant.ts';
import type { ContractTerms } from './contracts-terms.ts';

export interface WrittenRegion {
  regionCode: string;
  hub: Tenant;
  /** Region id → database uuid, for LAs, providers, contracts, homes, beds and placements. */
  ids: Map<string, string>;
}

const CHUNK = 500;

async function insertChunks<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  rows: readonly object[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // The rows are built below to match each table's columns.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}

export async function writeRegion(
  db: Kysely<DB>,
  region: SampleRegion,
  opts: { regionCode?: string; prefix?: string } = {},
): Promise<WrittenRegion> {
  const regionCode = opts.regionCode ?? 'E12000006';
  const prefix = opts.prefix ?? 'S';
  const ids = new Map<string, string>();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('region')
      .values({ code: regionCode, name: 'Sample region' })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const las = await trx
      .insertInto('organisation')
      .values(
        region.las.map((la, i) => ({
          kind: 'local-authority' as const,
          name: la.name,
          la_code: `${prefix}${String(i + 1).padStart(2, '0')}`,
          region_code: regionCode,
        })),
      )
      .returning('id')
      .execute();
    region.las.forEach((la, i) => {
      ids.set(la.id, las[i]!.id);
    });
    const hub = await trx
      .insertInto('organisation')
      .values({ kind: 'hub', name: `${prefix} sample hub`, region_code: regionCode })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('app_user')
      .values({
        org_id: hub.id,
        email: `analyst.${prefix.toLowerCase()}@sample.example`,
        display_name: 'Sample analyst',
        role: 'hub-analyst',
        password_hash: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const providers = [
      ...new Map(region.contracts.map((c) => [c.contract.provider.id, c.contract.provider])).values(),
    ];
    const providerRows = await trx
      .insertInto('organisation')
      .values(providers.map((p) => ({ kind: 'provider' as const, name: p.name, region_code: regionCode })))
      .returning('id')
      .execute();
    providers.forEach((p, i) => {
      ids.set(p.id, providerRows[i]!.id);
    });

    for (const { contract: c } of region.contracts) {
      const provider = ids.get(c.provider.id)!;
      const homeRows = await trx
        .insertInto('home')
        .values(
          c.homes.map((h) => ({
            org_id: provider,
            name: h.name,
            registered_places: h.beds.length,
            age_min: 8,
            age_max: 17,
            sexes: ['male', 'female'],
            postcode_district: 'CB1',
            la_code: `${prefix}01`,
          })),
        )
        .returning('id')
        .execute();
      c.homes.forEach((h, i) => {
        ids.set(h.id, homeRows[i]!.id);
      });
      const beds = c.homes.flatMap((h) => h.beds.map((b, j) => ({ home: h, bed: b, label: `Bed ${j + 1}` })));
      const bedRows = await trx
        .insertInto('bed')
        .values(beds.map((b) => ({ org_id: provider, home_id: ids.get(b.home.id)!, label: b.label })))
        .returning(['id', 'seq'])
        .execute();
      beds.forEach((b, i) => {
        ids.set(b.bed.id, bedRows[i]!.id);
        ids.set(`seq:${b.bed.id}`, bedRows[i]!.seq);
      });
      const terms: ContractTerms = {
        term: { ...c.term },
        ...(c.breakClause ? { breakClause: c.breakClause } : {}),
        lots: [...c.lots],
        homes: c.homes.map((h) => ({
          id: ids.get(h.id)!,
          lot: h.lot,
          ...(h.weeklyPrice === undefined ? {} : { weeklyPrice: h.weeklyPrice }),
        })),
        maxBedsPerSetting: c.maxBedsPerSetting,
        uplift: c.uplift,
        vacancy: c.vacancy,
      };
      const row = await trx
        .insertInto('contract')
        .values({
          org_id: hub.id,
          provider_org_id: provider,
          region_code: regionCode,
          reference: c.id,
          name: c.name,
          kind: c.kind,
          start_date: c.term.start,
          end_date: currentEnd(c.term),
          terms: JSON.stringify(terms),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(c.id, row.id);
      await trx
        .insertInto('contract_party')
        .values(
          c.shares.map((s, i) => ({
            contract_id: row.id,
            org_id: ids.get(s.la)!,
            share_ppm: s.ppm,
            position: i,
          })),
        )
        .execute();
      await insertChunks(
        trx,
        'contract_bed',
        beds.map((b) => ({
          contract_id: row.id,
          bed_id: ids.get(b.bed.id)!,
          org_id: provider,
          from_date: b.bed.from ?? c.term.start,
        })),
      );
    }

    const children: object[] = [];
    const placements: object[] = [];
    const intervals: object[] = [];
    const homeOfBed = new Map<string, string>();
    for (const { contract: c } of region.contracts)
      for (const h of c.homes) for (const b of h.beds) homeOfBed.set(b.id, h.id);
    let n = 0;
    for (const { contract: c, ledger } of region.contracts) {
      const provider = ids.get(c.provider.id)!;
      for (const p of ledger.placements) {
        const la = ids.get(p.la)!;
        const childId = crypto.randomUUID();
        const placementId = crypto.randomUUID();
        ids.set(p.id, placementId);
        children.push({
          id: childId,
          org_id: la,
          child_ref: `${prefix}-${++n}`,
          sex: n % 2 ? 'male' : 'female',
          born_in: '2011-01-01',
          primary_need: 'ebd',
        });
        const extra = (type: string) =>
          (p.extras ?? []).filter((x) => x.type === type).reduce((a, x) => a + x.weekly, 0);
        const distance = p.distanceMiles === undefined ? null : p.distanceMiles.toFixed(1);
        placements.push({
          id: placementId,
          org_id: la,
          region_code: regionCode,
          child_id: childId,
          provider_org_id: provider,
          home_id: ids.get(homeOfBed.get(p.bed)!)!,
          bed_id: ids.get(p.bed)!,
          contract_id: ids.get(c.id)!,
          route: 'block',
          start_date: p.start,
          end_date: p.end ?? null,
          end_reason: p.end ? (p.ending ?? 'planned') : null,
          need_segment: p.needSegment,
          age_at_start: 14,
          sex: 'male',
          primary_need: 'ebd',
          distance_miles: distance,
          core_weekly_pence: 1,
          education_weekly_pence: extra('education'),
          therapy_weekly_pence: extra('therapy'),
          transport_weekly_pence: extra('transport'),
          health_weekly_pence: extra('health'),
          other_weekly_pence: extra('other'),
        });
        intervals.push({
          org_id: provider,
          bed_id: ids.get(p.bed)!,
          bed_seq: ids.get(`seq:${p.bed}`)!,
          kind: 'placement',
          placement_id: placementId,
          from_date: p.start,
          to_date: p.end ?? null,
          placing_org_id: la,
          need_segment: p.needSegment,
          ending: p.end ? (p.ending ?? 'planned') : null,
          distance_miles: distance,
        });
      }
      for (const u of ledger.unavailability) {
        const id = crypto.randomUUID();
        ids.set(u.id, id);
        intervals.push({
          id,
          org_id: provider,
          bed_id: ids.get(u.bed)!,
          bed_seq: ids.get(`seq:${u.bed}`)!,
          kind: u.kind === 'provider' ? 'unavailable-provider' : 'unavailable-agreed',
          from_date: u.from,
          to_date: u.to ?? null,
          reason: u.reason,
        });
      }
      for (const d of ledger.decommissions) {
        intervals.push({
          org_id: provider,
          bed_id: ids.get(d.bed)!,
          bed_seq: ids.get(`seq:${d.bed}`)!,
          kind: 'decommissioned',
          from_date: d.from,
          to_date: null,
          reason: d.reason ?? null,
        });
      }
    }
    await insertChunks(trx, 'child', children);
    await insertChunks(trx, 'placement', placements);
    await insertChunks(trx, 'bed_interval', intervals);
    return {
      regionCode,
      hub: { userId: user.id, orgId: hub.id, orgKind: 'hub', role: 'hub-analyst', regionCode },
      ids,
    };
  });
}
