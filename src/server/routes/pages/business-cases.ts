/**
 * Business cases (issue 7, docs/simulation.md "Pages and API"): a commissioner's or the hub's saved
 * block-contract scenarios. Start one (name, needs, authorities, optionally a contract to start
 * from), check the figures the platform prefilled (each says where it came from), save, run it as a
 * background job, and read the results (business-cases-results.ts). A hub may share a scenario with
 * the authorities taking part; they read it and its results, and can copy it to make their own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { prefillScenario } from '../../../app/simulation/prefill.ts';
import { fileForReader } from '../../../app/simulation/reader-view.ts';
import { simulationJob } from '../../../app/simulation/run-job.ts';
import { changeScenario, createScenario, shareScenario } from '../../../app/simulation/save-scenario.ts';
import {
  currentNotes,
  type Form,
  fileFromForm,
  formFromFile,
  type ScenarioFormView,
  sourcesOf,
} from '../../../app/simulation/scenario-form.ts';
import { DEFAULT_RUNS, DEFAULT_SEED, SIMULATION_JOB, startRun } from '../../../app/simulation/start-run.ts';
import {
  findScenario,
  listRuns,
  listScenarios,
  regionLas,
  type ScenarioRecord,
} from '../../../db/queries/simulation.ts';
import { blockContracts } from '../../../db/queries/simulation-prefill.ts';
import { type Tenant, withTenant } from '../../../db/tenant.ts';
import { NEED_SEGMENTS, type NeedSegment, type Role } from '../../../domain/shared/codes.ts';
import { DomainError, type FieldError } from '../../../domain/shared/errors.ts';
import { OPTION_KINDS, RATINGS } from '../../../domain/simulation/options-appraisal.ts';
import { safeFileName } from '../../../exports/spreadsheet.ts';
import type { ScenarioFileJson } from '../../../importers/scenario/scenario-schema.ts';
import { requireAuth } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { formErrors } from '../../http/forms.ts';
import { flash } from '../../http/render.ts';
import { addNavItem } from '../../nav.ts';

export const BUSINESS_CASE_ROLES: readonly Role[] = ['commissioner', 'hub-analyst'];
const gate = { preHandler: requireAuth({ roles: BUSINESS_CASE_ROLES }) };

const all = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map((x) => x.trim()).filter(Boolean);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

interface StartChoices {
  name: string;
  segments: NeedSegment[];
  las: string[];
  contract: string;
}

export default function register(app: FastifyInstance): void {
  addNavItem({ href: '/business-cases', text: 'Business cases', roles: BUSINESS_CASE_ROLES, order: 45 });
  app.jobs.register(SIMULATION_JOB, simulationJob(), {
    title: 'Simulating a business case',
    resultPath: (job) => `/business-cases/runs/${String(job.payload.runId)}`,
  });

  // ---------------------------------------------------------------- the list
  app.get('/business-cases', gate, async (req, reply) => {
    const { tenant, user } = req.auth!;
    const scenarios = await withTenant(app.db, tenant, (trx) => listScenarios(trx, tenant.orgId));
    return reply.page('pages/simulation/list.njk', {
      title: 'Business cases',
      own: scenarios.filter((s) => s.orgId === user.orgId),
      shared: scenarios.filter((s) => s.orgId !== user.orgId),
    });
  });

  // ---------------------------------------------------------------- starting one
  const startPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    choices: StartChoices,
    errors: FieldError[] = [],
  ) => {
    const { tenant } = req.auth!;
    const { las, contracts } = await withTenant(app.db, tenant, async (trx) => ({
      las: await regionLas(trx, tenant.regionCode),
      contracts: await blockContracts(trx),
    }));
    return reply.page(
      'pages/simulation/new.njk',
      {
        title: 'Start a business case',
        values: choices,
        segmentItems: Object.entries(NEED_SEGMENTS).map(([value, text]) => ({
          value,
          text,
          checked: choices.segments.includes(value as NeedSegment),
        })),
        laItems: las.map((la) => ({ value: la.id, text: la.name, checked: choices.las.includes(la.id) })),
        contractItems: [
          { value: '', text: 'No: enter the terms yourself', checked: choices.contract === '' },
          ...contracts.map((c) => ({
            value: c.id,
            text: `${c.reference}: ${c.name}`,
            checked: choices.contract === c.id,
          })),
        ],
        ...(errors.length > 0 ? { errors: formErrors(errors) } : {}),
      },
      errors.length > 0 ? 400 : 200,
    );
  };

  const checkStart = async (
    tenant: Tenant,
    q: Form,
  ): Promise<{ choices: StartChoices; errors: FieldError[] }> => {
    const choices: StartChoices = {
      name: one(q.name),
      segments: all(q.segment).filter((s): s is NeedSegment => s in NEED_SEGMENTS),
      las: all(q.la),
      contract: one(q.contract),
    };
    const errors: FieldError[] = [];
    if (!choices.name) errors.push({ field: 'name', message: 'Give the business case a name' });
    else if (choices.name.length > 200)
      errors.push({ field: 'name', message: 'The name must be 200 characters or fewer' });
    if (choices.segments.length === 0)
      errors.push({ field: 'segment', message: 'Choose the needs the block is for' });
    const known = await withTenant(app.db, tenant, async (trx) => ({
      las: new Set((await regionLas(trx, tenant.regionCode)).map((l) => l.id)),
      contracts: new Set((await blockContracts(trx)).map((c) => c.id)),
    }));
    choices.las = choices.las.filter((id) => known.las.has(id));
    if (choices.contract && !known.contracts.has(choices.contract))
      errors.push({ field: 'contract', message: 'Choose a contract from the list' });
    if (!choices.contract && choices.las.length === 0)
      errors.push({
        field: 'la',
        message: 'Choose the authorities taking part, or a contract to start from',
      });
    return { choices, errors };
  };

  app.get('/business-cases/new', gate, async (req, reply) => {
    const { user } = req.auth!;
    const q = req.query as Form;
    // Back from the figures page, the choices come with it.
    if (q.name !== undefined) {
      const { choices } = await checkStart(req.auth!.tenant, q);
      return startPage(req, reply, choices);
    }
    const las = user.orgKind === 'local-authority' ? [user.orgId] : [];
    return startPage(req, reply, { name: '', segments: [], las, contract: '' });
  });

  app.post('/business-cases/new', gate, async (req, reply) => {
    const { choices, errors } = await checkStart(req.auth!.tenant, (req.body ?? {}) as Form);
    if (errors.length > 0) return startPage(req, reply, choices, errors);
    return reply.redirect(`/business-cases/new/details?${choiceQuery(choices)}`, 303);
  });

  /** The prefilled scenario for the start page's choices, with where each figure came from. */
  const prefill = (tenant: Tenant, c: StartChoices) =>
    withTenant(app.db, tenant, async (trx) => ({
      ...(await prefillScenario(
        trx,
        tenant,
        {
          name: c.name,
          segments: c.segments,
          laOrgIds: c.las,
          ...(c.contract ? { contractId: c.contract } : {}),
        },
        app.config.today(),
      )),
      contracts: await blockContracts(trx),
    }));

  const detailsPage = (
    reply: FastifyReply,
    ctx: {
      title: string;
      action: string;
      form: ScenarioFormView;
      notes: Record<string, string>;
      contracts: Awaited<ReturnType<typeof blockContracts>>;
      contractId: string;
      hidden?: Array<{ name: string; value: string }>;
      backHref: string;
      submitText: string;
      errors?: FieldError[];
    },
  ) =>
    reply.page(
      'pages/simulation/details.njk',
      {
        title: ctx.title,
        action: ctx.action,
        values: ctx.form.values,
        las: ctx.form.las,
        criteria: ctx.form.criteria,
        notes: ctx.notes,
        hidden: ctx.hidden ?? [],
        backHref: ctx.backHref,
        submitText: ctx.submitText,
        segments: Object.entries(NEED_SEGMENTS).map(([key, label]) => ({ key, label })),
        optionKinds: Object.entries(OPTION_KINDS).map(([key, label]) => ({ key, label })),
        ratingItems: [
          { value: '', text: 'Not rated' },
          ...Object.entries(RATINGS).map(([value, r]) => ({ value, text: r.label })),
        ],
        contractItems: [
          { value: '', text: 'None', selected: ctx.contractId === '' },
          ...ctx.contracts
            .filter((c) => c.status === 'live')
            .map((c) => ({
              value: c.id,
              text: `${c.reference}: ${c.name}`,
              selected: ctx.contractId === c.id,
            })),
        ],
        ...(ctx.errors && ctx.errors.length > 0 ? { errors: formErrors(ctx.errors) } : {}),
      },
      ctx.errors && ctx.errors.length > 0 ? 400 : 200,
    );

  const choiceFields = (c: StartChoices) => [
    { name: 'prefill.name', value: c.name },
    ...c.segments.map((s) => ({ name: 'prefill.segment', value: s })),
    ...c.las.map((l) => ({ name: 'prefill.la', value: l })),
    { name: 'prefill.contract', value: c.contract },
  ];

  app.get('/business-cases/new/details', gate, async (req, reply) => {
    const tenant = req.auth!.tenant;
    const { choices, errors } = await checkStart(tenant, req.query as Form);
    if (errors.length > 0) return startPage(req, reply, choices, errors);
    const p = await prefill(tenant, choices);
    const live = p.contracts.find((c) => c.id === choices.contract && c.status === 'live');
    return detailsPage(reply, {
      title: 'Check the figures',
      action: '/business-cases',
      form: formFromFile(p.file),
      notes: p.sources,
      contracts: p.contracts,
      contractId: live ? live.id : '',
      hidden: choiceFields(choices),
      backHref: `/business-cases/new?${choiceQuery(choices)}`,
      submitText: 'Save the business case',
    });
  });

  app.post('/business-cases', gate, async (req, reply) => {
    const tenant = req.auth!.tenant;
    const body = (req.body ?? {}) as Form;
    const choices = (
      await checkStart(tenant, {
        name: body['prefill.name'],
        segment: body['prefill.segment'],
        la: body['prefill.la'],
        contract: body['prefill.contract'],
      })
    ).choices;
    const canPrefill = choices.segments.length > 0 && (choices.contract !== '' || choices.las.length > 0);
    const p = canPrefill ? await prefill(tenant, choices) : undefined;
    const { file, errors, view } = fileFromForm(body);
    const contractId = one(body.contractId);
    const sources = p ? sourcesOf(p.file, p.sources) : undefined;
    const again = async (errs: FieldError[]) =>
      detailsPage(reply, {
        title: 'Check the figures',
        action: '/business-cases',
        form: view,
        notes: sources ? currentNotes(sources, file) : {},
        contracts: p?.contracts ?? (await withTenant(app.db, tenant, (trx) => blockContracts(trx))),
        contractId,
        hidden: choiceFields(choices),
        backHref: `/business-cases/new?${choiceQuery(choices)}`,
        submitText: 'Save the business case',
        errors: errs,
      });
    if (errors.length > 0) return again(errors);
    let id: string;
    try {
      id = await withTenant(app.db, tenant, (trx) =>
        createScenario(trx, tenant, {
          file,
          contractId: contractId || null,
          ...(sources ? { sources } : {}),
        }),
      );
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation') return again(fromFileErrors(e, file));
      throw e;
    }
    flash(reply, {
      title: 'Business case saved',
      text: 'Run the simulation to see what the block is worth.',
    });
    return reply.redirect(`/business-cases/${id}`, 303);
  });

  // ---------------------------------------------------------------- one scenario
  const loadScenario = async (tenant: Tenant, id: string) => {
    const s = await withTenant(app.db, tenant, (trx) => findScenario(trx, id));
    if (!s) notFound('business case');
    return s;
  };

  const showPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    s: ScenarioRecord,
    o: { runValues?: Record<string, string>; errors?: FieldError[] } = {},
  ) => {
    const { tenant, user } = req.auth!;
    const { runs, las } = await withTenant(app.db, tenant, async (trx) => ({
      runs: await listRuns(trx, s.id),
      las: s.ownerKind === 'hub' && s.orgId === user.orgId ? await regionLas(trx, tenant.regionCode) : [],
    }));
    const owner = s.orgId === user.orgId;
    const file = owner ? (s.file as ScenarioFileJson) : fileForReader(s.file as ScenarioFileJson);
    const sim = file.simulation;
    return reply.page(
      'pages/simulation/show.njk',
      {
        title: s.name,
        scenario: s,
        file,
        owner,
        notes: owner ? currentNotes(s.sources, file) : {},
        runs,
        segments: NEED_SEGMENTS,
        runValues: o.runValues ?? {
          runs: String(sim?.runs ?? DEFAULT_RUNS),
          seed: String(sim?.seed ?? DEFAULT_SEED),
        },
        shareItems: las
          .filter((la) => s.participantOrgIds.includes(la.id))
          .map((la) => ({ value: la.id, text: la.name, checked: s.sharedWith.includes(la.id) })),
        ...(o.errors && o.errors.length > 0 ? { errors: formErrors(o.errors) } : {}),
      },
      o.errors && o.errors.length > 0 ? 400 : 200,
    );
  };

  app.get('/business-cases/:scenarioId', gate, async (req, reply) => {
    const { scenarioId } = req.params as { scenarioId: string };
    return showPage(req, reply, await loadScenario(req.auth!.tenant, scenarioId));
  });

  const editPage = (
    reply: FastifyReply,
    s: ScenarioRecord,
    form: ScenarioFormView,
    file: ScenarioFileJson,
    contractId: string,
    contracts: Awaited<ReturnType<typeof blockContracts>>,
    errors: FieldError[] = [],
  ) =>
    detailsPage(reply, {
      title: `Change ${s.name}`,
      action: `/business-cases/${s.id}/edit`,
      form,
      notes: currentNotes(s.sources, file),
      contracts,
      contractId,
      backHref: `/business-cases/${s.id}`,
      submitText: 'Save changes',
      errors,
    });

  const loadOwn = async (tenant: Tenant, id: string) => {
    const s = await loadScenario(tenant, id);
    if (s.orgId !== tenant.orgId)
      throw new DomainError('forbidden', `Only ${s.ownerName} can change this business case`);
    return s;
  };

  app.get('/business-cases/:scenarioId/edit', gate, async (req, reply) => {
    const { scenarioId } = req.params as { scenarioId: string };
    const tenant = req.auth!.tenant;
    const s = await loadOwn(tenant, scenarioId);
    const contracts = await withTenant(app.db, tenant, (trx) => blockContracts(trx));
    const file = s.file as ScenarioFileJson;
    return editPage(reply, s, formFromFile(file), file, s.contractId ?? '', contracts);
  });

  app.post('/business-cases/:scenarioId/edit', gate, async (req, reply) => {
    const { scenarioId } = req.params as { scenarioId: string };
    const tenant = req.auth!.tenant;
    const s = await loadOwn(tenant, scenarioId);
    const body = (req.body ?? {}) as Form;
    const { file, errors, view } = fileFromForm(body);
    const contractId = one(body.contractId);
    const again = async (errs: FieldError[]) =>
      editPage(
        reply,
        s,
        view,
        file,
        contractId,
        await withTenant(app.db, tenant, (trx) => blockContracts(trx)),
        errs,
      );
    if (errors.length > 0) return again(errors);
    try {
      await withTenant(app.db, tenant, (trx) =>
        changeScenario(trx, tenant, scenarioId, { file, contractId: contractId || null }),
      );
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation') return again(fromFileErrors(e, file));
      throw e;
    }
    flash(reply, { title: 'Changes saved', text: 'Earlier runs keep the figures they were run with.' });
    return reply.redirect(`/business-cases/${scenarioId}`, 303);
  });

  app.post('/business-cases/:scenarioId/runs', gate, async (req, reply) => {
    const { scenarioId } = req.params as { scenarioId: string };
    const tenant = req.auth!.tenant;
    const s = await loadScenario(tenant, scenarioId);
    const body = (req.body ?? {}) as Form;
    const runValues = { runs: one(body.runs), seed: one(body.seed) };
    const errors: FieldError[] = [];
    const whole = (field: 'runs' | 'seed', what: string) => {
      const t = runValues[field].replace(/,/g, '');
      if (t === '') return undefined;
      if (!/^\d+$/.test(t)) {
        errors.push({ field, message: `Enter ${what} as a whole number` });
        return undefined;
      }
      return Number(t);
    };
    const runs = whole('runs', 'the number of runs');
    const seed = whole('seed', 'the seed');
    if (errors.length > 0) return showPage(req, reply, s, { runValues, errors });
    try {
      const { jobId } = await withTenant(app.db, tenant, (trx) =>
        startRun(trx, app.jobs, tenant, scenarioId, {
          ...(runs === undefined ? {} : { runs }),
          ...(seed === undefined ? {} : { seed }),
        }),
      );
      return reply.redirect(`/jobs/${jobId}`, 303);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation') {
        const errs = e.fieldErrors.map((f) =>
          f.field === 'runs' || f.field === 'seed'
            ? { ...f, message: capital(f.message) }
            : { field: 'runs', message: `The scenario needs changing first: ${f.field} ${f.message}` },
        );
        return showPage(req, reply, s, { runValues, errors: errs });
      }
      throw e;
    }
  });

  app.post('/business-cases/:scenarioId/sharing', gate, async (req, reply) => {
    const { scenarioId } = req.params as { scenarioId: string };
    const tenant = req.auth!.tenant;
    const s = await loadOwn(tenant, scenarioId);
    const shared = await withTenant(app.db, tenant, (trx) =>
      shareScenario(trx, tenant, s.id, all((req.body as Form | undefined)?.la)),
    );
    flash(reply, {
      title:
        shared.length > 0
          ? `Shared with ${shared.length} authorit${shared.length === 1 ? 'y' : 'ies'}`
          : 'Not shared',
      text:
        shared.length > 0
          ? 'They can read the business case and its results, and copy it to change it.'
          : 'Only your organisation can see this business case.',
    });
    return reply.redirect(`/business-cases/${s.id}`, 303);
  });

  app.post('/business-cases/:scenarioId/copy', gate, async (req, reply) => {
    const { scenarioId } = req.params as { scenarioId: string };
    const tenant = req.auth!.tenant;
    const s = await loadScenario(tenant, scenarioId);
    const own = s.orgId === tenant.orgId;
    const base = own ? (s.file as ScenarioFileJson) : fileForReader(s.file as ScenarioFileJson);
    const file = { ...base, name: `Copy of ${s.name}`.slice(0, 200) };
    const id = await withTenant(app.db, tenant, (trx) =>
      createScenario(trx, tenant, { file, contractId: null, ...(own ? { sources: s.sources } : {}) }),
    );
    flash(reply, { title: 'Copied', text: 'This copy is yours to change and run.' });
    return reply.redirect(`/business-cases/${id}`, 303);
  });

  app.get('/business-cases/:scenarioId/scenario.json', gate, async (req, reply) => {
    const { scenarioId } = req.params as { scenarioId: string };
    const s = await loadScenario(req.auth!.tenant, scenarioId);
    const file = s.orgId === req.auth!.tenant.orgId ? s.file : fileForReader(s.file as ScenarioFileJson);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${safeFileName(`${s.name}.json`)}"`)
      .send(`${JSON.stringify(file, null, 2)}\n`);
  });
}

function choiceQuery(c: StartChoices): string {
  const q = new URLSearchParams({ name: c.name });
  for (const s of c.segments) q.append('segment', s);
  for (const l of c.las) q.append('la', l);
  if (c.contract) q.append('contract', c.contract);
  return q.toString();
}

/** The file reader's errors (file paths) as the form's fields. */
function fromFileErrors(e: DomainError, _file: ScenarioFileJson): FieldError[] {
  return e.fieldErrors.map((f) => ({ ...f, field: f.field === 'scenario' ? 'name' : f.field }));
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
