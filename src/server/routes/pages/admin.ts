import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createUser } from '../../../app/users/create-user.ts';
import { appendAudit, listAudit } from '../../../db/queries/audit.ts';
import { listOrganisationUsers, revokeUserSessions, setUserDisabled } from '../../../db/queries/auth.ts';
import { withTenant } from '../../../db/tenant.ts';
import { ROLES, ROLES_BY_ORG_KIND, type Role } from '../../../domain/shared/codes.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

const adminOnly = { preHandler: requireAuth({ roles: ['admin'] }) };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function register(app: FastifyInstance): void {
  addNavItem({ href: '/admin/users', text: 'Users', roles: ['admin'], order: 90 });
  addNavItem({ href: '/admin/audit', text: 'Audit log', roles: ['admin'], order: 91 });

  app.get('/admin/users', adminOnly, async (req, reply) => {
    const users = await withTenant(app.db, req.auth!.tenant, (trx) =>
      listOrganisationUsers(trx, req.auth!.user.orgId),
    );
    return reply.page('pages/admin/users.njk', { title: 'Users', users, roles: ROLES });
  });

  const roleItems = (kind: keyof typeof ROLES_BY_ORG_KIND, selected?: string) =>
    ROLES_BY_ORG_KIND[kind].map((r) => ({ value: r, text: ROLES[r], checked: r === selected }));

  app.get('/admin/users/new', adminOnly, async (req, reply) =>
    reply.page('pages/admin/new-user.njk', {
      title: 'Add a user',
      values: {},
      roleItems: roleItems(req.auth!.user.orgKind),
    }),
  );

  app.post('/admin/users/new', adminOnly, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const values = { email: b.email ?? '', displayName: b.displayName ?? '', role: b.role ?? '' };
    try {
      await createUser(app.db, {
        email: values.email,
        displayName: values.displayName,
        role: values.role as Role,
        password: b.password ?? '',
        orgId: req.auth!.user.orgId,
      });
    } catch (err) {
      if (!(err instanceof DomainError) || err.fieldErrors.length === 0) throw err;
      const errs = err.fieldErrors.map((e) => (e.field === 'org' ? { ...e, field: 'role' } : e));
      return reply.page(
        'pages/admin/new-user.njk',
        {
          title: 'Add a user',
          values,
          errors: formErrors(errs),
          roleItems: roleItems(req.auth!.user.orgKind, values.role),
        },
        400,
      );
    }
    flash(reply, {
      title: 'User added',
      text: `${values.displayName} can now sign in as ${values.email.trim().toLowerCase()}.`,
    });
    return reply.redirect('/admin/users', 303);
  });

  const setDisabled = (disabled: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    const { userId } = req.params as { userId: string };
    const me = req.auth!;
    if (!UUID.test(userId)) notFound('user');
    if (userId === me.user.userId) {
      return reply.page(
        'pages/error.njk',
        { title: 'You cannot disable your own account', message: 'Ask another administrator.' },
        400,
      );
    }
    const updated = await withTenant(app.db, me.tenant, async (trx) => {
      const row = await setUserDisabled(trx, me.user.orgId, userId, disabled);
      if (row) {
        await appendAudit(trx, me.tenant, [
          { action: 'update', entityType: 'user', entityId: row.id, detail: { disabled } },
        ]);
      }
      return row;
    });
    if (!updated) notFound('user');
    if (disabled) await revokeUserSessions(app.db, userId);
    flash(reply, {
      title: disabled
        ? `${updated.displayName} can no longer sign in`
        : `${updated.displayName} can sign in again`,
    });
    return reply.redirect('/admin/users', 303);
  };
  app.post('/admin/users/:userId/disable', adminOnly, setDisabled(true));
  app.post('/admin/users/:userId/enable', adminOnly, setDisabled(false));

  app.get('/admin/audit', adminOnly, async (req, reply) => {
    const { before } = req.query as { before?: string };
    const events = await withTenant(app.db, req.auth!.tenant, (trx) =>
      listAudit(trx, { limit: 100, before: before && /^\d+$/.test(before) ? before : undefined }),
    );
    const last = events.at(-1);
    return reply.page('pages/admin/audit.njk', {
      title: 'Audit log',
      events,
      nextBefore: events.length === 100 && last ? last.id : undefined,
    });
  });
}
