/**
 * "Find a home" through the API and the page: the needs filter, distances to several places with
 * a combined rule, a drawn area, ranking reasons; address privacy; provider profiles feeding the
 * search; local quality notes and who reads them; the shortlist export; the HSDS export.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { geometryContains } from '../../src/domain/directory/area.ts';
import { SearchBody } from '../../src/server/routes/api/directory.ts';
import { signIn, useTestApp } from '../helpers/app.ts';

// Rows are written directly in some tests here: compare the directory's version on every search.
process.env.DIRECTORY_VERSION_CHECK_MS = '0';
const t = useTestApp();

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const qs = (o: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
};

interface ApiResult {
  homeId: string;
  name: string;
  providerName: string;
  rank: number;
  score: number;
  sexes: string[];
  location: { level: string; postcodeDistrict: string | null; address: { line1: string } | null };
  reasons: { factor: string; points: number; weight: number; message: string }[];
  distances: { label: string; miles: number; within: boolean }[];
  travel: { label: string; text: string; isEstimate: boolean }[];
  memberships: { kind: string; name: string }[];
  availability: { vacancies: number; freshness: string };
}
interface ApiSearch {
  matched: number;
  excluded: Record<string, number>;
  matcher: string;
  results: ApiResult[];
}

const GIRL = { age: '14', sex: 'female', primaryNeed: 'ebd', risks: ['missing'] };
const PLACES = { familyPostcode: 'W5 3', schoolPostcode: 'UB6 8' };

async function homeByName(name: string) {
  return t().database.db.selectFrom('home').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
}

describe('directory search through the API', () => {
  it('filters by needs with matching’s rules and says why each home is ranked', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const res = await s.api('GET', `/api/v1/directory/search?${qs({ ...GIRL, ...PLACES })}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // The body is written by hand on this hot path: it must still be what the schema documents.
    expect(SearchBody.strict().parse(res.json())).toBeTruthy();
    const body = res.json() as ApiSearch;
    expect(body.matcher).toBe('matching');
    expect(body.excluded.needs).toBeGreaterThan(0); // boys-only homes, learning-disability homes
    expect(body.results.length).toBe(body.matched);
    for (const r of body.results) {
      expect(r.sexes).toContain('female');
      expect(r.reasons.map((x) => x.factor)).toEqual([
        'needs',
        'distance',
        'availability',
        'rating',
        'price',
        'membership',
      ]);
      expect(r.score).toBeCloseTo(
        r.reasons.reduce((a, x) => a + x.points, 0),
        0,
      );
      expect(r.distances.map((d) => d.label)).toEqual(['Family home', 'School']);
      expect(r.travel.every((x) => x.isEstimate && x.text.includes('(estimate)'))).toBe(true);
    }
    expect(body.results.map((r) => r.name)).not.toContain('Cedar Lodge'); // boys only
    const scores = body.results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // Elmtree's homes are in the West London soft block, open to Ealing.
    const rowan = body.results.find((r) => r.name === 'Rowan Cottage')!;
    expect(rowan.memberships.some((m) => m.kind === 'block')).toBe(true);
    expect(rowan.reasons.find((x) => x.factor === 'membership')!.message).toMatch(/^Block contract: /);
    expect(rowan.reasons.find((x) => x.factor === 'needs')!.message).toMatch(/Registered for emotional/);
  });

  it('keeps every place within the distance, and ranks by the total or the furthest place', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const within = (
      await s.api('GET', `/api/v1/directory/search?${qs({ ...PLACES, rule: 'within', withinMiles: '5' })}`)
    ).json() as ApiSearch;
    expect(within.results.length).toBeGreaterThan(0);
    expect(within.excluded.distance).toBeGreaterThan(0);
    for (const r of within.results) for (const d of r.distances) expect(d.miles).toBeLessThanOrEqual(5);
    const total = (
      await s.api('GET', `/api/v1/directory/search?${qs({ ...PLACES, rule: 'total' })}`)
    ).json() as ApiSearch;
    const maximum = (
      await s.api('GET', `/api/v1/directory/search?${qs({ ...PLACES, rule: 'maximum' })}`)
    ).json() as ApiSearch;
    expect(total.matched).toBe(maximum.matched);
    const r0 = maximum.results[0]!;
    expect(r0.reasons.find((x) => x.factor === 'distance')!.message).toContain('furthest');
  });

  it('keeps only homes inside a drawn area', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    // Around Hayes, Southall and Ealing (west of central London).
    const area = {
      type: 'Polygon',
      coordinates: [
        [
          [-0.48, 51.48],
          [-0.28, 51.48],
          [-0.28, 51.56],
          [-0.48, 51.56],
          [-0.48, 51.48],
        ],
      ],
    } as const;
    const res = (
      await s.api('GET', `/api/v1/directory/search?${qs({ area: JSON.stringify(area) })}`)
    ).json() as ApiSearch;
    expect(res.excluded.area).toBeGreaterThan(0);
    expect(res.results.length).toBeGreaterThan(0);
    for (const r of res.results) {
      const h = await homeByName(r.name);
      expect(geometryContains(area as never, { lat: h.lat!, lon: h.lon! }), r.name).toBe(true);
    }
  });

  it('names the field of every bad parameter', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const res = await s.api('GET', `/api/v1/directory/search?${qs({ age: 'fourteen', sex: 'x' })}`);
    expect(res.statusCode).toBe(400);
    const fields = (res.json() as { error: { fields: { field: string }[] } }).error.fields.map(
      (f) => f.field,
    );
    expect(fields.join(' ')).toMatch(/age/);
    const bad = await s.api('GET', `/api/v1/directory/search?${qs({ familyPostcode: 'ZZ99 9' })}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { fields: [{ field: 'familyPostcode' }] } });
    const area = await s.api('GET', `/api/v1/directory/search?${qs({ area: '{"type":"Point"}' })}`);
    expect(area.statusCode).toBe(400);
    expect(area.json()).toMatchObject({ error: { fields: [{ field: 'area' }] } });
  });

  it('is for LAs and the hub: providers cannot search', async () => {
    const s = await signIn(t().app, 'manager.elmtree');
    expect((await s.api('GET', '/api/v1/directory/search')).statusCode).toBe(403);
    expect((await s.get('/directory/search')).statusCode).toBe(403);
  });
});

describe('address privacy', () => {
  it('shows the address only to placement officers and the owning provider', async () => {
    const elm = await homeByName('Elmtree House');
    const address = await t()
      .database.db.selectFrom('home_address')
      .select('line1')
      .where('home_id', '=', elm.id)
      .executeTakeFirstOrThrow();
    const q = qs({ familyPostcode: 'UB4 0', rule: 'within', withinMiles: '3' });

    const officer = await signIn(t().app, 'officer.ealing');
    const seen = (await officer.api('GET', `/api/v1/directory/search?${q}`)).json() as ApiSearch;
    expect(seen.results.find((r) => r.homeId === elm.id)!.location.address!.line1).toBe(address.line1);
    expect((await officer.get(`/directory/search?${q}`)).body).toContain(address.line1);
    expect((await officer.get(`/directory/homes/${elm.id}`)).body).toContain(address.line1);

    for (const who of ['analyst.hub', 'commissioner.ealing']) {
      const s = await signIn(t().app, who);
      const api = (await s.api('GET', `/api/v1/directory/search?${q}`)).json() as ApiSearch;
      const mine = api.results.find((r) => r.homeId === elm.id)!;
      expect(mine.location).toMatchObject({ level: 'district', postcodeDistrict: 'UB4', address: null });
      const page = await s.get(`/directory/search?${q}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain(address.line1);
      expect(text(page.body)).toContain('UB4');
      const home = await s.get(`/directory/homes/${elm.id}`);
      expect(home.body).not.toContain(address.line1);
      expect((await s.api('GET', `/api/v1/directory/homes/${elm.id}`)).json()).toMatchObject({
        location: { level: 'district', address: null, postcodeDistrict: 'UB4' },
      });
    }
    const other = await signIn(t().app, 'manager.harbour');
    expect((await other.get(`/directory/homes/${elm.id}`)).body).not.toContain(address.line1);
    expect((await other.api('GET', `/api/v1/directory/homes/${elm.id}`)).json()).toMatchObject({
      location: { level: 'district', address: null },
      prices: [],
    });
    const owner = await signIn(t().app, 'manager.elmtree');
    expect((await owner.get(`/directory/homes/${elm.id}`)).body).toContain(address.line1);
  });

  it('never exports an address in the Open Referral UK dataset', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const res = await s.api('GET', '/api/v1/directory/hsds');
    expect(res.statusCode).toBe(200);
    const lines = await t().database.db.selectFrom('home_address').select('line1').execute();
    for (const l of lines) expect(res.body).not.toContain(l.line1);
    const data = res.json() as { services: unknown[]; organizations: { name: string }[] };
    expect(data.services.length).toBeGreaterThanOrEqual(15);
    expect(data.organizations.map((o) => o.name)).toContain('Elmtree Care Ltd');
  });
});

describe('what providers keep feeds the search', () => {
  it('a profile change, a price and a membership show in the next search', async () => {
    const rowan = await homeByName('Rowan Cottage');
    const manager = await signIn(t().app, 'manager.elmtree');
    const officer = await signIn(t().app, 'officer.ealing');
    const search = async () =>
      (
        (
          await officer.api('GET', `/api/v1/directory/search?${qs({ ...GIRL, ...PLACES })}`)
        ).json() as ApiSearch
      ).results.find((r) => r.homeId === rowan.id);
    expect(await search()).toBeDefined();

    const form = await manager.get(`/homes/${rowan.id}/profile`);
    expect(form.statusCode).toBe(200);
    const bad = await manager.post(`/homes/${rowan.id}/profile`, {
      ageMin: '16',
      ageMax: '12',
      sexes: ['female'],
      registeredPlaces: '4',
    });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('The oldest age must be the same as or more than the youngest');
    const saved = await manager.post(`/homes/${rowan.id}/profile`, {
      ageMin: '15',
      ageMax: '17',
      sexes: ['female'],
      registeredPlaces: String(rowan.registered_places),
      needsSupported: ['missing', 'self-harm'],
      needsExcluded: ['others-fire'],
      features: ['offersSolo'],
    });
    expect(saved.statusCode).toBe(303);
    expect(await search()).toBeUndefined(); // 14 is now too young

    await manager.post(`/homes/${rowan.id}/profile`, {
      ageMin: '10',
      ageMax: '17',
      sexes: ['female'],
      registeredPlaces: String(rowan.registered_places),
      needsSupported: ['missing'],
    });
    expect(
      (
        await manager.post(`/homes/${rowan.id}/prices`, {
          label1: 'Standard placement',
          weekly1: '3,950',
          from1: '1/4/2026',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await manager.post(`/homes/${rowan.id}/memberships`, {
          kind1: 'framework',
          name1: 'London Residential Framework',
          las1: 'Ealing, 312',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await manager.post(`/homes/${rowan.id}/availability`, { vacancies: '2', note: 'From Monday' }))
        .statusCode,
    ).toBe(303);
    const r = (await search())!;
    expect(r.reasons.find((x) => x.factor === 'price')!.message).toBe('Under £4,000 a week');
    expect(r.memberships.map((m) => m.name)).toContain('London Residential Framework');
    expect(r.availability).toMatchObject({ vacancies: 2, freshness: 'fresh' });
    expect(r.reasons.find((x) => x.factor === 'needs')!.message).toContain('supports 1 of 1 further needs');

    // The hub sees the price; another provider does not.
    const hub = await signIn(t().app, 'analyst.hub');
    expect(
      ((await hub.api('GET', `/api/v1/directory/homes/${rowan.id}`)).json() as { prices: unknown[] }).prices,
    ).toHaveLength(1);
    const harbour = await signIn(t().app, 'manager.harbour');
    expect(
      ((await harbour.api('GET', `/api/v1/directory/homes/${rowan.id}`)).json() as { prices: unknown[] })
        .prices,
    ).toEqual([]);
    // Another provider cannot edit it: the same 404 as a home that does not exist.
    expect((await harbour.get(`/homes/${rowan.id}/profile`)).statusCode).toBe(404);
    expect((await harbour.post(`/homes/${rowan.id}/availability`, { vacancies: '0' })).statusCode).toBe(404);
  });

  it('shows availability older than a week as possibly out of date', async () => {
    const db = t().database.db;
    const anchor = await homeByName('Anchor House');
    await db
      .insertInto('home_availability')
      .values({
        org_id: anchor.org_id,
        home_id: anchor.id,
        vacancies: 1,
        confirmed_on: '2026-11-01',
        confirmed_at: new Date('2026-11-01T10:00:00Z'),
      })
      .execute();
    const officer = await signIn(t().app, 'officer.ealing');
    const all = (await officer.api('GET', `/api/v1/directory/search?${qs(PLACES)}`)).json() as ApiSearch;
    const r = all.results.find((x) => x.homeId === anchor.id)!;
    expect(r.availability).toMatchObject({ vacancies: 1, freshness: 'stale' });
    expect(r.reasons.find((x) => x.factor === 'availability')!.message).toContain('may be out of date');
    const fresh = (
      await officer.api('GET', `/api/v1/directory/search?${qs({ ...PLACES, freshOnly: 'yes' })}`)
    ).json() as ApiSearch;
    expect(fresh.results.map((x) => x.homeId)).not.toContain(anchor.id);
    expect(fresh.excluded.stale).toBeGreaterThan(0);
    const page = await officer.get(`/directory/search?${qs(PLACES)}`);
    expect(text(page.body)).toContain('May be out of date');
  });
});

describe('local quality notes', () => {
  it('are read by LAs and the hub of the region, never by providers; private ones by the author only', async () => {
    const home = await homeByName('Quayside');
    const ealing = await signIn(t().app, 'officer.ealing');
    const empty = await ealing.post(`/directory/homes/${home.id}/notes`, { body: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(text(empty.body)).toContain('Enter the note');
    expect(
      (
        await ealing.post(`/directory/homes/${home.id}/notes`, {
          body: 'Responds within a day; good with missing episodes.',
          sharedWith: 'region',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await ealing.post(`/directory/homes/${home.id}/notes`, {
          body: 'Ealing only: staffing worries in October.',
          sharedWith: 'organisation',
        })
      ).statusCode,
    ).toBe(303);

    for (const who of ['analyst.hub', 'officer.brent', 'commissioner.ealing']) {
      const body = text((await (await signIn(t().app, who)).get(`/directory/homes/${home.id}`)).body);
      expect(body, who).toContain('Responds within a day');
      expect(body.includes('staffing worries'), who).toBe(who === 'commissioner.ealing');
    }
    for (const who of ['manager.harbour', 'manager.elmtree']) {
      const s = await signIn(t().app, who);
      expect(text((await s.get(`/directory/homes/${home.id}`)).body)).not.toContain('Responds within a day');
      expect(
        ((await s.api('GET', `/api/v1/directory/homes/${home.id}`)).json() as { notes: unknown[] }).notes,
      ).toEqual([]);
      expect((await s.post(`/directory/homes/${home.id}/notes`, { body: 'x' })).statusCode).toBe(403);
    }
    const note = await t()
      .database.db.selectFrom('home_note')
      .select('id')
      .where('body', 'like', 'Responds%')
      .executeTakeFirstOrThrow();
    const brent = await signIn(t().app, 'officer.brent');
    expect((await brent.post(`/directory/homes/${home.id}/notes/${note.id}/withdraw`, {})).statusCode).toBe(
      404,
    );
    expect((await ealing.post(`/directory/homes/${home.id}/notes/${note.id}/withdraw`, {})).statusCode).toBe(
      303,
    );
    expect(text((await brent.get(`/directory/homes/${home.id}`)).body)).not.toContain(
      'Responds within a day',
    );
  });
});

describe('the shortlist', () => {
  it('exports the ticked homes with their reasons to xlsx and CSV', async () => {
    const s = await signIn(t().app, 'officer.ealing');
    const q = qs({ ...GIRL, ...PLACES });
    const found = (await s.api('GET', `/api/v1/directory/search?${q}`)).json() as ApiSearch;
    const ticked = found.results.slice(0, 2).map((r) => r.homeId);
    const res = await s.post('/directory/search/export', { q, homeId: ticked, format: 'xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="shortlist-2026-11-20.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Shortlist')!;
    const values: string[][] = [];
    sheet.eachRow((row) => {
      values.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    const header = values.findIndex((r) => r[0] === 'Rank');
    expect(values[header]).toContain('Travel time (estimate)');
    const rows = values.slice(header + 1).filter((r) => r.length > 0);
    expect(rows.map((r) => r[1])).toEqual(found.results.slice(0, 2).map((r) => r.name));
    expect(wb.getWorksheet('Reasons')!.rowCount).toBeGreaterThan(10);

    const csv = await s.post('/directory/search/export', { q, format: 'csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter(Boolean).length).toBe(found.results.length + 1);
  });
});
