/**
 * The directory over the API: the same search as "Find a home" (query parameters named as the
 * form's fields), one home as its page shows it, and the whole directory in the Open Referral UK
 * (HSDS) format. Addresses follow the same privacy rule as the pages; the HSDS export has none.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadHomeDetail } from '../../../app/directory/home-detail.ts';
import { presentResult } from '../../../app/directory/present.ts';
import { searchHomes } from '../../../app/directory/search-homes.ts';
import { DISTANCE_RULES, MAX_LIMIT, type Raw, readSearchInput } from '../../../app/directory/search-input.ts';
import {
  audienceOf,
  directoryCache,
  inTransaction,
  type TenantAccess,
} from '../../../app/directory/snapshot.ts';
import { providerOrganisations } from '../../../db/queries/directory.ts';
import { type Executor, type Tenant, withTenant } from '../../../db/tenant.ts';
import { MEMBERSHIP_KINDS } from '../../../domain/directory/listing.ts';
import { PRICE_BANDS } from '../../../domain/directory/price-band.ts';
import type { HomeAddress } from '../../../domain/directory/privacy.ts';
import {
  OFSTED_RATINGS,
  PLACEMENT_TYPES,
  REGISTRATION_CATEGORIES,
  RISK_CODES,
  SEXES,
} from '../../../domain/shared/codes.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { toHsds } from '../../../exports/hsds.ts';
import { referenceData } from '../../../reference/reference-data.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { SEARCH_ROLES, seesAddresses, viewerOf } from '../pages/directory.ts';
import { ErrorBody } from './basics.ts';

const TAGS = ['Directory'];
const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
/** A parameter that may repeat (?risks=a&risks=b) or carry a comma-separated list. */
const many = <T extends z.ZodType>(item: T) =>
  z
    .preprocess(
      (v) =>
        (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) =>
          String(x)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      z.array(item),
    )
    .optional();
const yesNo = z.enum(['yes', 'no', 'true', 'false']).optional();
const postcode = z
  .string()
  .max(12)
  .optional()
  .describe('postcode sector (UB3 1), district (UB3) or full postcode');
const label = z.string().max(40).optional();

export const SearchQuery = z.object({
  referralId: z.uuid().optional().describe('one of your live referrals: its needs and rules are used'),
  age: z.coerce.number().int().min(0).max(25).optional(),
  sex: z.enum(keys(SEXES)).optional(),
  primaryNeed: z.enum(keys(REGISTRATION_CATEGORIES)).optional(),
  placementType: z.enum(keys(PLACEMENT_TYPES)).optional(),
  risks: many(z.enum(RISK_CODES as [string, ...string[]])),
  solo: yesNo,
  adaptation: yesNo,
  dol: yesNo.describe('a deprivation of liberty order applies'),
  noPets: yesNo,
  familyPostcode: postcode,
  familyLabel: label,
  schoolPostcode: postcode,
  schoolLabel: label,
  otherPostcode: postcode,
  otherLabel: label,
  rule: z.enum(keys(DISTANCE_RULES)).optional().describe('how distances combine: total, maximum or within'),
  withinMiles: z.coerce.number().positive().max(500).optional(),
  area: z.string().max(200_000).optional().describe('GeoJSON Polygon or MultiPolygon (WGS84)'),
  la: many(z.string().regex(/^\d{3}$/, 'a DfE LA code has three digits')),
  region: many(z.string().regex(/^E12\d{6}$/, 'an English region code looks like E12000007')),
  vacanciesOnly: yesNo,
  freshOnly: yesNo.describe('only availability confirmed in the last 7 days'),
  rating: many(z.enum(keys(OFSTED_RATINGS))),
  maxPriceBand: z.enum(keys(PRICE_BANDS)).optional(),
  membership: many(z.enum(keys(MEMBERSHIP_KINDS))),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
});

