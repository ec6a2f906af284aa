/**
 * The market position statement (docs/pricing.md "Pages and API"): a hub generates it from the
 * region's prices, referrals, homes and routes to market, for an outside audience (every figure
 * suppressed as for a provider), keeps it, and publishes it; the region's LAs and every provider
 * then read it and its xlsx data pack.
 *
 * Demand: when the region's LAs have shared demand forecasts with the hub (the forecasting
 * capability, migration 0008), the statement adds up their latest ones by placement category
 * (`forecast_source` 'stored'). Otherwise it uses a simple projection from the placements started on
 * the platform and says so, in the section's first statement and in the table's notes
 * ('projection').
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/queries/audit.ts';
import { latestRegionalForecast, type RegionalForecast } from '../../db/queries/forecasting.ts';
import {
  findMarketPositionStatement,
  insertMarketPositionStatement,
  listMarketPositionStatements,
  openRegionTenders,
  publishMarketPositionStatement,
  regionalPriceFacts,
  regionalReferralFacts,
  regionContracts,
  regionLas,
  regionName,
  regionSupply,
} from '../../db/queries/regional.ts';
import type { DB } from '../../db/schema.ts';
import { type Executor, type Tenant, withTenant } from '../../db/tenant.ts';
import type { DataColumn, DataRow } from '../../domain/pricing/data-table.ts';
import { type DemandProjection, projectDemand } from '../../domain/pricing/demand-projection.ts';
import { marketPositionStatement } from '../../domain/pricing/market-position.ts';
import { change, listOf } from '../../domain/pricing/mps-text.ts';
import type {
  MarketPositionStatement,
  MpsSection,
  MpsStatement,
  RouteToMarket,
} from '../../domain/pricing/mps-types.ts';
import { financialYear } from '../../domain/pricing/price-record.ts';
import { CONTRACT_KINDS, NEED_SEGMENTS } from '../../domain/shared/codes.ts';
import { addDays, formatLongDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { releaseCutoff } from './release.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The start of the financial year a day falls in. */
function yearStart(d: LocalDate): LocalDate {
  return `${financialYear(d).slice(0, 4)}-04-01`;
}

export const SPOT_ROUTE: RouteToMarket = {
  name: 'Spot purchase through the directory',
  kind: 'spot',
  description:
    'When block and framework providers cannot meet a referral, it goes to every suitable home listed in the Sufficiency directory, and providers answer through it.',
  howToJoin: 'List your homes in the directory and keep their vacancies and prices up to date.',
  nextOpportunity: null,
};

export async function routesToMarket(
  db: Executor,
  regionCode: string,
  day: LocalDate,
): Promise<RouteToMarket[]> {
  const contracts = await regionContracts(db, regionCode, day);
  const tenders = await openRegionTenders(db, regionCode);
  return [
    ...contracts.map((c) => ({
      name: c.name,
      kind: c.kind,
      description: `${c.beds} beds with ${c.providerName}, shared by ${c.parties} local authorities, until ${formatLongDate(c.endDate)}.`,
      howToJoin:
        c.kind === 'framework'
          ? 'Apply when the framework reopens.'
          : 'Bid when the block is tendered again.',
      nextOpportunity: c.endDate,
    })),
    ...tenders.map((t) => ({
      name: `${t.name} (${t.reference})`,
      kind: 'soft-block' as const,
      description: `A tender for ${CONTRACT_KINDS['soft-block'].toLowerCase()} beds, being evaluated now.`,
      howToJoin: null,
      nextOpportunity: null,
    })),
    SPOT_ROUTE,
  ];
}

/** Says, in the statement itself, where the demand figures come from. */
function labelProjection(
  doc: MarketPositionStatement,
  projection: DemandProjection,
): MarketPositionStatement {
  const basis = projection.basedOn
    ? `the placements started on the platform in the complete quarters from ${projection.basedOn.from} to ${projection.basedOn.to}`
    : 'the placements started on the platform';
  const left = projection.leftOut.length
    ? ` ${projection.leftOut.map((s) => NEED_SEGMENTS[s]).join('; ')}: too few placements to project.`
    : '';
  return {
    ...doc,
    sections: doc.sections.map((s) =>
      s.id !== 'demand'
        ? s
        : {
            ...s,
            statements: [
              {
                text: `These figures are a simple projection, not a demand forecast: from ${basis}, the last four quarters’ placements carried forward, growing each year by their change on the four quarters before (held within 25% a year). They know nothing of the child population, entries to care or policy, so treat them as a direction of travel.`,
                tableId: 'forecast',
              },
              ...s.statements,
            ],
            tables: s.tables.map((t) =>
              t.id !== 'forecast'
                ? t
                : {
                    ...t,
                    caption: 'Projected placements by need segment and financial year',
                    notes: [
                      `A projection from ${basis}: the last four quarters’ level, grown by its change on the four before (at most 25% a year). Not a forecast model.${left}`,
                    ],
                  },
            ),
          },
    ),
  };
}

