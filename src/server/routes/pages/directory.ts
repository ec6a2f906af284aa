/**
 * "Find a home" (placement officers; commissioners and the hub too): the child's needs, the places
 * that matter, an area drawn on the map and filters in; a ranked list with the reasons for each
 * home and a map out, exported as a shortlist or sent as a referral to the ticked homes. Also a
 * home's directory page (profile, availability, prices, memberships, Ofsted history, local quality
 * notes) and the offline LA boundaries the map draws.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mapData, presentResult, type ResultView } from '../../../app/directory/present.ts';
import { type HomeSearch, matchableOf, searchHomes } from '../../../app/directory/search-homes.ts';
import {
  DISTANCE_RULES,
  hasSearch,
  type Raw,
  readSearchInput,
  type SearchValues,
  toQueryString,
} from '../../../app/directory/search-input.ts';
import { shortlistSheets } from '../../../app/directory/shortlist.ts';
import { directoryCache, inTransaction, londonDay } from '../../../app/directory/snapshot.ts';
import { sendToHomes } from '../../../app/referrals/send-to-homes.ts';
import { appendAudit } from '../../../db/queries/audit.ts';
import {
  type LiveReferralRow,
  liveReferral,
  liveReferrals,
} from '../../../db/queries/directory-referrals.ts';
import { type Executor, type Tenant, withTenant } from '../../../db/tenant.ts';
import { MEMBERSHIP_KINDS } from '../../../domain/directory/listing.ts';
import { PRICE_BANDS } from '../../../domain/directory/price-band.ts';
import { FULL_ADDRESS_ROLES, type HomeAddress, type Viewer } from '../../../domain/directory/privacy.ts';
import { EXCLUSIONS, type Exclusion } from '../../../domain/directory/search.ts';
import { homeEligibility } from '../../../domain/matching/eligibility.ts';
import { idealPlacementTypes } from '../../../domain/referrals/profile.ts';
import {
  OFSTED_RATINGS,
  PLACEMENT_TYPES,
  REGISTRATION_CATEGORIES,
  RISKS,
  type Role,
  SEXES,
} from '../../../domain/shared/codes.ts';
import { DomainError, type FieldError } from '../../../domain/shared/errors.ts';
import { safeFileName, toCsv, toXlsx } from '../../../exports/spreadsheet.ts';
import { referenceData } from '../../../reference/reference-data.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

export const SEARCH_ROLES: readonly Role[] = ['placement-officer', 'commissioner', 'hub-analyst'];
const searchers = { preHandler: requireAuth({ roles: SEARCH_ROLES }) };
const officers = { preHandler: requireAuth({ roles: ['placement-officer'], orgKinds: ['local-authority'] }) };

const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).map(String);

/** A query string (the search carried in the shortlist form) as the raw values the reader takes. */
export function rawOfQuery(q: string): Raw {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q)) {
    const had = out[k];
    out[k] = had === undefined ? v : [...asList(had), v];
  }
  return out;
}

/**
 * The moment of sending: now, unless the service runs on a fixed day (TODAY, in demos and tests),
 * when it is midday of that day, so deadlines and hold clocks agree with the day shown.
 */
export function nowOn(today: string): Date {
  const now = new Date();
  return londonDay(now) === today ? now : new Date(`${today}T12:00:00Z`);
}

export function viewerOf(req: FastifyRequest): Viewer {
  const u = req.auth!.user;
  return { role: u.role, orgId: u.orgId, orgKind: u.orgKind };
}

export function seesAddresses(viewer: Viewer): boolean {
  return viewer.orgKind === 'local-authority' && FULL_ADDRESS_ROLES.includes(viewer.role);
}

