/**
 * Providers keep their homes' directory profiles: what each home can do (ages, sexes, places,
 * needs supported and excluded, solo, adaptations, pets, deprivation of liberty), its current
 * availability (stale after a week, and shown as such), prices offered and the blocks,
 * frameworks and DPSs it is in. Another provider's home answers exactly as a missing one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { confirmAvailability } from '../../../app/directory/confirm-availability.ts';
import { STALE_AFTER_DAYS } from '../../../app/directory/search-homes.ts';
import { setHomeMemberships } from '../../../app/directory/set-home-memberships.ts';
import { setHomePrices } from '../../../app/directory/set-home-prices.ts';
import { directoryCache, londonDay } from '../../../app/directory/snapshot.ts';
import { FEATURES, updateHomeProfile } from '../../../app/directory/update-home-profile.ts';
import {
  findHome,
  homesOfProvider,
  latestAvailability,
  ledgerVacancies,
  membershipsOfHome,
  pricesOfHome,
} from '../../../db/queries/directory.ts';
import { type Executor, withTenant } from '../../../db/tenant.ts';
import { FRESHNESS, freshnessOf, MEMBERSHIP_KINDS } from '../../../domain/directory/listing.ts';
import { NEED_LABELS, REGISTRATION_CATEGORIES, RISKS, SEXES } from '../../../domain/shared/codes.ts';
import { formatLongDate } from '../../../domain/shared/dates.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { referenceData } from '../../../reference/reference-data.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

const providers = {
  preHandler: requireAuth({ roles: ['provider-manager', 'admin'], orgKinds: ['provider'] }),
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROWS = 3;

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).map(String);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export default function register(app: FastifyInstance): void {
  const ref = referenceData();
  const cache = directoryCache(app.db);
  addNavItem({ href: '/homes', text: 'Your homes', roles: ['provider-manager'], order: 21 });

  /** The caller's own home, or a 404 exactly like a missing one. */
  async function ownHome(trx: Executor, req: FastifyRequest, homeId: string) {
    const home = UUID.test(homeId) ? await findHome(trx, homeId) : undefined;
    if (!home || home.providerOrgId !== req.auth!.user.orgId) notFound('home');
    return home;
  }

  app.get('/homes', providers, async (req, reply) => {
    const today = app.config.today();
    const rows = await withTenant(app.db, req.auth!.tenant, async (trx) => {
      const homes = await homesOfProvider(trx, req.auth!.user.orgId);
      const latest = new Map((await latestAvailability(trx)).map((a) => [a.homeId, a]));
      return homes.map((h) => {
        const a = latest.get(h.id);
        const confirmedOn =
          a?.confirmedOn ?? (h.availabilityConfirmedAt ? londonDay(h.availabilityConfirmedAt) : null);
        const freshness = freshnessOf({ vacancies: a?.vacancies ?? 0, confirmedOn }, today, STALE_AFTER_DAYS);
        return {
          ...h,
          vacancies: a?.vacancies ?? null,
          confirmedOn,
          freshness,
          freshnessLabel: FRESHNESS[freshness],
        };
      });
    });
    return reply.page('pages/homes/index.njk', {
      title: 'Your homes',
      homes: rows,
      staleAfterDays: STALE_AFTER_DAYS,
    });
  });

  // ---------------------------------------------------------------- profile
  const needItems = (chosen: string[]) =>
    Object.entries(NEED_LABELS).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

  async function profilePage(
    req: FastifyRequest,
    reply: FastifyReply,
    homeId: string,
    form?: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const home = await withTenant(app.db, req.auth!.tenant, (trx) => ownHome(trx, req, homeId));
    const v = form
      ? {
          ageMin: str(form.ageMin),
          ageMax: str(form.ageMax),
          sexes: list(form.sexes),
          registeredPlaces: str(form.registeredPlaces),
          needsSupported: list(form.needsSupported),
          needsExcluded: list(form.needsExcluded),
          features: list(form.features),
          listed: str(form.listed) || (home.listed ? 'yes' : 'no'),
        }
      : {
          ageMin: String(home.ageMin),
          ageMax: String(home.ageMax),
          sexes: home.sexes,
          registeredPlaces: String(home.registeredPlaces),
          needsSupported: home.needsSupported,
          needsExcluded: home.needsExcluded,
          features: Object.keys(FEATURES).filter(
            (f) =>
              ({
                offersSolo: home.offersSolo,
                adapted: home.adapted,
                petsOnSite: home.petsOnSite,
                acceptsDol: home.acceptsDol,
              })[f as keyof typeof FEATURES],
          ),
          listed: home.listed ? 'yes' : 'no',
        };
    return reply.page(
      'pages/homes/profile.njk',
      {
        title: `${home.name}: profile`,
        home,
        values: v,
        categories: home.registrationCategories.map(
          (c) => REGISTRATION_CATEGORIES[c as keyof typeof REGISTRATION_CATEGORIES] ?? c,
        ),
        sexItems: Object.entries(SEXES).map(([value, text]) => ({
          value,
          text,
          checked: v.sexes.includes(value),
        })),
        supportedItems: needItems(v.needsSupported),
        excludedItems: needItems(v.needsExcluded),
        featureItems: Object.entries(FEATURES).map(([value, text]) => ({
          value,
          text,
          checked: v.features.includes(value),
        })),
        riskCount: Object.keys(RISKS).length,
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/homes/:homeId/profile', providers, async (req, reply) =>
    profilePage(req, reply, (req.params as { homeId: string }).homeId),
  );

  app.post('/homes/:homeId/profile', providers, async (req, reply) => {
    const { homeId } = req.params as { homeId: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    try {
      await withTenant(app.db, req.auth!.tenant, async (trx) => {
        await ownHome(trx, req, homeId);
        await updateHomeProfile(trx, req.auth!.tenant, homeId, {
          ageMin: str(b.ageMin),
          ageMax: str(b.ageMax),
          sexes: list(b.sexes),
          registeredPlaces: str(b.registeredPlaces),
          needsSupported: list(b.needsSupported),
          needsExcluded: list(b.needsExcluded),
          features: list(b.features),
          ...(typeof b.listed === 'string' ? { listed: b.listed } : {}),
        });
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation')
        return profilePage(req, reply, homeId, b, formErrors(err.fieldErrors));
      throw err;
    }
    cache.touch();
    flash(reply, { title: 'Profile saved', text: 'Searches use it from now on.' });
    return reply.redirect(`/directory/homes/${homeId}`, 303);
  });

  // ---------------------------------------------------------------- availability
  async function availabilityPage(
    req: FastifyRequest,
    reply: FastifyReply,
    homeId: string,
    form?: { vacancies: string; note: string },
    errors?: ReturnType<typeof formErrors>,
  ) {
    const today = app.config.today();
    const data = await withTenant(app.db, req.auth!.tenant, async (trx) => {
      const home = await ownHome(trx, req, homeId);
      const latest = (await latestAvailability(trx, homeId))[0];
      const ledger = (await ledgerVacancies(trx, today)).find((l) => l.homeId === homeId);
      return { home, latest, ledger };
    });
    const confirmedOn =
      data.latest?.confirmedOn ??
      (data.home.availabilityConfirmedAt ? londonDay(data.home.availabilityConfirmedAt) : null);
    const freshness = freshnessOf({ vacancies: 0, confirmedOn }, today, STALE_AFTER_DAYS);
    return reply.page(
      'pages/homes/availability.njk',
      {
        title: `${data.home.name}: availability`,
        home: data.home,
        latest: data.latest,
        confirmedOn,
        freshness,
        freshnessLabel: FRESHNESS[freshness],
        ledger: data.ledger,
        staleAfterDays: STALE_AFTER_DAYS,
        values: form ?? {
          vacancies: String(
            data.ledger && data.ledger.beds > 0 ? data.ledger.vacant : (data.latest?.vacancies ?? ''),
          ),
          note: '',
        },
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/homes/:homeId/availability', providers, async (req, reply) =>
    availabilityPage(req, reply, (req.params as { homeId: string }).homeId),
  );

  app.post('/homes/:homeId/availability', providers, async (req, reply) => {
    const { homeId } = req.params as { homeId: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    const form = { vacancies: str(b.vacancies), note: str(b.note) };
    let n: number;
    try {
      n = await withTenant(app.db, req.auth!.tenant, async (trx) => {
        await ownHome(trx, req, homeId);
        return confirmAvailability(trx, req.auth!.tenant, homeId, form, app.config.today());
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation')
        return availabilityPage(req, reply, homeId, form, formErrors(err.fieldErrors));
      throw err;
    }
    cache.touch();
    flash(reply, {
      title: 'Availability confirmed',
      text: `${n} free bed${n === 1 ? '' : 's'} on ${formatLongDate(app.config.today())}. Confirm again within ${STALE_AFTER_DAYS} days so placement officers can rely on it.`,
    });
    return reply.redirect('/homes', 303);
  });

  // ---------------------------------------------------------------- prices
  async function pricesPage(
    req: FastifyRequest,
    reply: FastifyReply,
    homeId: string,
    rows?: { label: string; weekly: string; from: string }[],
    errors?: ReturnType<typeof formErrors>,
  ) {
    const data = await withTenant(app.db, req.auth!.tenant, async (trx) => {
      const home = await ownHome(trx, req, homeId);
      return { home, prices: await pricesOfHome(trx, homeId) };
    });
    const values =
      rows ??
      data.prices.map((p) => ({
        label: p.label,
        weekly: (p.weeklyPence / 100).toFixed(2),
        from: p.fromDate,
      }));
    while (values.length < ROWS) values.push({ label: '', weekly: '', from: '' });
    return reply.page(
      'pages/homes/prices.njk',
      { title: `${data.home.name}: prices`, home: data.home, rows: values, errors },
      errors ? 400 : 200,
    );
  }

  app.get('/homes/:homeId/prices', providers, async (req, reply) =>
    pricesPage(req, reply, (req.params as { homeId: string }).homeId),
  );

  app.post('/homes/:homeId/prices', providers, async (req, reply) => {
    const { homeId } = req.params as { homeId: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      label: str(b[`label${i + 1}`]),
      weekly: str(b[`weekly${i + 1}`]),
      from: str(b[`from${i + 1}`]),
    }));
    try {
      await withTenant(app.db, req.auth!.tenant, async (trx) => {
        await ownHome(trx, req, homeId);
        await setHomePrices(trx, req.auth!.tenant, homeId, rows);
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation')
        return pricesPage(req, reply, homeId, rows, formErrors(err.fieldErrors));
      throw err;
    }
    cache.touch();
    flash(reply, {
      title: 'Prices saved',
      text: 'Local authorities and hubs see them; other providers do not.',
    });
    return reply.redirect(`/directory/homes/${homeId}`, 303);
  });

  // ---------------------------------------------------------------- memberships
  const laName = (c: string) => ref.las.get(c)?.name ?? c;
  async function membershipsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    homeId: string,
    rows?: { kind: string; name: string; las: string; from: string; to: string }[],
    errors?: ReturnType<typeof formErrors>,
  ) {
    const data = await withTenant(app.db, req.auth!.tenant, async (trx) => {
      const home = await ownHome(trx, req, homeId);
      return { home, memberships: await membershipsOfHome(trx, homeId) };
    });
    const values =
      rows ??
      data.memberships.map((m) => ({
        kind: m.kind as string,
        name: m.name,
        las: m.laCodes.map(laName).join(', '),
        from: m.fromDate ?? '',
        to: m.toDate ?? '',
      }));
    while (values.length < ROWS) values.push({ kind: '', name: '', las: '', from: '', to: '' });
    const kindItems = (chosen: string) => [
      { value: '', text: 'Choose' },
      ...Object.entries(MEMBERSHIP_KINDS).map(([value, text]) => ({
        value,
        text,
        selected: chosen === value,
      })),
    ];
    return reply.page(
      'pages/homes/memberships.njk',
      {
        title: `${data.home.name}: blocks and frameworks`,
        home: data.home,
        rows: values.map((r) => ({ ...r, kindItems: kindItems(r.kind) })),
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/homes/:homeId/memberships', providers, async (req, reply) =>
    membershipsPage(req, reply, (req.params as { homeId: string }).homeId),
  );

  app.post('/homes/:homeId/memberships', providers, async (req, reply) => {
    const { homeId } = req.params as { homeId: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      kind: str(b[`kind${i + 1}`]),
      name: str(b[`name${i + 1}`]),
      las: str(b[`las${i + 1}`]),
      from: str(b[`from${i + 1}`]),
      to: str(b[`to${i + 1}`]),
    }));
    try {
      await withTenant(app.db, req.auth!.tenant, async (trx) => {
        await ownHome(trx, req, homeId);
        await setHomeMemberships(trx, req.auth!.tenant, homeId, rows, ref);
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation')
        return membershipsPage(req, reply, homeId, rows, formErrors(err.fieldErrors));
      throw err;
    }
    cache.touch();
    flash(reply, { title: 'Blocks and frameworks saved' });
    return reply.redirect(`/directory/homes/${homeId}`, 303);
  });
}
