/**
 * The contracts API: the same views as the pages (the caller sees what row-level security and its
 * relation to the contract allow: an LA its own statement, the provider its statement with the
 * per-LA breakdown, the lead and hub everything), and creating a contract with the form's rules.
 * Money is integer pence; shares and rates are parts per million; dates are YYYY-MM-DD, and in
 * every `period` `to` is exclusive (the first day not included) and `lastDay` the last one.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createContract } from '../../../app/contracts/create-contract.ts';
import { decideContractExtension } from '../../../app/contracts/decide-extension.ts';
import { requireContract } from '../../../app/contracts/load.ts';
import { decisionsOf, describeTerms, homePrices } from '../../../app/contracts/present.ts';
import {
  bedBoard,
  boardRange,
  defaultMonth,
  isMonth,
  kpiRange,
  kpiView,
  statementView,
  termOf,
  viewerOf,
} from '../../../app/contracts/views.ts';
import { listContracts, loadContractRecord } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { CONTRACT_KINDS } from '../../../domain/shared/codes.ts';
import { addDays, type DayRange } from '../../../domain/shared/dates.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { requireAuth } from '../../http/auth.ts';
import { CONTRACT_READERS } from '../pages/contracts.ts';
import { ErrorBody } from './basics.ts';
import { ownRecord } from './beds.ts';

const TAGS = ['Contracts'];
const Day = z.string().describe('YYYY-MM-DD');
const Period = z.object({ from: Day, to: Day.describe('exclusive'), lastDay: Day });
const period = (r: DayRange) => ({ from: r.from, to: r.to, lastDay: addDays(r.to, -1) });
const Scope = z
  .enum(['all', 'provider', 'la'])
  .describe('all: lead or hub; provider: the provider; la: a participating LA (its own statement only)');
const Org = z.object({ id: z.string(), name: z.string() });
const ContractParams = z.object({ contractId: z.string() });
const Kind = z.enum(Object.keys(CONTRACT_KINDS) as [keyof typeof CONTRACT_KINDS]);

const ContractSummary = z.object({
  id: z.string(),
  reference: z.string(),
  name: z.string(),
  kind: Kind,
  status: z.string(),
  startDate: Day,
  endDate: Day.describe('exclusive: the first day the contract is not in force'),
  lead: Org,
  provider: Org,
  beds: z.number(),
  relation: z.enum(['lead', 'provider', 'party', 'region']),
});

const BedDays = z.object({
  occupied: z.number(),
  held: z.number(),
  void: z.number(),
  'unavailable-provider': z.number(),
  'unavailable-agreed': z.number(),
  decommissioned: z.number(),
});

const Line = z.object({
  la: z.string(),
  kind: z.string(),
  description: z.string(),
  placement: z.string().optional(),
  bed: z.string().optional(),
  home: z.string().optional(),
  extraType: z.string().optional(),
  days: z.number(),
  weeklyRates: z.array(z.number()),
  sevenths: z.number().describe('the exact amount in sevenths of a penny'),
  basisPpm: z.number(),
  poolAmount: z.number().optional(),
  sharePpm: z.number().optional(),
  amount: z.number(),
});
const LaStatementBody = z.object({
  la: z.string(),
  laName: z.string(),
  lines: z.array(Line),
  total: z.number(),
});
const Pool = z.object({
  kind: z.string(),
  days: z.number(),
  weeklyRates: z.array(z.number()),
  sevenths: z.number(),
  basisPpm: z.number(),
  amount: z.number(),
});
const ProviderStatementBody = z.object({
  provider: Org,
  lines: z.array(Line),
  pools: z.array(Pool),
  byLa: z.array(z.object({ la: z.string(), laName: z.string(), total: z.number() })),
  total: z.number(),
});
const StatementBody = z.object({
  contract: z.object({ id: z.string(), reference: z.string() }),
  month: z.string(),
  period: Period.nullable().describe('null when the contract is not in force that month'),
  provisional: z.boolean(),
  scope: Scope,
  bedDays: BedDays,
  las: z.array(LaStatementBody),
  provider: ProviderStatementBody.nullable(),
  reconciliation: z
    .object({ laTotal: z.number(), providerTotal: z.number(), difference: z.number() })
    .nullable(),
  extrasPartial: z.boolean(),
});

const Costs = z.object({
  core: z.number(),
  hold: z.number(),
  void: z.number(),
  unavailableAgreed: z.number(),
  extras: z.number(),
  total: z.number().describe('the block’s cost, without extras'),
});
const Endings = z.object({ planned: z.number(), unplanned: z.number(), total: z.number() });
const Group = {
  bedDays: BedDays,
  costs: Costs,
  costPerOccupiedBedWeek: z.number().nullable(),
  spotCounterfactual: z.number(),
  spotUncoveredDays: z.number(),
  savings: z.number(),
  placements: z.number(),
  stability: z.object({ ended: Endings, within28Days: Endings, within12Months: Endings }),
  proximity: z.object({
    placements: z.number(),
    knownDistance: z.number(),
    within20Miles: z.number(),
    share: z.number().nullable(),
  }),
};
const Occupancy = {
  ...Group,
  paidBedDays: z.number(),
  availableBedDays: z.number(),
  occupancyOfPaid: z.number().nullable(),
  occupancyOfAvailable: z.number().nullable(),
  breakEven: z.object({
    averageBlockWeekly: z.number().nullable(),
    averageSpotWeekly: z.number().nullable(),
    occupancy: z.number().nullable(),
  }),
};
const KpiBody = z.object({
  contract: z.object({ id: z.string(), reference: z.string() }),
  period: Period,
  scope: Scope,
  kpis: z.object({
    ...Occupancy,
    byLa: z.array(
      z.object({
        ...Group,
        la: z.string(),
        laName: z.string(),
        sharePpm: z.number(),
        usageShare: z.number().nullable(),
        usageMinusShare: z.number().nullable(),
      }),
    ),
    byHome: z.array(z.object({ ...Occupancy, home: z.string(), homeName: z.string(), beds: z.number() })),
    decisions: z.array(z.object({ kind: z.string(), date: Day, about: z.string(), daysAway: z.number() })),
  }),
  monthly: z.array(
    z.object({
      month: z.string(),
      bedDays: BedDays,
      occupancyOfPaid: z.number().nullable(),
      occupancyOfAvailable: z.number().nullable(),
    }),
  ),
  spotRates: z.number().describe('rates in the spot-rate table used'),
});

const BoardBody = z.object({
  contract: z.object({ id: z.string(), reference: z.string() }),
  period: Period,
  scope: Scope,
  beds: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      homeId: z.string(),
      homeName: z.string(),
      intervals: z.array(
        z.object({
          from: Day,
          to: Day,
          lastDay: Day,
          days: z.number(),
          state: z.string(),
          who: z.string().nullable().describe('the placing LA, or "Another authority" for an LA reader'),
          reason: z.string().nullable(),
          unavailabilityId: z.string().nullable(),
        }),
      ),
    }),
  ),
});

const Percent = z.union([z.number(), z.string()]);
export const ContractBody = z.strictObject({
  kind: Kind,
  reference: z.string(),
  name: z.string(),
  providerId: z.string(),
  start: Day,
  initialMonths: z.number().int(),
  extensions: z.string().optional().describe('options in years joined by +, e.g. "1+1+1"'),
  extensionNoticeMonths: z.number().int().optional(),
  breakNoticeMonths: z.number().int().nullable().optional().describe('omit or null for no break clause'),
  weeklyPricePence: z.number().int(),
  uplift: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('none') }),
      z.strictObject({ kind: z.literal('fixed'), percent: Percent }),
      z.strictObject({
        kind: z.literal('index'),
        index: z.string(),
        capPercent: Percent.optional(),
        floorPercent: Percent.optional(),
        series: z.array(z.strictObject({ from: Day, percent: Percent })),
      }),
    ])
    .optional(),
  holdDays: z.number().int().optional(),
  holdPayer: z.enum(['leaving-la', 'shared']).optional(),
  afterHold: z.enum(['void-shared', 'released']).optional(),
  retainerPercent: Percent.optional(),
  maxBedsPerSetting: z.number().int().optional(),
  parties: z
    .array(z.strictObject({ orgId: z.string(), share: z.union([z.string(), z.number()]) }))
    .describe('participating LAs; shares as fractions ("1/7", 0.25) or percentages ("25%"), summing to 1'),
  homes: z
    .array(z.strictObject({ homeId: z.string(), beds: z.number().int() }))
    .describe('the provider’s homes and how many of their beds (the first ones) are blocked'),
});

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const readers = requireAuth({ roles: CONTRACT_READERS });

  api.get(
    '/api/v1/contracts',
    {
      preHandler: readers,
      schema: {
        summary: 'Contracts you lead, take part in, provide beds for or (the hub) in your region',
        tags: TAGS,
        response: { 200: z.object({ contracts: z.array(ContractSummary) }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const { user } = req.auth!;
      const rows = await withTenant(app.db, req.auth!.tenant, (trx) => listContracts(trx));
      return {
        contracts: rows.map((c) => ({
          id: c.id,
          reference: c.reference,
          name: c.name,
          kind: c.kind,
          status: c.status,
          startDate: c.startDate,
          endDate: c.endDate,
          lead: { id: c.leadOrgId, name: c.leadName },
          provider: { id: c.providerOrgId, name: c.providerName },
          beds: c.beds,
          relation: (c.leadOrgId === user.orgId
            ? 'lead'
            : c.providerOrgId === user.orgId
              ? 'provider'
              : c.partyOrgIds.includes(user.orgId)
                ? 'party'
                : 'region') as 'lead',
        })),
      };
    },
  );

  api.get(
    '/api/v1/contracts/:contractId',
    {
      preHandler: readers,
      schema: {
        summary:
          'A contract: terms (engine units and in words), parties with shares, homes and beds, decisions',
        tags: TAGS,
        params: ContractParams,
        response: {
          200: z.object({
            id: z.string(),
            reference: z.string(),
            name: z.string(),
            kind: Kind,
            status: z.string(),
            regionCode: z.string(),
            startDate: Day,
            endDate: Day,
            lead: Org,
            provider: Org,
            scope: Scope,
            terms: z
              .looseObject({})
              .describe('the engine’s terms: term, breakClause, lots, homes, uplift, vacancy'),
            termsInWords: z.array(z.object({ key: z.string(), value: z.string() })),
            parties: z.array(
              z.object({
                orgId: z.string(),
                name: z.string(),
                laCode: z.string().nullable(),
                sharePpm: z.number(),
              }),
            ),
            homes: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                postcodeDistrict: z.string(),
                lot: z.string(),
                weeklyPence: z.number().describe('the weekly price per bed today'),
                beds: z.array(z.object({ id: z.string(), label: z.string(), from: Day, to: Day.nullable() })),
              }),
            ),
            decisions: z.array(
              z.object({
                kind: z.string(),
                label: z.string(),
                date: Day,
                about: z.string(),
                daysAway: z.number(),
              }),
            ),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const today = app.config.today();
      const r = await withTenant(app.db, req.auth!.tenant, (trx) =>
        requireContract(trx, req.params.contractId),
      );
      const prices = homePrices(r, today);
      return {
        id: r.id,
        reference: r.reference,
        name: r.name,
        kind: r.kind,
        status: r.status,
        regionCode: r.regionCode,
        startDate: r.startDate,
        endDate: r.endDate,
        lead: { id: r.lead.id, name: r.lead.name },
        provider: r.provider,
        scope: viewerOf(r, req.auth!.tenant).scope,
        terms: { ...r.terms, term: { ...r.terms.term, start: r.startDate } },
        termsInWords: describeTerms(r, today),
        parties: r.parties,
        homes: r.homes.map((h) => ({
          ...h,
          weeklyPence: prices.get(h.id) ?? 0,
          beds: r.beds
            .filter((b) => b.homeId === h.id)
            .map((b) => ({ id: b.id, label: b.label, from: b.from, to: b.to })),
        })),
        decisions: decisionsOf(r, today),
      };
    },
  );

  api.get(
    '/api/v1/contracts/:contractId/kpis',
    {
      preHandler: readers,
      schema: {
        summary:
          'KPIs for the contract, each LA and each home over from..to (both included; default start to today)',
        tags: TAGS,
        params: ContractParams,
        querystring: z.object({
          from: Day.optional(),
          to: Day.optional().describe('the last day, included'),
        }),
        response: { 200: KpiBody, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const today = app.config.today();
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, async (trx) => {
        const r = await requireContract(trx, req.params.contractId);
        const { range, errors } = kpiRange(r, req.query, today);
        if (errors.length > 0) throw new DomainError('validation', 'Choose days within the contract', errors);
        const v = await kpiView(trx, tenant, r, range, today);
        return {
          contract: { id: r.id, reference: r.reference },
          period: period(v.range),
          scope: v.scope,
          kpis: v.kpis,
          monthly: v.monthly,
          spotRates: v.spotRates,
        };
      });
    },
  );

  api.get(
    '/api/v1/contracts/:contractId/statements',
    {
      preHandler: readers,
      schema: {
        summary: 'A month’s statements as you may see them (default: last month)',
        tags: TAGS,
        params: ContractParams,
        querystring: z.object({ month: z.string().optional().describe('YYYY-MM') }),
        response: { 200: StatementBody, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const today = app.config.today();
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, async (trx) => {
        const r = await requireContract(trx, req.params.contractId);
        const month = req.query.month ?? defaultMonth(termOf(r), today);
        if (!isMonth(month))
          throw new DomainError('validation', 'Give the month as YYYY-MM', [
            { field: 'month', message: 'Give the month as YYYY-MM' },
          ]);
        const v = await statementView(trx, tenant, r, month, today);
        return {
          contract: { id: r.id, reference: r.reference },
          month: v.month,
          period: v.period ? period(v.period) : null,
          provisional: v.provisional,
          scope: v.scope,
          bedDays: v.bedDays,
          las: v.las,
          provider: v.provider,
          reconciliation: v.reconciliation,
          extrasPartial: v.extrasPartial,
        };
      });
    },
  );

  api.get(
    '/api/v1/contracts/:contractId/beds',
    {
      preHandler: readers,
      schema: {
        summary:
          'The bed board: each bed’s states as dated intervals over from..to (default: 90 days back, 30 ahead)',
        tags: TAGS,
        params: ContractParams,
        querystring: z.object({
          from: Day.optional(),
          to: Day.optional().describe('the last day, included'),
        }),
        response: { 200: BoardBody, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const today = app.config.today();
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, async (trx) => {
        const r = await requireContract(trx, req.params.contractId);
        const { range, errors } = boardRange(r, req.query, today);
        if (errors.length > 0) throw new DomainError('validation', 'Choose the days to show', errors);
        const b = await bedBoard(trx, tenant, r, range);
        return {
          contract: { id: r.id, reference: r.reference },
          period: period(b.range),
          scope: b.scope,
          beds: b.beds,
        };
      });
    },
  );

  api.post(
    '/api/v1/contracts',
    {
      preHandler: requireAuth({ roles: ['commissioner', 'hub-analyst'] }),
      schema: {
        summary: 'Create a contract led by your organisation (the same rules as the form)',
        tags: TAGS,
        body: ContractBody,
        response: {
          201: z.object({ id: z.string(), reference: z.string() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const created = await withTenant(app.db, tenant, (trx) => createContract(trx, tenant, req.body));
      return reply.code(201).send(created);
    },
  );

  api.post(
    '/api/v1/contracts/:contractId/extensions',
    {
      // Role and record before the body: another organisation's contract answers as a missing one.
      preValidation: [
        requireAuth({ roles: ['commissioner', 'hub-analyst'] }),
        ownRecord(
          'contractId',
          (req, id) => withTenant(app.db, req.auth!.tenant, (trx) => loadContractRecord(trx, id)),
          'contract',
        ),
      ],
      schema: {
        summary:
          'Decide the next extension option of a contract you lead: exercised, the term runs on; not taken, it ends as it stands',
        tags: TAGS,
        params: z.object({ contractId: z.string() }),
        body: z.strictObject({
          extension: z.number().int().min(1).describe('which option, from 1, in order'),
          exercise: z.boolean(),
        }),
        response: {
          200: z.object({
            reference: z.string(),
            extension: z.number(),
            exercised: z.boolean(),
            months: z.number(),
            was: z.string().describe('the end (exclusive) before the decision'),
            endDate: z.string().describe('the end (exclusive) after it'),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, (trx) =>
        decideContractExtension(
          trx,
          tenant,
          { contractId: req.params.contractId, ...req.body },
          app.config.today(),
        ),
      );
    },
  );
}
