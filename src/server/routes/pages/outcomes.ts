/**
 * Sought vs secured: how referrals ended (placed in a block, framework, spot, in-house,
 * unregistered; withdrawn; no placement), the placement type that was sought against the one
 * secured, days to place, providers approached and why providers said no. An LA sees its own; the
 * region's hub sees every LA of its region (outcome records hold no child-level detail).
 */
import type { FastifyInstance } from 'fastify';
import { CODES } from '../../../app/referrals/labels.ts';
import { readOutcomes } from '../../../app/referrals/read-outcomes.ts';
import { withTenant } from '../../../db/tenant.ts';
import { REFERRAL_OUTCOMES } from '../../../domain/shared/codes.ts';
import { barChart } from '../../charts/svg.ts';
import { requireAuth } from '../../http/auth.ts';
import { addNavItem } from '../../nav.ts';

const readers = { preHandler: requireAuth({ roles: ['placement-officer', 'commissioner', 'hub-analyst'] }) };

export default function register(app: FastifyInstance): void {
  addNavItem({
    href: '/outcomes',
    text: 'Sought vs secured',
    roles: ['placement-officer', 'commissioner', 'hub-analyst'],
    order: 15,
  });

  app.get('/outcomes', readers, async (req, reply) => {
    const view = await withTenant(app.db, req.auth!.tenant, (trx) => readOutcomes(trx));
    const o = view.overall;
    const chart =
      o.referrals > 0
        ? barChart(
            {
              id: 'outcomes-chart',
              title: 'How referrals ended',
              description: `Counts of ${o.referrals} ended referrals by outcome; the table below has the same numbers.`,
            },
            Object.entries(REFERRAL_OUTCOMES).map(([code, label], i) => ({
              label,
              value: o.byOutcome[code as keyof typeof REFERRAL_OUTCOMES],
              group: code.startsWith('placed') ? 0 : i % 2 ? 1 : 5,
            })),
          )
        : null;
    return reply.page('pages/referrals/outcomes.njk', {
      title: 'Sought vs secured',
      view,
      chart,
      codes: CODES,
      isHub: req.auth!.user.orgKind === 'hub',
    });
  });
}