const Location = z.object({
  level: z.enum(['full', 'district']),
  postcodeDistrict: z.string().nullable(),
  laCode: z.string(),
  laName: z.string(),
  address: z
    .object({
      line1: z.string(),
      line2: z.string().nullable(),
      town: z.string().nullable(),
      county: z.string().nullable(),
      postcode: z.string(),
    })
    .nullable()
    .describe('only for LA placement officers and the owning provider'),
  addressText: z.string().nullable(),
  point: z
    .object({ lat: z.number(), lon: z.number() })
    .nullable()
    .describe('the district centroid unless the address may be seen'),
});
const Coded = z.object({ code: z.string(), label: z.string() });
const Profile = {
  name: z.string(),
  providerOrgId: z.string(),
  providerName: z.string(),
  urn: z.string().nullable(),
  placementType: z.string(),
  placementTypeLabel: z.string(),
  registeredPlaces: z.number(),
  ageMin: z.number(),
  ageMax: z.number(),
  sexes: z.array(z.string()),
  sexesText: z.string(),
  registrationCategories: z.array(Coded),
  needsSupported: z.array(Coded),
  needsExcluded: z.array(Coded),
  offersSolo: z.boolean(),
  adapted: z.boolean(),
  petsOnSite: z.boolean(),
  acceptsDeprivationOfLiberty: z.boolean(),
  rating: z.string().nullable(),
  ratingLabel: z.string(),
  ratedOn: z.string().nullable(),
};
const Result = z.object({
  rank: z.number(),
  homeId: z.string(),
  ...Profile,
  location: Location,
  score: z.number().describe('out of 100: the sum of the reasons’ points'),
  reasons: z.array(
    z.object({
      factor: z.string(),
      label: z.string(),
      points: z.number(),
      weight: z.number(),
      message: z.string(),
    }),
  ),
  distances: z.array(
    z.object({
      kind: z.string(),
      label: z.string(),
      miles: z.number().describe('straight line, as the DfE measures placement distance'),
      text: z.string(),
      limit: z.number().nullable(),
      within: z.boolean(),
    }),
  ),
  travel: z.array(
    z.object({
      kind: z.string(),
      label: z.string(),
      minutes: z.number(),
      roadMiles: z.number(),
      text: z.string(),
      isEstimate: z.boolean().describe('true: estimated from straight-line distance, not a route'),
      method: z.string(),
    }),
  ),
  availability: z.object({
    vacancies: z.number(),
    confirmedOn: z.string().nullable(),
    freshness: z.enum(['fresh', 'stale', 'unknown']),
    freshnessLabel: z.string(),
    source: z.enum(['confirmed', 'ledger', 'none']),
    sourceLabel: z.string(),
  }),
  priceBand: Coded.nullable(),
  memberships: z.array(
    z.object({ kind: z.string(), kindLabel: z.string(), name: z.string(), laCodes: z.array(z.string()) }),
  ),
  profileReviewed: z.boolean(),
  fromOfstedOwner: z.boolean(),
});

export const SearchBody = z.object({
  asOf: z.string(),
  matched: z.number().describe('homes passing every filter (results may be fewer: limit)'),
  excluded: z.record(z.string(), z.number()).describe('homes left out, by the first rule they failed'),
  matcher: z.enum(['matching', 'directory']),
  forReferral: z.object({ id: z.string(), reference: z.string() }).nullable(),
  results: z.array(Result),
});

const HomeBody = z.object({
  id: z.string(),
  ...Profile,
  status: z.string(),
  listed: z.boolean(),
  registeredOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  profileReviewedAt: z.date().nullable(),
  location: Location,
  availability: z.object({
    vacancies: z.number(),
    confirmedOn: z.string().nullable(),
    freshness: z.enum(['fresh', 'stale', 'unknown']),
    source: z.enum(['confirmed', 'ledger', 'none']),
    note: z.string().nullable(),
  }),
  priceBand: z.string().nullable(),
  prices: z
    .array(z.object({ label: z.string(), weeklyPence: z.number(), fromDate: z.string() }))
    .describe('LAs, hubs and the owning provider only'),
  memberships: z.array(
    z.object({ kind: z.string(), id: z.string(), name: z.string(), laCodes: z.array(z.string()) }),
  ),
  notes: z
    .array(
      z.object({
        id: z.string(),
        orgName: z.string(),
        body: z.string(),
        sharedWith: z.string(),
        createdAt: z.date(),
      }),
    )
    .describe('local quality notes: LAs and the hub of the author’s region only'),
  ofstedHistory: z.array(
    z.object({ kind: z.string(), effectiveOn: z.string(), detail: z.record(z.string(), z.unknown()) }),
  ),
});

const Rows = z.array(z.record(z.string(), z.unknown()));
const HsdsBody = z.object({
  organizations: Rows,
  services: Rows,
  locations: Rows,
  service_at_locations: Rows,
  taxonomies: Rows,
  taxonomy_terms: Rows,
  attributes: Rows,
  cost_options: Rows,
});

/** The zod-checked query back into the form's raw values (one reader for page and API). */
function rawOf(q: z.infer<typeof SearchQuery>): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v === 'true') out[k] = 'yes';
    else if (v === 'false') out[k] = 'no';
    else out[k] = String(v);
  }
  return out;
}

