/**
 * Saving a business case's scenario: the scenario file's JSON is checked by the file reader and the
 * engine's rules (every problem named by its dotted path, nothing written when there is one), the
 * contract it is the business case for must be a block the caller can see, and the change is
 * audited. The pages and the API both come here.
 */
import { appendAudit } from '../../db/queries/audit.ts';
import { insertScenario, isUuid, setSharing, updateScenario } from '../../db/queries/simulation.ts';
import { contractFacts } from '../../db/queries/simulation-prefill.ts';
import type { ScenarioSources } from '../../db/tables/simulation.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { parseScenarioFile, type ScenarioFile } from '../../importers/scenario/parse-scenario-file.ts';

export interface ScenarioInput {
  /** The scenario file's JSON (docs/simulation.md §10). */
  file: unknown;
  contractId?: string | null;
  /** Where prefilled figures came from (the pages' prefill). */
  sources?: ScenarioSources;
}

export interface CheckedScenario {
  file: Record<string, unknown>;
  parsed: ScenarioFile;
  contractId: string | null;
}

/** Checks a scenario file and its contract link, or throws a validation error naming every field. */
export async function checkScenario(
  trx: Tx,
  input: ScenarioInput,
  contractField = 'contractId',
): Promise<CheckedScenario> {
  const errors: FieldError[] = [];
  let parsed: ScenarioFile | undefined;
  if (typeof input.file !== 'object' || input.file === null || Array.isArray(input.file)) {
    errors.push({ field: 'scenario', message: 'send the scenario file’s JSON object' });
  } else {
    const r = parseScenarioFile(JSON.stringify(input.file));
    if (r.ok) parsed = r.file;
    else errors.push(...r.errors);
    if (parsed && parsed.scenario.name.trim().length > 200)
      errors.push({ field: 'name', message: 'give the scenario a name of at most 200 characters' });
  }
  const contractId = input.contractId || null;
  if (contractId !== null) {
    const c = isUuid(contractId) ? await contractFacts(trx, contractId) : undefined;
    if (!c) errors.push({ field: contractField, message: 'there is no such contract that you can see' });
    else if (c.kind !== 'hard-block' && c.kind !== 'soft-block')
      errors.push({ field: contractField, message: `${c.reference} is not a block contract` });
  }
  throwIfInvalid(errors, 'The scenario has errors');
  return { file: input.file as Record<string, unknown>, parsed: parsed!, contractId };
}

export async function createScenario(trx: Tx, tenant: Tenant, input: ScenarioInput): Promise<string> {
  const s = await checkScenario(trx, input);
  const id = await insertScenario(trx, {
    orgId: tenant.orgId,
    regionCode: tenant.regionCode,
    name: s.parsed.scenario.name.trim(),
    file: s.file,
    contractId: s.contractId,
    ...(input.sources ? { sources: input.sources } : {}),
    userId: tenant.userId,
  });
  await appendAudit(trx, tenant, [
    { action: 'create', entityType: 'scenario', entityId: id, detail: { contractId: s.contractId } },
  ]);
  return id;
}

/** Changes the caller's own scenario; a scenario it cannot change is not found. */
export async function changeScenario(
  trx: Tx,
  tenant: Tenant,
  scenarioId: string,
  input: ScenarioInput,
): Promise<void> {
  const s = await checkScenario(trx, input);
  const ok =
    isUuid(scenarioId) &&
    (await updateScenario(trx, scenarioId, {
      orgId: tenant.orgId,
      name: s.parsed.scenario.name.trim(),
      file: s.file,
      contractId: s.contractId,
      userId: tenant.userId,
    }));
  if (!ok) throw new DomainError('not-found', 'No such business case');
  await appendAudit(trx, tenant, [{ action: 'update', entityType: 'scenario', entityId: scenarioId }]);
}

/** A hub shares its scenario with LAs taking part in it (others are dropped by the database). */
export async function shareScenario(
  trx: Tx,
  tenant: Tenant,
  scenarioId: string,
  laOrgIds: readonly string[],
): Promise<string[]> {
  if (tenant.orgKind !== 'hub')
    throw new DomainError('forbidden', 'Only a regional hub shares business cases with its authorities');
  const shared = await setSharing(trx, scenarioId, tenant.orgId, laOrgIds);
  if (!shared) throw new DomainError('not-found', 'No such business case');
  await appendAudit(trx, tenant, [
    { action: 'update', entityType: 'scenario', entityId: scenarioId, detail: { sharedWith: shared } },
  ]);
  return shared;
}
