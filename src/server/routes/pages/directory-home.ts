/**
 * A home's directory page, for everyone signed in, and local quality notes by LAs and the hub
 * (visible to the LAs and the hub of the author's region, or to the author's organisation only;
 * providers never see them). The address is shown only to placement officers and the owner.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadHomeDetail } from '../../../app/directory/home-detail.ts';
import { CHANGE_KINDS, type ChangeKind } from '../../../app/directory/import-ofsted.ts';
import { audienceOf, directoryCache, inTransaction } from '../../../app/directory/snapshot.ts';
import { findHome, insertNote, withdrawNote } from '../../../db/queries/directory.ts';
import { withTenant } from '../../../db/tenant.ts';
import { MEMBERSHIP_KINDS } from '../../../domain/directory/listing.ts';
import { PRICE_BANDS } from '../../../domain/directory/price-band.ts';
import type { Role } from '../../../domain/shared/codes.ts';
import type { FieldError } from '../../../domain/shared/errors.ts';
import { referenceData } from '../../../reference/reference-data.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { viewerOf } from './directory.ts';
import { describeChange } from './ofsted.ts';

export const NOTE_ROLES: readonly Role[] = ['placement-officer', 'commissioner', 'hub-analyst'];
const noteWriters = { preHandler: requireAuth({ roles: NOTE_ROLES, orgKinds: ['local-authority', 'hub'] }) };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NOTE = 2000;

export default function register(app: FastifyInstance): void {
  const ref = referenceData();
  const laName = (code: string) => ref.las.get(code)?.name ?? code;
  const cache = directoryCache(app.db);

  async function homePage(
    req: FastifyRequest,
    reply: FastifyReply,
    homeId: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const auth = req.auth!;
    const viewer = viewerOf(req);
    const detail = UUID.test(homeId)
      ? await withTenant(app.db, auth.tenant, async (trx) =>
          loadHomeDetail(
            trx,
            homeId,
            viewer,
            app.config.today(),
            ref,
            audienceOf(auth.tenant)
              ? await cache.get(inTransaction(trx), auth.tenant, app.config.today())
              : undefined,
          ),
        )
      : undefined;
    if (!detail) notFound('home');
    const canNote = NOTE_ROLES.includes(auth.user.role) && auth.user.orgKind !== 'provider';
    return reply.page(
      'pages/directory/home.njk',
      {
        title: detail.profile.name,
        home: detail,
        laName: laName(detail.row.laCode),
        priceBand: detail.priceBand ? PRICE_BANDS[detail.priceBand].label : null,
        memberships: detail.memberships.map((m) => ({
          ...m,
          kindLabel: MEMBERSHIP_KINDS[m.kind],
          laNames: m.laCodes.map(laName),
        })),
        history: (detail.ofsted?.history ?? []).map((h) => ({
          ...h,
          label: CHANGE_KINDS[h.kind as ChangeKind] ?? h.kind,
          text: describeChange(h.kind as ChangeKind, h.detail, laName),
        })),
        canNote,
        seesNotes: auth.user.orgKind !== 'provider',
        values: { body: '', sharedWith: 'region' },
        ...extra,
      },
      status,
    );
  }

  app.get('/directory/homes/:homeId', { preHandler: requireAuth() }, async (req, reply) =>
    homePage(req, reply, (req.params as { homeId: string }).homeId),
  );

  app.post('/directory/homes/:homeId/notes', noteWriters, async (req, reply) => {
    const { homeId } = req.params as { homeId: string };
    const auth = req.auth!;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = typeof body.body === 'string' ? body.body.trim() : '';
    const sharedWith = body.sharedWith === 'organisation' ? 'organisation' : 'region';
    const errors: FieldError[] = [];
    if (!text) errors.push({ field: 'body', message: 'Enter the note' });
    else if (text.length > MAX_NOTE)
      errors.push({ field: 'body', message: `The note must be ${MAX_NOTE} characters or fewer` });
    const saved = UUID.test(homeId)
      ? await withTenant(app.db, auth.tenant, async (trx) => {
          if (!(await findHome(trx, homeId))) return 'missing' as const;
          if (errors.length) return 'invalid' as const;
          await insertNote(trx, auth.tenant, { homeId, body: text, sharedWith });
          return 'saved' as const;
        })
      : 'missing';
    if (saved === 'missing') notFound('home');
    if (saved === 'invalid') {
      return homePage(
        req,
        reply,
        homeId,
        { errors: formErrors(errors), values: { body: text, sharedWith } },
        400,
      );
    }
    flash(reply, {
      title: 'Note added',
      text:
        sharedWith === 'region'
          ? 'LAs and the hub in your region can read it.'
          : `Only ${auth.user.orgName} can read it.`,
    });
    return reply.redirect(`/directory/homes/${homeId}#notes`, 303);
  });

  app.post('/directory/homes/:homeId/notes/:noteId/withdraw', noteWriters, async (req, reply) => {
    const { homeId, noteId } = req.params as { homeId: string; noteId: string };
    const ok =
      UUID.test(homeId) &&
      UUID.test(noteId) &&
      (await withTenant(app.db, req.auth!.tenant, (trx) =>
        withdrawNote(trx, req.auth!.tenant, homeId, noteId),
      ));
    if (!ok) notFound('note');
    flash(reply, { title: 'Note withdrawn' });
    return reply.redirect(`/directory/homes/${homeId}#notes`, 303);
  });
}
