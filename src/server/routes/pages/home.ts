import type { FastifyInstance } from 'fastify';
import { adminFigures, hubFigures, laFigures, providerFigures } from '../../../db/queries/dashboard.ts';
import { withTenant } from '../../../db/tenant.ts';
import { requireAuth } from '../../http/auth.ts';

/** The home page: a dashboard for the signed-in role, or a redirect to sign in. */
export default function register(app: FastifyInstance): void {
  app.get('/', { preHandler: requireAuth() }, async (req, reply) => {
    const { user, tenant } = req.auth!;
    const today = app.config.today();
    const figures = await withTenant(app.db, tenant, async (trx) => {
      switch (user.role) {
        case 'placement-officer':
        case 'commissioner':
          return { la: await laFigures(trx, user.orgId, today) };
        case 'provider-manager':
          return { provider: await providerFigures(trx, user.orgId, today) };
        case 'hub-analyst':
          return { hub: await hubFigures(trx, user.regionCode, today) };
        case 'admin':
          return {
            admin: await adminFigures(trx, user.orgId),
            ...(user.orgKind === 'local-authority' ? { la: await laFigures(trx, user.orgId, today) } : {}),
            ...(user.orgKind === 'provider'
              ? { provider: await providerFigures(trx, user.orgId, today) }
              : {}),
            ...(user.orgKind === 'hub' ? { hub: await hubFigures(trx, user.regionCode, today) } : {}),
          };
      }
    });
    return reply.page(`pages/home/${user.role}.njk`, { title: 'Home', today, ...figures });
  });
}
