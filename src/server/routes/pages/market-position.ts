/**
 * Market position statements (docs/pricing.md "Pages and API"): the hub generates one from the
 * region's data (already suppressed for an outside audience), reads it as a printable page with the
 * table behind every statement, and publishes it; the region's LA commissioners and every provider
 * read published statements and download their xlsx data pack.
 */
import type { FastifyInstance } from 'fastify';
import {
  generateStatement,
  listStatements,
  publishStatement,
  readStatement,
} from '../../../app/regional/market-position.ts';
import { presentTable } from '../../../app/regional/present.ts';
import { withTenant } from '../../../db/tenant.ts';
import { mpsDataPack } from '../../../domain/pricing/market-position.ts';
import type { MarketPositionStatement } from '../../../domain/pricing/mps-types.ts';
import { addDays, formatLongDate } from '../../../domain/shared/dates.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { type BarDatum, barChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

const readers = { preHandler: requireAuth({ roles: ['hub-analyst', 'commissioner', 'provider-manager'] }) };
const hub = { preHandler: requireAuth({ roles: ['hub-analyst'] }) };

export default function register(app: FastifyInstance): void {
  addNavItem({
    href: '/regional/market-position',
    text: 'Market position',
    roles: ['hub-analyst', 'commissioner', 'provider-manager'],
    order: 52,
  });

  app.get('/regional/market-position', readers, async (req, reply) => {
    const auth = req.auth!;
    const statements = await withTenant(app.db, auth.tenant, (trx) => listStatements(trx));
    return reply.page('pages/regional/market-position-list.njk', {
      title: 'Market position statements',
      statements,
      canGenerate: auth.user.role === 'hub-analyst',
      section: 'market-position',
      showSubnav: auth.user.role !== 'provider-manager',
    });
  });

  app.post('/regional/market-position', hub, async (req, reply) => {
    const id = await generateStatement(app.db, req.auth!.tenant, app.config.today());
    flash(reply, {
      title: 'Statement generated',
      text: 'Read it through, then publish it: only then can the region’s local authorities and providers see it.',
    });
    return reply.redirect(`/regional/market-position/${id}`, 303);
  });

  app.get('/regional/market-position/:statementId', readers, async (req, reply) => {
    const { statementId } = req.params as { statementId: string };
    const auth = req.auth!;
    const s = await readStatement(app.db, auth.tenant, statementId);
    return reply.page('pages/regional/market-position.njk', {
      title: s.document.title,
      statement: s,
      doc: presentDocument(s.document),
      lastDay: formatLongDate(addDays(s.periodTo, -1)),
      canPublish: auth.user.role === 'hub-analyst' && s.orgId === auth.user.orgId && !s.publishedAt,
    });
  });

  app.post('/regional/market-position/:statementId/publish', hub, async (req, reply) => {
    const { statementId } = req.params as { statementId: string };
    await publishStatement(app.db, req.auth!.tenant, statementId);
    flash(reply, {
      title: 'Statement published',
      text: 'The region’s local authorities and every provider can now read it.',
    });
    return reply.redirect(`/regional/market-position/${statementId}`, 303);
  });

  app.get('/regional/market-position/:statementId/data-pack.xlsx', readers, async (req, reply) => {
    const { statementId } = req.params as { statementId: string };
    const s = await readStatement(app.db, req.auth!.tenant, statementId, { export: true });
    const bytes = await toXlsx(mpsDataPack(s.document));
    const name = safeFileName(`market-position-statement-${s.asOf}-data-pack.xlsx`);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(bytes);
  });
}

/** The document with its tables presented, and a chart where a table is best seen as one. */
export function presentDocument(doc: MarketPositionStatement) {
  return {
    title: doc.title,
    sections: doc.sections.map((s) => ({
      id: s.id,
      heading: s.heading,
      statements: s.statements.map((st) => ({
        text: st.text,
        tableId: st.tableId,
        tableCaption: s.tables.find((t) => t.id === st.tableId)?.caption ?? null,
      })),
      tables: s.tables.map((t) => ({ table: presentTable(t), chart: chartFor(t) })),
    })),
  };
}

function chartFor(t: MarketPositionStatement['sections'][number]['tables'][number]): string | null {
  if (t.id === 'forecast') {
    const periods = t.columns.filter((c) => /^\d{4}-\d{2}$/.test(c.key));
    const last = periods.at(-1);
    if (!last) return null;
    const data: BarDatum[] = t.rows
      .filter((r) => typeof r[last.key] === 'number' && r.category !== 'All children in care')
      .map((r) => ({ label: String(r.segment ?? r.category), value: r[last.key] as number }));
    return data.length
      ? barChart(
          {
            id: 'chart-forecast',
            title: `${t.caption}: ${last.header}`,
            description: `Bars show the figures for ${last.header}. The table below has them for every year.`,
          },
          data,
        )
      : null;
  }
  if (t.id === 'prices') {
    const data: BarDatum[] = t.rows
      .filter((r) => typeof r.median === 'number' && r.type === 'Residential')
      .map((r) => ({ label: String(r.segment), value: (r.median as number) / 100 }));
    return data.length
      ? barChart(
          {
            id: 'chart-prices',
            title: 'Median weekly price of a residential placement, by need segment',
            description:
              'Bars show the median weekly price of residential placements for each need segment, in pounds. The table below has the same figures with the quartiles and the medians by route.',
          },
          data,
          { format: (v) => `£${Math.round(v).toLocaleString('en-GB')}` },
        )
      : null;
  }
  return null;
}
