/**
 * Notifications in the app: what happened on the pathway that concerns your organisation (a new
 * referral, a question, an offer, an answer, a filled vacancy, a lapsed deadline), newest first,
 * with your own read marks. Opening one marks it read and takes you to what it is about.
 */
import type { FastifyInstance } from 'fastify';
import {
  findNotification,
  listNotifications,
  markRead,
  unreadCount,
} from '../../../db/queries/notifications.ts';
import { withTenant } from '../../../db/tenant.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const signedIn = { preHandler: requireAuth() };

export default function register(app: FastifyInstance): void {
  addNavItem({
    href: '/notifications',
    text: 'Notifications',
    roles: ['placement-officer', 'commissioner', 'hub-analyst', 'provider-manager', 'admin'],
    order: 80,
  });

  app.get('/notifications', signedIn, async (req, reply) => {
    const tenant = req.auth!.tenant;
    const { show } = req.query as { show?: string };
    const unreadOnly = show === 'unread';
    const { items, unread } = await withTenant(app.db, tenant, async (trx) => ({
      items: await listNotifications(trx, tenant, { limit: 200, unreadOnly }),
      unread: await unreadCount(trx, tenant),
    }));
    return reply.page('pages/notifications/index.njk', { title: 'Notifications', items, unread, unreadOnly });
  });

  app.get('/notifications/:notificationId', signedIn, async (req, reply) => {
    const { notificationId } = req.params as { notificationId: string };
    if (!UUID.test(notificationId)) notFound('notification');
    const tenant = req.auth!.tenant;
    const link = await withTenant(app.db, tenant, async (trx) => {
      const n = await findNotification(trx, notificationId);
      if (!n) return undefined;
      await markRead(trx, tenant, [notificationId]);
      return n.link ?? '/notifications';
    });
    if (!link) notFound('notification');
    // Only a path on this site (never "//elsewhere"), whatever a notification holds.
    return reply.redirect(/^\/(?![/\\])/.test(link) ? link : '/notifications', 303);
  });

  app.post('/notifications/:notificationId/read', signedIn, async (req, reply) => {
    const { notificationId } = req.params as { notificationId: string };
    if (!UUID.test(notificationId)) notFound('notification');
    const tenant = req.auth!.tenant;
    const seen = await withTenant(app.db, tenant, (trx) => markRead(trx, tenant, [notificationId]));
    if (seen === 0) notFound('notification');
    return reply.redirect('/notifications', 303);
  });

  app.post('/notifications/read-all', signedIn, async (req, reply) => {
    const tenant = req.auth!.tenant;
    const n = await withTenant(app.db, tenant, (trx) => markRead(trx, tenant, 'all'));
    flash(reply, { title: n === 1 ? '1 notification marked as read' : `${n} notifications marked as read` });
    return reply.redirect('/notifications', 303);
  });
}