/** The referral's answers as the search form's values (when a search starts from a referral). */
function valuesFromReferral(values: SearchValues, r: LiveReferralRow): SearchValues {
  const { child, requirements: req } = matchableOf(r);
  const preferred = idealPlacementTypes(req)[0];
  return {
    ...values,
    age: String(child.ageYears),
    sex: child.sex,
    primaryNeed: child.primaryNeed,
    risks: [...child.risks],
    placementType: preferred ?? values.placementType,
    solo: req.livingCompanions === 'solo' ? 'yes' : '',
    adaptation: req.homeAdaptationRequired ? 'yes' : '',
    dol: req.deprivationOfLiberty ? 'yes' : '',
    noPets: req.pets === 'no' ? 'yes' : '',
    familyPostcode: values.familyPostcode || req.familyPostcodeSector || '',
    schoolPostcode: values.schoolPostcode || req.schoolPostcodeSector || '',
  };
}

const NEEDS_FIELDS = ['age', 'sex', 'primaryNeed', 'placementType'] as const;

function describeSearch(values: SearchValues, search: HomeSearch | undefined): string {
  const parts: string[] = [];
  if (search?.referral) parts.push(`For referral ${search.referral.reference}`);
  if (values.age) parts.push(`age ${values.age}`);
  if (values.sex) parts.push(SEXES[values.sex as keyof typeof SEXES] ?? values.sex);
  if (values.primaryNeed)
    parts.push(
      REGISTRATION_CATEGORIES[values.primaryNeed as keyof typeof REGISTRATION_CATEGORIES] ??
        values.primaryNeed,
    );
  if (values.risks.length) parts.push(`${values.risks.length} risk${values.risks.length === 1 ? '' : 's'}`);
  for (const [label, area] of [
    [values.familyLabel || 'Family home', values.familyPostcode],
    [values.schoolLabel || 'School', values.schoolPostcode],
    [values.otherLabel || 'Other place', values.otherPostcode],
  ])
    if (area) parts.push(`${label} ${area}`);
  if (values.area) parts.push('within a drawn area');
  return parts.length ? `Search: ${parts.join(', ')}` : 'Search: every home';
}

