/**
 * Contract pages: the list (what row-level security lets the caller see), a contract's terms in
 * words with its parties, homes, beds and coming decisions, creating a contract (the lead
 * commissioner: an LA's commissioner or the region's hub) and, for the lead, deciding its next
 * extension option. KPIs, the bed board and statements are
 * in contracts-kpis.ts and contracts-statements.ts; the provider's bed actions in contracts-beds.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ContractInput, createContract } from '../../../app/contracts/create-contract.ts';
import {
  decideContractExtension,
  decidesExtensions,
  requireExtensionDecider,
} from '../../../app/contracts/decide-extension.ts';
import { requireContract } from '../../../app/contracts/load.ts';
import { decisionsOf, describeTerms, homePrices, months } from '../../../app/contracts/present.ts';
import { termOf, viewerOf } from '../../../app/contracts/views.ts';
import { contractCandidates, listContracts, providerHomes } from '../../../db/queries/contracts.ts';
import { withTenant } from '../../../db/tenant.ts';
import { formatShare } from '../../../domain/contracts/shares.ts';
import { currentEnd, openExtension } from '../../../domain/contracts/term.ts';
import { CONTRACT_KINDS, type Role } from '../../../domain/shared/codes.ts';
import { addDays, addMonths, formatLongDate } from '../../../domain/shared/dates.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { requireAuth } from '../../http/auth.ts';
import { STATUS } from '../../http/errors.ts';
import { fieldId, formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

export const CONTRACT_READERS: readonly Role[] = [
  'placement-officer',
  'commissioner',
  'hub-analyst',
  'provider-manager',
  'admin',
];
const readers = { preHandler: requireAuth({ roles: CONTRACT_READERS }) };
const leads = { preHandler: requireAuth({ roles: ['commissioner', 'hub-analyst'] }) };

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export default function register(app: FastifyInstance): void {
  addNavItem({
    href: '/contracts',
    text: 'Contracts',
    roles: ['commissioner', 'hub-analyst', 'provider-manager', 'placement-officer'],
    order: 30,
  });

  app.get('/contracts', readers, async (req, reply) => {
    const { user, tenant } = req.auth!;
    const contracts = await withTenant(app.db, tenant, (trx) => listContracts(trx));
    const today = app.config.today();
    return reply.page('pages/contracts/list.njk', {
      title: 'Contracts',
      kinds: CONTRACT_KINDS,
      canCreate: user.role === 'commissioner' || user.role === 'hub-analyst',
      isLa: user.orgKind === 'local-authority' && user.role !== 'admin',
      contracts: contracts.map((c) => ({
        ...c,
        relation:
          c.leadOrgId === user.orgId
            ? 'You lead it'
            : c.providerOrgId === user.orgId
              ? 'Your homes'
              : c.partyOrgIds.includes(user.orgId)
                ? 'You take part'
                : 'In your region',
        inForce: c.startDate <= today && today < c.endDate,
        lastDay: addDays(c.endDate, -1),
      })),
    });
  });

  app.get('/contracts/new', leads, async (req, reply) => {
    const { provider, step } = req.query as { provider?: string; step?: string };
    const data = await newFormData(req, provider);
    const asked = provider !== undefined || step !== undefined;
    if (!data.provider) {
      return reply.page(
        'pages/contracts/new-provider.njk',
        {
          title: 'Create a contract: choose the provider',
          providerItems: data.providers.map((p) => ({ value: p.id, text: p.name })),
          errors: asked ? formErrors([{ field: 'provider', message: 'Choose the provider' }]) : undefined,
        },
        asked ? 400 : 200,
      );
    }
    return reply.page('pages/contracts/new.njk', {
      title: 'Create a contract',
      ...data,
      values: {
        maxBedsPerSetting: '5',
        extensionNoticeMonths: '6',
        upliftKind: 'none',
        holdPayer: 'leaving-la',
      },
    });
  });

  app.post('/contracts/new', leads, async (req, reply) => {
    const body = (req.body ?? {}) as Form;
    const providerId = one(body.providerId);
    const data = await newFormData(req, providerId);
    if (!data.provider) {
      return reply.page(
        'pages/contracts/new-provider.njk',
        {
          title: 'Create a contract: choose the provider',
          providerItems: data.providers.map((p) => ({ value: p.id, text: p.name })),
          errors: formErrors([{ field: 'provider', message: 'Choose the provider' }]),
        },
        400,
      );
    }
    const partyIds = data.las.filter((l) => one(body[`share-${l.id}`]).trim() !== '').map((l) => l.id);
    const homeIds = data.homes.filter((h) => one(body[`beds-${h.id}`]).trim() !== '').map((h) => h.id);
    const input: ContractInput = {
      kind: one(body.kind),
      reference: one(body.reference),
      name: one(body.name),
      providerId,
      start: dateFrom(body, 'start'),
      initialMonths: one(body.initialMonths),
      extensions: one(body.extensions),
      extensionNoticeMonths: one(body.extensionNoticeMonths),
      breakNoticeMonths: one(body.breakNoticeMonths),
      weeklyPrice: one(body.weeklyPrice),
      uplift: {
        kind: one(body.upliftKind),
        percent: one(body.upliftPercent),
        index: one(body.upliftIndex),
        capPercent: one(body.upliftCap),
        floorPercent: one(body.upliftFloor),
        series: one(body.upliftSeries),
      },
      holdDays: one(body.holdDays),
      holdPayer: one(body.holdPayer),
      afterHold: one(body.afterHold),
      retainerPercent: one(body.retainer),
      maxBedsPerSetting: one(body.maxBedsPerSetting),
      parties: partyIds.map((orgId) => ({ orgId, share: one(body[`share-${orgId}`]) })),
      homes: homeIds.map((homeId) => ({ homeId, beds: one(body[`beds-${homeId}`]) })),
    };
    try {
      const created = await withTenant(app.db, req.auth!.tenant, (trx) =>
        createContract(trx, req.auth!.tenant, input),
      );
      flash(reply, { title: 'Contract created', text: `${created.reference} is live.` });
      return reply.redirect(`/contracts/${created.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation') throw err;
      const errors = err.fieldErrors.map((e) => ({ ...e, field: formField(e.field, partyIds, homeIds) }));
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (k !== '_csrf') values[k] = one(v);
      return reply.page(
        'pages/contracts/new.njk',
        { title: 'Create a contract', ...data, values, errors: formErrors(errors) },
        400,
      );
    }
  });

  app.get('/contracts/:contractId', readers, async (req, reply) => {
    const { contractId } = req.params as { contractId: string };
    const today = app.config.today();
    const { record, viewer } = await withTenant(app.db, req.auth!.tenant, async (trx) => {
      const record = await requireContract(trx, contractId);
      return { record, viewer: viewerOf(record, req.auth!.tenant) };
    });
    const prices = homePrices(record, today);
    const term = termOf(record);
    return reply.page('pages/contracts/show.njk', {
      title: `${record.reference}: ${record.name}`,
      contract: record,
      section: 'overview',
      viewer,
      termRows: describeTerms(record, today).map((t) => ({ key: { text: t.key }, value: { text: t.value } })),
      decisions: decisionsOf(record, today),
      extensionToDecide:
        decidesExtensions(record, req.auth!.tenant) && today < term.to
          ? openExtension(record.contract.term)
          : undefined,
      inForce: term.from <= today && today < term.to,
      parties: record.parties.map((p) => ({ ...p, share: formatShare(p.sharePpm) })),
      homes: record.homes.map((h) => ({
        ...h,
        weekly: prices.get(h.id),
        beds: record.beds.filter((b) => b.homeId === h.id),
      })),
    });
  });

  const extensionPage = async (req: FastifyRequest) => {
    const { contractId } = req.params as { contractId: string };
    const record = await withTenant(app.db, req.auth!.tenant, (trx) => requireContract(trx, contractId));
    requireExtensionDecider(record, req.auth!.tenant);
    const term = record.contract.term;
    const open = openExtension(term);
    const end = currentEnd(term);
    return {
      title: `Decide an extension: ${record.reference}`,
      contract: record,
      open,
      optionText: open ? months(open.option.months) : '',
      ended: app.config.today() >= end,
      lastDay: addDays(end, -1),
      extendedLastDay: open ? addDays(addMonths(end, open.option.months), -1) : null,
    };
  };

  app.get('/contracts/:contractId/extension', leads, async (req, reply) =>
    reply.page('pages/contracts/extension.njk', { ...(await extensionPage(req)), values: {} }),
  );

  app.post('/contracts/:contractId/extension', leads, async (req, reply) => {
    const context = await extensionPage(req);
    const body = (req.body ?? {}) as Form;
    const decision = one(body.decision);
    const values = { decision };
    if (decision !== 'exercise' && decision !== 'decline') {
      return reply.page(
        'pages/contracts/extension.njk',
        {
          ...context,
          values,
          errors: formErrors([{ field: 'decision', message: 'Select whether to exercise the extension' }]),
        },
        400,
      );
    }
    const tenant = req.auth!.tenant;
    try {
      const done = await withTenant(app.db, tenant, (trx) =>
        decideContractExtension(
          trx,
          tenant,
          {
            contractId: context.contract.id,
            extension: Number(one(body.extension)),
            exercise: decision === 'exercise',
          },
          app.config.today(),
        ),
      );
      flash(reply, {
        title: done.exercised
          ? `Extension ${done.extension} exercised: ${done.reference} now runs to ${formatLongDate(addDays(done.endDate, -1))}`
          : `Extension ${done.extension} not taken: ${done.reference} ends on ${formatLongDate(addDays(done.endDate, -1))}`,
      });
      return reply.redirect(`/contracts/${context.contract.id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.fieldErrors.length === 0) throw err;
      // The page as it stands now (someone else may have decided meanwhile), with the reason.
      const now = await extensionPage(req);
      const reason =
        now.open && !now.ended
          ? { errors: formErrors(err.fieldErrors.map((f) => ({ ...f, field: 'decision' }))) }
          : { notice: err.fieldErrors[0]?.message };
      return reply.page('pages/contracts/extension.njk', { ...now, values, ...reason }, STATUS[err.code]);
    }
  });
}

/** The form's field for a field the use case named (`parties[2].share` → that LA's share box). */
function formField(field: string, partyIds: readonly string[], homeIds: readonly string[]): string {
  const party = /^parties\[(\d+)\]/.exec(field);
  if (party) return `share-${partyIds[Number(party[1])] ?? ''}`;
  if (field === 'parties') return 'shares';
  const home = /^homes\[(\d+)\]/.exec(field);
  if (home) return `beds-${homeIds[Number(home[1])] ?? ''}`;
  const map: Record<string, string> = {
    'uplift.kind': 'upliftKind',
    'uplift.percent': 'upliftPercent',
    'uplift.index': 'upliftIndex',
    'uplift.capPercent': 'upliftCap',
    'uplift.floorPercent': 'upliftFloor',
    'uplift.series': 'upliftSeries',
    retainerPercent: 'retainer',
    weeklyPricePence: 'weeklyPrice',
  };
  return map[field] ?? field;
}

function dateFrom(body: Form, name: string): string {
  const d = one(body[`${name}-day`]).trim();
  const m = one(body[`${name}-month`]).trim();
  const y = one(body[`${name}-year`]).trim();
  if (!d && !m && !y) return '';
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

async function newFormData(req: FastifyRequest, providerId: string | undefined) {
  const { tenant } = req.auth!;
  return withTenant(req.server.db, tenant, async (trx) => {
    const { las, providers } = await contractCandidates(trx, tenant.regionCode);
    const provider = providers.find((p) => p.id === providerId);
    const homes = provider ? await providerHomes(trx, provider.id) : [];
    return {
      las,
      providers,
      provider,
      homes: homes.map((h) => ({ ...h, beds: h.bedIds.length, fieldId: fieldId(`beds-${h.id}`) })),
      kinds: Object.entries(CONTRACT_KINDS).map(([value, text]) => ({ value, text })),
    };
  });
}
