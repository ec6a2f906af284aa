/**
 * The sufficiency gaps page (docs/pricing.md "Pages and API"): demand sought (referrals by need
 * segment, area and type sought) against supply (homes and vacancies that fit), children placed over
 * 20 miles from home or out of area, residential placements where fostering was preferred, and
 * referrals with no placement; by LA and for the region. Counts of other LAs' children reach an LA
 * only through the jointly suppressed release. Charts have their tables; the xlsx holds the same.
 */
import type { FastifyInstance } from 'fastify';
import { type GapsView, loadGaps } from '../../../app/regional/gaps.ts';
import { presentTable } from '../../../app/regional/present.ts';
import { REGIONAL_ROLES, releaseFor } from '../../../app/regional/release.ts';
import { sheetOfTable, uniqueSheetNames } from '../../../domain/pricing/data-table.ts';
import { sumCounts } from '../../../domain/pricing/gap-release.ts';
import { formatLongDate } from '../../../domain/shared/dates.ts';
import { safeFileName, toXlsx } from '../../../exports/spreadsheet.ts';
import { type BarDatum, barChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';

const readers = { preHandler: requireAuth({ roles: REGIONAL_ROLES }) };

/** Sheet names of the export, by table. */
export const GAP_SHEETS: Record<string, string> = {
  'by-la': 'By local authority',
  'by-segment': 'By need segment',
  'by-area': 'By area',
  'by-sought': 'By type sought',
};

export function gapsReleaseText(view: GapsView): string {
  return `Referrals made up to ${view.release.dataTo}, with what had become of them by then; homes and vacancies on ${formatLongDate(view.supplyDay)}.`;
}

export default function register(app: FastifyInstance): void {
  app.get('/regional/gaps', readers, async (req, reply) => {
    const { view } = req.query as { view?: string };
    const auth = req.auth!;
    const today = app.config.today();
    const release = releaseFor(auth.user, today, view);
    const gaps = await loadGaps(app.db, auth.tenant, release, today);
    const tables = Object.fromEntries(gaps.tables.map((t) => [t.id, presentTable(t)]));
    return reply.page('pages/regional/gaps.njk', {
      title: 'Sufficiency gaps',
      release,
      releaseText: gapsReleaseText(gaps),
      section: 'gaps',
      exportHref: `/regional/gaps/export.xlsx${release.view === 'hub-published' ? '?view=published' : ''}`,
      summary: summaryOf(gaps),
      charts: chartsOf(gaps),
      tables,
      empty: gaps.gaps.byLa.length === 0,
    });
  });

  app.get('/regional/gaps/export.xlsx', readers, async (req, reply) => {
    const { view } = req.query as { view?: string };
    const auth = req.auth!;
    const today = app.config.today();
    const release = releaseFor(auth.user, today, view);
    const gaps = await loadGaps(app.db, auth.tenant, release, today, { export: true });
    const about = [
      auth.user.orgKind === 'hub'
        ? `Sufficiency gaps in the region (${auth.user.orgName})`
        : `Sufficiency gaps in the region, as ${auth.user.orgName} sees them`,
      gapsReleaseText(gaps),
      release.view === 'hub-full'
        ? 'In full, with nothing hidden: for the hub only, not for publication.'
        : 'Small numbers are hidden: empty cells are counts not shown to protect them.',
    ];
    const bytes = await toXlsx(
      uniqueSheetNames(
        gaps.tables.map((t) => ({ ...sheetOfTable(t, about), name: GAP_SHEETS[t.id] ?? t.id })),
      ),
    );
    const name = safeFileName(
      `sufficiency-gaps-${release.view === 'hub-full' ? 'in-full' : release.view === 'hub-published' ? 'as-published' : auth.user.laCode}-to-${release.cutoff}.xlsx`,
    );
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(bytes);
  });
}

function summaryOf(v: GapsView) {
  const r = v.gaps.region;
  const ended = sumCounts([r.status.placed, r.status.unregistered, r.status.unmet]);
  const placed = sumCounts([r.status.placed, r.status.unregistered]);
  const share = (a: number | null, b: number | null) => (a !== null && b ? a / b : null);
  return {
    referrals: r.referrals.all,
    unmet: r.status.unmet.all,
    unmetShare: share(r.status.unmet.all, ended.all),
    unregistered: r.status.unregistered.all,
    far: r.farOrOutOfArea.all,
    farShare: share(r.farOrOutOfArea.all, placed.all),
    fosterRes: r.residentialWhereFosterPreferred.all,
    vacancies: v.gaps.byArea.reduce((a, x) => a + x.supply.vacancies, 0),
  };
}

function chartsOf(v: GapsView) {
  const name = (code: string) => v.names[code] ?? code;
  const unmet: BarDatum[] = [];
  const far: BarDatum[] = [];
  for (const row of v.gaps.byLa) {
    const mine = row.laCode === v.release.viewer.laCode ? 1 : 0;
    const ended = sumCounts([row.status.placed, row.status.unregistered, row.status.unmet]);
    const placed = sumCounts([row.status.placed, row.status.unregistered]);
    if (row.status.unmet.all !== null && ended.all)
      unmet.push({ label: name(row.laCode), value: (row.status.unmet.all / ended.all) * 100, group: mine });
    if (row.farOrOutOfArea.all !== null && placed.all)
      far.push({ label: name(row.laCode), value: (row.farOrOutOfArea.all / placed.all) * 100, group: mine });
  }
  const pct = (x: number) => `${Math.round(x)}%`;
  return {
    unmet: unmet.length
      ? barChart(
          {
            id: 'chart-unmet',
            title: 'Referrals with no placement found, share of those ended, by local authority',
            description:
              'Bars show, for each local authority, the percentage of referrals that ended with no placement found. Authorities whose figures are hidden are left out. The table by local authority below has the same figures.',
          },
          unmet,
          { format: pct },
        )
      : null,
    far: far.length
      ? barChart(
          {
            id: 'chart-far',
            title: 'Children placed over 20 miles from home or out of area, share of those placed',
            description:
              'Bars show, for each local authority, the percentage of children placed more than 20 miles from home or outside the authority. The table by local authority below has the same figures.',
          },
          far,
          { format: pct },
        )
      : null,
  };
}