export default function register(app: FastifyInstance): void {
  const ref = referenceData();
  const cache = directoryCache(app.db);
  addNavItem({ href: '/directory/search', text: 'Find a home', roles: [...SEARCH_ROLES], order: 20 });

  const routeExists = (url: string) => app.routeList.some((r) => r.url === url);
  const newReferralPath = () => (routeExists('/referrals/new') ? '/referrals/new' : null);

  let boundaries: string | undefined;
  app.get('/directory/boundaries.geojson', { preHandler: requireAuth() }, async (_req, reply) => {
    boundaries ??= JSON.stringify(ref.laBoundaries);
    return reply
      .header('content-type', 'application/geo+json; charset=utf-8')
      .header('cache-control', 'private, max-age=86400')
      .send(boundaries);
  });

  const laOptions = [...ref.las.values()]
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .map((la) => ({ value: la.dfeCode, text: la.name }));
  const regionOptions = [...ref.regions.values()]
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .map((r) => ({ value: r.code, text: r.name }));

  /** Runs (or just shows) a search and renders the page; `extraErrors` come from the shortlist form. */
  async function searchPage(
    req: FastifyRequest,
    reply: FastifyReply,
    raw: Raw,
    extraErrors: FieldError[] = [],
    selected: string[] = [],
  ) {
    const auth = req.auth!;
    const viewer = viewerOf(req);
    const run = hasSearch(raw);
    const page = await withTenant(app.db, auth.tenant, async (trx) => {
      const referrals =
        auth.user.orgKind === 'local-authority' ? await liveReferrals(trx, auth.user.orgId) : [];
      if (referrals.length > 0) {
        await appendAudit(trx, auth.tenant, [
          {
            action: 'read',
            entityType: 'referral',
            detail: {
              purpose: 'directory search: live referrals listed',
              referrals: referrals.map((r) => r.id),
            },
          },
        ]);
      }
      let read = readSearchInput(raw, ref);
      const chosen = referrals.find((r) => r.id === read.values.referralId);
      if (chosen && NEEDS_FIELDS.every((f) => !read.values[f])) {
        read = readSearchInput(valuesFromReferral(read.values, chosen), ref);
      }
      const errors = [...read.errors, ...extraErrors];
      let search: HomeSearch | undefined;
      let results: ResultView[] = [];
      if (run && read.input && read.errors.length === 0) {
        try {
          search = await searchHomes(inTransaction(trx), auth.tenant, read.input, {
            today: app.config.today(),
            laCode: auth.user.laCode,
            cache,
            ref,
          });
        } catch (err) {
          if (!(err instanceof DomainError) || err.fieldErrors.length === 0) throw err;
          errors.push(...err.fieldErrors);
        }
        if (search) results = await present(trx, auth.tenant, search, viewer);
      }
      return { referrals, values: read.values, input: read.input, errors, search, results };
    });
    const { values, search, results, errors } = page;
    const excluded = search
      ? (Object.keys(EXCLUSIONS) as Exclusion[])
          .filter((k) => search.outcome.excluded[k] > 0)
          .map((k) => ({ label: EXCLUSIONS[k], count: search.outcome.excluded[k] }))
      : [];
    const places = page.input?.places ?? [];
    return reply.page(
      'pages/directory/search.njk',
      {
        title: 'Find a home',
        values,
        searched: Boolean(search),
        results,
        matched: search?.outcome.matched ?? 0,
        excluded,
        matcher: search?.matcher,
        forReferral: search?.referral ?? null,
        mapJson: mapData(results, places),
        query: toQueryString(values),
        queryWithoutArea: toQueryString({ ...values, area: '' }),
        selected,
        canRefer: auth.user.role === 'placement-officer' && auth.user.orgKind === 'local-authority',
        referralItems: [
          { value: '', text: 'Choose a referral' },
          ...page.referrals.map((r) => ({
            value: r.id,
            text: `${r.reference}: ${describeChild(r)}`,
            selected: r.id === values.referralId,
          })),
          ...(newReferralPath() ? [{ value: 'new', text: 'Start a new referral' }] : []),
        ],
        basisItems: [
          { value: '', text: 'No referral: enter the child’s needs below' },
          ...page.referrals.map((r) => ({
            value: r.id,
            text: `${r.reference}: ${describeChild(r)}`,
            selected: r.id === values.referralId,
          })),
        ],
        options: formOptions(values),
        errors: errors.length ? formErrors(errors) : undefined,
      },
      errors.length ? 400 : 200,
    );
  }

  function describeChild(r: LiveReferralRow): string {
    const { child } = matchableOf(r);
    return `${child.ageYears}, ${SEXES[child.sex].toLowerCase()}, ${REGISTRATION_CATEGORIES[child.primaryNeed]?.toLowerCase() ?? child.primaryNeed}`;
  }

  async function present(
    trx: Executor,
    tenant: Tenant,
    search: HomeSearch,
    viewer: Viewer,
  ): Promise<ResultView[]> {
    const byId = seesAddresses(viewer)
      ? await cache.addressesFor(inTransaction(trx), tenant, search.snapshot.version)
      : new Map<string, HomeAddress>();
    return search.outcome.results.map((r, i) =>
      presentResult(
        i + 1,
        r,
        search.snapshot.byId.get(r.listing.profile.id),
        viewer,
        ref,
        byId.get(r.listing.profile.id) ?? null,
      ),
    );
  }

  function formOptions(values: SearchValues) {
    const check = (list: string[]) => (v: string) => list.includes(v);
    const risk = check(values.risks);
    const rating = check(values.rating);
    const membership = check(values.membership);
    return {
      sex: Object.entries(SEXES).map(([value, text]) => ({ value, text, checked: values.sex === value })),
      primaryNeed: [
        { value: '', text: 'Any' },
        ...Object.entries(REGISTRATION_CATEGORIES).map(([value, text]) => ({
          value,
          text,
          selected: values.primaryNeed === value,
        })),
      ],
      placementType: [
        { value: '', text: 'Any', checked: !values.placementType },
        ...Object.entries(PLACEMENT_TYPES).map(([value, text]) => ({
          value,
          text,
          checked: values.placementType === value,
        })),
      ],
      risks: Object.entries(RISKS).map(([value, r]) => ({ value, text: r.label, checked: risk(value) })),
      requirements: [
        { value: 'yes', text: 'Needs a solo placement', name: 'solo', checked: values.solo === 'yes' },
        {
          value: 'yes',
          text: 'Needs an adapted home',
          name: 'adaptation',
          checked: values.adaptation === 'yes',
        },
        {
          value: 'yes',
          text: 'A deprivation of liberty order applies',
          name: 'dol',
          checked: values.dol === 'yes',
        },
        { value: 'yes', text: 'Cannot live with pets', name: 'noPets', checked: values.noPets === 'yes' },
      ],
      rule: Object.entries(DISTANCE_RULES).map(([value, text]) => ({
        value,
        text,
        checked: (values.rule || (values.withinMiles ? 'within' : 'total')) === value,
      })),
      la: [
        { value: '', text: 'Any local authority' },
        ...laOptions.map((o) => ({ ...o, selected: values.la.includes(o.value) })),
      ],
      region: [
        { value: '', text: 'Any region' },
        ...regionOptions.map((o) => ({ ...o, selected: values.region.includes(o.value) })),
      ],
      availability: [
        {
          value: 'yes',
          text: 'Only homes with a vacancy',
          name: 'vacanciesOnly',
          checked: values.vacanciesOnly === 'yes',
        },
        {
          value: 'yes',
          text: 'Only availability confirmed in the last 7 days',
          name: 'freshOnly',
          checked: values.freshOnly === 'yes',
        },
      ],
      rating: Object.entries(OFSTED_RATINGS).map(([value, text]) => ({
        value,
        text,
        checked: rating(value),
      })),
      maxPriceBand: [
        { value: '', text: 'Any price' },
        ...Object.entries(PRICE_BANDS).map(([value, b]) => ({
          value,
          text: `Band ${value.toUpperCase()} or cheaper (${b.label.toLowerCase()})`,
          selected: values.maxPriceBand === value,
        })),
      ],
      membership: Object.entries(MEMBERSHIP_KINDS).map(([value, text]) => ({
        value,
        text,
        checked: membership(value),
      })),
    };
  }

  app.get('/directory/search', searchers, async (req, reply) => searchPage(req, reply, req.query as Raw));

  /** The shortlist form: the search (as a query string) and the ticked homes. */
  function readShortlist(req: FastifyRequest) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const q = typeof body.q === 'string' ? body.q : '';
    return {
      q,
      raw: rawOfQuery(q),
      homeIds: asList(body.homeId).filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
      referralId: typeof body.referralId === 'string' ? body.referralId : '',
      format: body.format === 'csv' ? ('csv' as const) : ('xlsx' as const),
    };
  }

  app.post('/directory/search/export', searchers, async (req, reply) => {
    const form = readShortlist(req);
    const auth = req.auth!;
    const viewer = viewerOf(req);
    const read = readSearchInput(form.raw, ref);
    if (!read.input) throw new DomainError('validation', 'The search has errors; search again', read.errors);
    const input = read.input;
    const { rows, search } = await withTenant(app.db, auth.tenant, async (trx) => {
      const found = await searchHomes(inTransaction(trx), auth.tenant, input, {
        today: app.config.today(),
        laCode: auth.user.laCode,
        cache,
        ref,
      });
      const all = await present(trx, auth.tenant, found, viewer);
      const chosen = form.homeIds.length ? all.filter((r) => form.homeIds.includes(r.homeId)) : all;
      if (found.referral) {
        await appendAudit(trx, auth.tenant, [
          {
            action: 'export',
            entityType: 'referral',
            entityId: found.referral.id,
            detail: { homes: chosen.length },
          },
        ]);
      }
      return { rows: chosen, search: found };
    });
    const sheets = shortlistSheets(rows, {
      asOf: app.config.today(),
      by: `${auth.user.displayName}, ${auth.user.orgName}`,
      search: describeSearch(read.values, search),
    });
    const name = safeFileName(`shortlist-${app.config.today()}`);
    if (form.format === 'csv') {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(toCsv(sheets[0]));
    }
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(await toXlsx(sheets));
  });

  app.post('/directory/refer', officers, async (req, reply) => {
    const form = readShortlist(req);
    const errors: FieldError[] = [];
    if (form.homeIds.length === 0)
      errors.push({ field: 'homeId', message: 'Select the homes to send the referral to' });
    if (!form.referralId)
      errors.push({ field: 'shortlistReferralId', message: 'Choose which referral to send' });
    if (form.referralId === 'new') {
      const path = newReferralPath();
      if (path) return reply.redirect(path, 303);
      errors.push({ field: 'shortlistReferralId', message: 'Choose one of your live referrals' });
    }
    if (errors.length) return searchPage(req, reply, form.raw, errors, form.homeIds);
    const auth = req.auth!;
    const confirm = await withTenant(app.db, auth.tenant, async (trx) => {
      const referral = /^[0-9a-f-]{36}$/i.test(form.referralId)
        ? await liveReferral(trx, auth.user.orgId, form.referralId)
        : undefined;
      if (!referral) return undefined;
      await appendAudit(trx, auth.tenant, [
        {
          action: 'read',
          entityType: 'referral',
          entityId: referral.id,
          detail: { purpose: 'send to homes: check' },
        },
      ]);
      const snapshot = await cache.get(inTransaction(trx), auth.tenant, app.config.today());
      const matchable = matchableOf(referral);
      const homes = form.homeIds
        .map((id) => snapshot.byId.get(id))
        .filter((e) => e !== undefined)
        .map((e) => ({
          id: e.listing.profile.id,
          name: e.listing.profile.name,
          providerName: e.listing.profile.providerName,
          problems: homeEligibility(matchable, e.listing.profile).map((f) => f.message),
        }));
      return { referral, child: matchable.child, homes };
    });
    if (!confirm) {
      return searchPage(
        req,
        reply,
        form.raw,
        [{ field: 'shortlistReferralId', message: 'Choose one of your live referrals' }],
        form.homeIds,
      );
    }
    return reply.page('pages/directory/refer.njk', {
      title: `Send referral ${confirm.referral.reference} to ${confirm.homes.length} home${confirm.homes.length === 1 ? '' : 's'}`,
      referral: confirm.referral,
      child: confirm.child,
      childText: describeChild(confirm.referral),
      homes: confirm.homes,
      q: form.q,
    });
  });

  app.post('/directory/refer/send', officers, async (req, reply) => {
    const form = readShortlist(req);
    const auth = req.auth!;
    const result = await withTenant(app.db, auth.tenant, async (trx) => {
      const referral = /^[0-9a-f-]{36}$/i.test(form.referralId)
        ? await liveReferral(trx, auth.user.orgId, form.referralId)
        : undefined;
      if (!referral) notFound('referral');
      const sent = await sendToHomes(trx, auth.tenant, {
        referralId: referral.id,
        homeIds: form.homeIds,
        now: nowOn(app.config.today()),
        today: app.config.today(),
      });
      return { reference: referral.reference, ...sent };
    });
    const n = result.sent.length;
    const notes = [
      n > 0 ? `Sent to ${result.sent.map((s) => s.homeName).join(', ')}.` : '',
      ...result.refused.map((r) => `Not sent to ${r.homeName}: ${r.reasons.join(' ')}`),
      ...result.held.map((h) => `${h.homeName}: ${h.message}`),
      ...(result.overCap.length
        ? [`Not sent to ${result.overCap.map((h) => h.homeName).join(', ')}: over the cap on providers.`]
        : []),
    ].filter(Boolean);
    flash(reply, {
      title:
        n > 0
          ? `Referral ${result.reference} sent to ${n} home${n === 1 ? '' : 's'}`
          : `Referral ${result.reference} was not sent`,
      text: notes.join(' '),
    });
    const target = routeExists('/referrals/:referralId')
      ? `/referrals/${result.referralId}`
      : `/directory/search?${form.q}`;
    return reply.redirect(target, 303);
  });
}
