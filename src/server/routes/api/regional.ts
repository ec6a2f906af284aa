/**
 * Regional intelligence over the API (docs/pricing.md "Pages and API"): the price benchmark and the
 * sufficiency gaps as the caller may see them (the same tables, suppressed the same way, as the
 * pages and their exports), and market position statements.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadBenchmark } from '../../../app/regional/benchmark.ts';
import { loadGaps } from '../../../app/regional/gaps.ts';
import {
  generateStatement,
  listStatements,
  publishStatement,
  readStatement,
} from '../../../app/regional/market-position.ts';
import { REGIONAL_ROLES, type Release, releaseFor } from '../../../app/regional/release.ts';
import { withTenant } from '../../../db/tenant.ts';
import type { DataTable } from '../../../domain/pricing/data-table.ts';
import { requireAuth } from '../../http/auth.ts';
import { ErrorBody } from './basics.ts';

const Value = z.union([z.string(), z.number(), z.null()]);

export const ApiTable = z.object({
  id: z.string(),
  caption: z.string(),
  columns: z.array(z.object({ key: z.string(), header: z.string(), kind: z.string() })),
  rows: z.array(
    z.object({
      values: z.record(z.string(), Value),
      hidden: z.array(z.string()).describe('Columns not shown to protect small numbers'),
      counts: z
        .array(z.tuple([z.number().nullable(), z.number()]))
        .describe('The placements or children each figure describes: [all (null when hidden), yours]'),
    }),
  ),
  notes: z.array(z.string()),
});

export function apiTable(t: DataTable): z.infer<typeof ApiTable> {
  return {
    id: t.id,
    caption: t.caption,
    columns: t.columns.map((c) => ({ key: c.key, header: c.header, kind: c.kind })),
    rows: t.rows.map((r) => ({
      values: Object.fromEntries(t.columns.map((c) => [c.key, r[c.key] ?? null])),
      hidden: typeof r._hidden === 'string' && r._hidden ? r._hidden.split(' ') : [],
      counts: typeof r._counts === 'string' ? (JSON.parse(r._counts) as [number | null, number][]) : [],
    })),
    notes: [...t.notes],
  };
}

const ReleaseBody = z.object({
  view: z.enum(['la', 'hub-full', 'hub-published']),
  viewerLaCode: z.string().nullable(),
  minCell: z.number(),
  cutoff: z.string().describe('Placements and referrals that started before this day are counted'),
  dataTo: z.string(),
});

const releaseBody = (r: Release) => ({
  view: r.view,
  viewerLaCode: r.viewer.laCode,
  minCell: r.minCell,
  cutoff: r.cutoff,
  dataTo: r.dataTo,
});

const ViewQuery = z.object({
  view: z
    .enum(['full', 'published'])
    .optional()
    .describe('Hub only: published shows the figures as a provider would see them'),
});

const StatementSummary = z.object({
  id: z.string(),
  title: z.string(),
  regionName: z.string(),
  hubName: z.string(),
  asOf: z.string(),
  published: z.boolean(),
});

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const regional = requireAuth({ roles: REGIONAL_ROLES });
  const statementReaders = requireAuth({ roles: ['hub-analyst', 'commissioner', 'provider-manager'] });
  const hub = requireAuth({ roles: ['hub-analyst'] });

  api.get(
    '/api/v1/regional/prices',
    {
      preHandler: regional,
      schema: {
        summary:
          'Price benchmark: weekly prices by need segment, placement type, route, notice and provider, with the cost split, trend, on/off framework and providers above the benchmark (suppressed for LAs)',
        tags: ['Regional intelligence'],
        querystring: ViewQuery,
        response: {
          200: z.object({ release: ReleaseBody, ownPlacements: z.number(), tables: z.array(ApiTable) }),
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req) => {
      const auth = req.auth!;
      const release = releaseFor(auth.user, app.config.today(), req.query.view);
      const b = await loadBenchmark(app.db, auth.tenant, release);
      return {
        release: releaseBody(release),
        ownPlacements: b.ownPlacements,
        tables: b.tables.map(apiTable),
      };
    },
  );

  api.get(
    '/api/v1/regional/gaps',
    {
      preHandler: regional,
      schema: {
        summary:
          'Sufficiency gaps: referrals and their outcomes by LA, need segment, area and type sought against homes and vacancies that fit (suppressed for LAs)',
        tags: ['Regional intelligence'],
        querystring: ViewQuery,
        response: {
          200: z.object({ release: ReleaseBody, supplyOn: z.string(), tables: z.array(ApiTable) }),
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req) => {
      const auth = req.auth!;
      const today = app.config.today();
      const release = releaseFor(auth.user, today, req.query.view);
      const g = await loadGaps(app.db, auth.tenant, release, today);
      return { release: releaseBody(release), supplyOn: g.supplyDay, tables: g.tables.map(apiTable) };
    },
  );

  api.get(
    '/api/v1/regional/market-position',
    {
      preHandler: statementReaders,
      schema: {
        summary:
          'Market position statements you can read (the hub’s drafts; published ones for LAs and providers)',
        tags: ['Regional intelligence'],
        response: {
          200: z.object({ statements: z.array(StatementSummary) }),
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (req) => {
      const rows = await withTenant(app.db, req.auth!.tenant, (trx) => listStatements(trx));
      return {
        statements: rows.map((s) => ({
          id: s.id,
          title: s.title,
          regionName: s.regionName,
          hubName: s.hubName,
          asOf: s.asOf,
          published: s.publishedAt !== null,
        })),
      };
    },
  );

  api.post(
    '/api/v1/regional/market-position',
    {
      preHandler: hub,
      schema: {
        summary:
          'Generate a market position statement from the region’s data (hub analysts; a draft until published)',
        tags: ['Regional intelligence'],
        response: { 201: z.object({ id: z.string() }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const id = await generateStatement(app.db, req.auth!.tenant, app.config.today());
      return reply.code(201).send({ id });
    },
  );

  api.get(
    '/api/v1/regional/market-position/:statementId',
    {
      preHandler: statementReaders,
      schema: {
        summary:
          'A market position statement: sections of statements, each naming the table behind it, and the tables',
        tags: ['Regional intelligence'],
        params: z.object({ statementId: z.string() }),
        response: {
          200: z.object({
            id: z.string(),
            published: z.boolean(),
            forecastSource: z
              .string()
              .describe('projection: demand is projected from placements started, not forecast'),
            document: z.object({
              title: z.string(),
              regionName: z.string(),
              asOf: z.string(),
              dataPeriod: z.object({ from: z.string(), to: z.string() }),
              sections: z.array(
                z.object({
                  id: z.string(),
                  heading: z.string(),
                  statements: z.array(z.object({ text: z.string(), tableId: z.string().nullable() })),
                  tables: z.array(
                    z.object({
                      id: z.string(),
                      caption: z.string(),
                      columns: z.array(z.object({ key: z.string(), header: z.string(), kind: z.string() })),
                      rows: z.array(z.record(z.string(), Value)),
                      notes: z.array(z.string()),
                    }),
                  ),
                }),
              ),
            }),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const s = await readStatement(app.db, req.auth!.tenant, req.params.statementId);
      const d = s.document;
      return {
        id: s.id,
        published: s.publishedAt !== null,
        forecastSource: s.forecastSource,
        document: {
          title: d.title,
          regionName: d.regionName,
          asOf: d.asOf,
          dataPeriod: d.dataPeriod,
          sections: d.sections.map((sec) => ({
            id: sec.id,
            heading: sec.heading,
            statements: sec.statements,
            tables: sec.tables.map((t) => ({
              id: t.id,
              caption: t.caption,
              columns: t.columns.map((c) => ({ key: c.key, header: c.header, kind: c.kind })),
              rows: t.rows.map((r) => Object.fromEntries(t.columns.map((c) => [c.key, r[c.key] ?? null]))),
              notes: [...t.notes],
            })),
          })),
        },
      };
    },
  );

  api.post(
    '/api/v1/regional/market-position/:statementId/publish',
    {
      preHandler: hub,
      schema: {
        summary: 'Publish a statement: the region’s LAs and every provider can then read it',
        tags: ['Regional intelligence'],
        params: z.object({ statementId: z.string() }),
        response: {
          200: z.object({ id: z.string(), published: z.boolean() }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req) => {
      const s = await publishStatement(app.db, req.auth!.tenant, req.params.statementId);
      return { id: s.id, published: true };
    },
  );
}