/**
 * "What we expect to need" from the forecasts the region's LAs shared with the hub: expected children
 * in care by placement category and financial year (summed over the LAs whose forecasts cover the
 * whole year), their 80% ranges, and the new placements expected to start.
 */
export function storedForecastSection(f: RegionalForecast): MpsSection | null {
  const n = f.las.length;
  const periods = [...new Set(f.points.map((p) => p.period))]
    .sort()
    .filter((period) => f.points.filter((p) => p.period === period).every((p) => p.las === n));
  if (periods.length === 0) return null;
  const categories = [...new Map(f.points.map((p) => [p.category, p.label])).entries()];
  const at = (category: string, period: string) =>
    f.points.find((p) => p.category === category && p.period === period);
  const first = periods[0]!;
  const last = periods.at(-1)!;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const rows: DataRow[] = categories.map(([key, label]) => ({
    category: label,
    ...Object.fromEntries(periods.map((period) => [period, round1(at(key, period)?.expected ?? 0)])),
    low: round1(at(key, last)?.low ?? 0),
    high: round1(at(key, last)?.high ?? 0),
    change:
      (at(key, first)?.expected ?? 0) > 0
        ? ((at(key, last)?.expected ?? 0) - at(key, first)!.expected) / at(key, first)!.expected
        : null,
  }));
  const startRows: DataRow[] = categories
    .filter(([key]) => key !== 'total')
    .map(([key, label]) => ({
      category: label,
      ...Object.fromEntries(periods.map((period) => [period, round1(at(key, period)?.newPlacements ?? 0)])),
    }));
  const periodColumns = periods.map((p): DataColumn => ({ key: p, header: p, kind: 'number' }));
  const statements: MpsStatement[] = [
    {
      text: `These figures add up the latest demand forecasts that ${n} of the region’s local authorities (${listOf(f.las.map((l) => l.laName))}) have shared with the hub, made from their SSDA903 returns: the children expected in care in each kind of placement, on average through each financial year.`,
      tableId: 'forecast',
    },
  ];
  if (first !== last) {
    const growth = (key: string) => {
      const a = at(key, first)?.expected ?? 0;
      return a > 0 ? ((at(key, last)?.expected ?? 0) - a) / a : 0;
    };
    for (const [key, label] of categories
      .filter(([key]) => key !== 'total' && (at(key, last)?.expected ?? 0) >= 1)
      .sort(([a], [b]) => growth(b) - growth(a))) {
      const p = at(key, last)!;
      statements.push({
        text: `${label}: we expect the number of children to ${change(at(key, first)?.expected ?? 0, p.expected)} between ${first} and ${last}, to about ${Math.round(p.expected)} (80% range ${Math.round(p.low)} to ${Math.round(p.high)}), with about ${Math.round(p.newPlacements)} new placements starting in ${last}.`,
        tableId: 'forecast',
      });
    }
  }
  return {
    id: 'demand',
    heading: 'What we expect to need',
    statements,
    tables: [
      {
        id: 'forecast',
        caption: 'Children expected in care by placement category and financial year',
        columns: [
          { key: 'category', header: 'Placement category', kind: 'text', width: 40 },
          ...periodColumns,
          { key: 'low', header: `${last}: 80% range from`, kind: 'number' },
          { key: 'high', header: `${last}: 80% range to`, kind: 'number' },
          { key: 'change', header: `Change ${first} to ${last}`, kind: 'percent' },
        ],
        rows,
        notes: [
          `The sum of ${n} local authorities’ latest shared forecasts (the average of each year’s month-end counts). Their 80% ranges are added up too, so the region’s range is wider than its own would be.`,
          'Years that not every forecast covers are left out.',
        ],
      },
      {
        id: 'forecast-starts',
        caption: 'New placements expected to start, by placement category and financial year',
        columns: [
          { key: 'category', header: 'Placement category', kind: 'text', width: 40 },
          ...periodColumns,
        ],
        rows: startRows,
        notes: ['Entries to care and moves into each kind of placement, from the same forecasts.'],
      },
    ],
  };
}