export default function register(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ref = referenceData();
  const cache = directoryCache(app.db);

  api.get(
    '/api/v1/directory/search',
    {
      preHandler: requireAuth({ roles: SEARCH_ROLES }),
      // The hot path: the body is built from typed presenters (and checked against SearchBody by the
      // tests), so it is written as JSON directly rather than parsed through zod again on every search.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        summary:
          'Find homes for a child: needs, places that matter, a drawn area and filters; ranked with reasons',
        tags: TAGS,
        querystring: SearchQuery,
        response: { 200: SearchBody, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => {
      const read = readSearchInput(rawOf(req.query), ref);
      if (!read.input) throw new DomainError('validation', 'The search has errors', read.errors);
      const input = read.input;
      const auth = req.auth!;
      const viewer = viewerOf(req);
      const today = app.config.today();
      const access: TenantAccess = (fn) => withTenant(app.db, auth.tenant, fn);
      const found = await searchHomes(access, auth.tenant, input, {
        today,
        laCode: auth.user.laCode,
        cache,
        ref,
      });
      const addresses = seesAddresses(viewer)
        ? await cache.addressesFor(access, auth.tenant, found.snapshot.version)
        : new Map<string, HomeAddress>();
      return {
        asOf: today,
        matched: found.outcome.matched,
        excluded: found.outcome.excluded,
        matcher: found.matcher,
        forReferral: found.referral,
        results: found.outcome.results.map((r, i) =>
          presentResult(
            i + 1,
            r,
            found.snapshot.byId.get(r.listing.profile.id),
            viewer,
            ref,
            addresses.get(r.listing.profile.id) ?? null,
          ),
        ),
      };
    },
  );

  const cachedFor = async (trx: Executor, tenant: Tenant) =>
    audienceOf(tenant) ? cache.get(inTransaction(trx), tenant, app.config.today()) : undefined;

  api.get(
    '/api/v1/directory/homes/:homeId',
    {
      preHandler: requireAuth(),
      schema: {
        summary:
          'One home in the directory: profile, availability, prices, memberships, Ofsted history, notes',
        tags: TAGS,
        params: z.object({ homeId: z.uuid() }),
        response: { 200: HomeBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const viewer = viewerOf(req);
      const d = await withTenant(app.db, req.auth!.tenant, async (trx) =>
        loadHomeDetail(
          trx,
          req.params.homeId,
          viewer,
          app.config.today(),
          ref,
          await cachedFor(trx, req.auth!.tenant),
        ),
      );
      if (!d) notFound('home');
      const { id: _id, ...profile } = d.profile;
      return {
        id: d.profile.id,
        ...profile,
        status: d.status,
        listed: d.listed,
        registeredOn: d.registeredOn,
        closedOn: d.closedOn,
        profileReviewedAt: d.profileReviewedAt,
        location: d.location,
        availability: {
          vacancies: d.availability.vacancies,
          confirmedOn: d.availability.confirmedOn,
          freshness: d.availability.freshness,
          source: d.availability.source,
          note: d.availability.note,
        },
        priceBand: d.priceBand,
        prices: d.prices.map((p) => ({ label: p.label, weeklyPence: p.weeklyPence, fromDate: p.fromDate })),
        memberships: d.memberships.map((m) => ({
          kind: m.kind,
          id: m.id,
          name: m.name,
          laCodes: [...m.laCodes],
        })),
        notes: d.notes.map((n) => ({
          id: n.id,
          orgName: n.orgName,
          body: n.body,
          sharedWith: n.sharedWith,
          createdAt: n.createdAt,
        })),
        ofstedHistory: (d.ofsted?.history ?? []).map((h) => ({
          kind: h.kind,
          effectiveOn: h.effectiveOn,
          detail: h.detail,
        })),
      };
    },
  );

  api.get(
    '/api/v1/directory/hsds',
    {
      preHandler: requireAuth(),
      schema: {
        summary:
          'The directory in the Open Referral UK (HSDS 3) format: homes as services, districts as locations, no addresses',
        tags: TAGS,
        response: { 200: HsdsBody, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      const { listings, providers } = await withTenant(app.db, req.auth!.tenant, async (trx) => ({
        listings: (await cache.get(inTransaction(trx), req.auth!.tenant, app.config.today())).searchable,
        providers: await providerOrganisations(trx),
      }));
      const base = `${req.protocol}://${req.host}`;
      const dataset = toHsds(listings, providers, {
        baseUrl: base,
        districtCentroid: (d) => ref.districts.get(d)?.point,
        laName: (c) => ref.las.get(c)?.name,
        generatedAt: new Date().toISOString(),
      });
      reply.header('content-disposition', 'inline; filename="directory-hsds.json"');
      return dataset;
    },
  );
}
