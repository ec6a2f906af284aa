/** Your notifications over the API, and marking them read. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listNotifications, markRead, unreadCount } from '../../../db/queries/notifications.ts';
import { withTenant } from '../../../db/tenant.ts';
import { requireAuth } from '../../http/auth.ts';
import { ErrorBody } from './basics.ts';

const TAGS = ['Notifications'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = requireAuth();

  api.get(
    '/api/v1/notifications',
    {
      preHandler: signedIn,
      schema: {
        summary: 'Your notifications, newest first, with whether you have read each',
        tags: TAGS,
        querystring: z.object({ unread: z.enum(['true', 'false']).optional() }),
        response: {
          200: z.object({
            unread: z.number(),
            notifications: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                title: z.string(),
                body: z.string(),
                link: z.string().nullable(),
                referralId: z.string().nullable(),
                createdAt: z.date(),
                readAt: z.date().nullable(),
              }),
            ),
          }),
          401: ErrorBody,
        },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      return withTenant(app.db, tenant, async (trx) => ({
        unread: await unreadCount(trx, tenant),
        notifications: await listNotifications(trx, tenant, { unreadOnly: req.query.unread === 'true' }),
      }));
    },
  );

  api.post(
    '/api/v1/notifications/:notificationId/read',
    {
      preHandler: signedIn,
      schema: {
        summary: 'Mark one notification read',
        tags: TAGS,
        params: z.object({ notificationId: z.string() }),
        response: { 200: z.object({ read: z.number() }), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const tenant = req.auth!.tenant;
      const n = UUID.test(req.params.notificationId)
        ? await withTenant(app.db, tenant, (trx) => markRead(trx, tenant, [req.params.notificationId]))
        : 0;
      if (n === 0)
        return reply.code(404).send({ error: { code: 'not-found', message: 'No such notification' } });
      return { read: n };
    },
  );

  api.post(
    '/api/v1/notifications/read-all',
    {
      preHandler: signedIn,
      schema: {
        summary: 'Mark all your notifications read',
        tags: TAGS,
        response: { 200: z.object({ read: z.number() }), 401: ErrorBody },
      },
    },
    async (req) => {
      const tenant = req.auth!.tenant;
      return { read: await withTenant(app.db, tenant, (trx) => markRead(trx, tenant, 'all')) };
    },
  );
}