/** Builds the statement from the region's data as it stood at the end of the last quarter. */
export async function buildStatement(trx: Executor, tenant: Tenant, today: LocalDate) {
  const cutoff = releaseCutoff(today);
  const [placements, referrals, supply, las, name, routes, stored] = await Promise.all([
    regionalPriceFacts(trx, cutoff),
    regionalReferralFacts(trx, cutoff),
    regionSupply(trx, tenant.regionCode, today),
    regionLas(trx, tenant.regionCode),
    regionName(trx, tenant.regionCode),
    routesToMarket(trx, tenant.regionCode, today),
    latestRegionalForecast(trx, tenant.regionCode),
  ]);
  const storedSection = stored ? storedForecastSection(stored) : null;
  const projection = projectDemand(placements, { cutoff });
  const first = [...placements.map((p) => p.startOn), ...referrals.map((r) => r.referredOn)].sort()[0];
  // Facts are all before the cutoff, so the period is never empty.
  const dataPeriod = { from: yearStart(first ?? addDays(cutoff, -1)), to: cutoff };
  const doc = marketPositionStatement({
    regionName: name,
    asOf: today,
    dataPeriod,
    forecast: storedSection ? [] : projection.points,
    placements,
    referrals,
    supply,
    routes,
    areaNames: Object.fromEntries(las.map((l) => [l.laCode, l.name])),
  });
  if (storedSection) {
    return {
      doc: { ...doc, sections: doc.sections.map((s) => (s.id === 'demand' ? storedSection : s)) },
      dataPeriod,
      forecastSource: 'stored' as const,
    };
  }
  return {
    doc: labelProjection(doc, projection),
    dataPeriod,
    forecastSource: projection.points.length ? ('projection' as const) : ('none' as const),
  };
}

export async function generateStatement(db: Kysely<DB>, tenant: Tenant, today: LocalDate): Promise<string> {
  if (tenant.orgKind !== 'hub' || tenant.role !== 'hub-analyst')
    throw new DomainError('forbidden', 'Only hub analysts produce market position statements');
  return withTenant(db, tenant, async (trx) => {
    const { doc, dataPeriod, forecastSource } = await buildStatement(trx, tenant, today);
    const id = await insertMarketPositionStatement(trx, {
      orgId: tenant.orgId,
      regionCode: tenant.regionCode,
      title: doc.title,
      asOf: today,
      periodFrom: dataPeriod.from,
      periodTo: dataPeriod.to,
      forecastSource,
      document: JSON.stringify(doc),
      createdBy: tenant.userId,
    });
    await appendAudit(trx, tenant, [
      {
        action: 'create',
        entityType: 'market-position-statement',
        entityId: id,
        detail: { cutoff: dataPeriod.to },
      },
    ]);
    return id;
  });
}

export async function listStatements(db: Executor) {
  return listMarketPositionStatements(db);
}

export async function findStatement(db: Executor, statementId: string) {
  if (!UUID.test(statementId)) return undefined;
  return findMarketPositionStatement(db, statementId);
}

export async function readStatement(
  db: Kysely<DB>,
  tenant: Tenant,
  statementId: string,
  opts: { export?: boolean } = {},
) {
  return withTenant(db, tenant, async (trx) => {
    const s = await findStatement(trx, statementId);
    if (!s) throw new DomainError('not-found', 'No such statement');
    if (opts.export)
      await appendAudit(trx, tenant, [
        { action: 'export', entityType: 'market-position-statement', entityId: s.id },
      ]);
    return { ...s, document: s.document as unknown as MarketPositionStatement };
  });
}

export async function publishStatement(db: Kysely<DB>, tenant: Tenant, statementId: string) {
  return withTenant(db, tenant, async (trx) => {
    const s = await findStatement(trx, statementId);
    if (!s || s.orgId !== tenant.orgId || tenant.role !== 'hub-analyst')
      throw new DomainError('not-found', 'No such statement');
    if (s.publishedAt) return s;
    await publishMarketPositionStatement(trx, statementId, tenant.userId);
    await appendAudit(trx, tenant, [
      {
        action: 'update',
        entityType: 'market-position-statement',
        entityId: s.id,
        detail: { published: true },
      },
    ]);
    return s;
  });
}
