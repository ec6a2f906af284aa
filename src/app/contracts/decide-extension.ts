/**
 * The lead commissioner records the decision on a contract's next extension option: exercised,
 * the term (and every statement, KPI and liability after the old end) runs on; not taken, the
 * contract ends as it stands. Decided in order, once, before the term ends (src/domain/contracts/
 * term.ts `decideExtension`); audited; two people deciding at once cannot both succeed.
 */
import { appendAudit } from '../../db/queries/audit.ts';
import type { ContractRecord } from '../../db/queries/contracts.ts';
import { replaceExtensions } from '../../db/queries/contracts.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { currentEnd, decideExtension } from '../../domain/contracts/term.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireContract } from './load.ts';

export interface ExtensionDecision {
  contractId: string;
  /** Which option, from 1 (the "+1"s of 3+1+1 in order). */
  extension: number;
  exercise: boolean;
}

export interface DecidedExtension {
  reference: string;
  extension: number;
  exercised: boolean;
  months: number;
  /** The term's end (exclusive) before and after. */
  was: LocalDate;
  endDate: LocalDate;
}

/** Who decides a contract's extensions: the commissioners (or hub analysts) of its lead. */
export function decidesExtensions(record: ContractRecord, tenant: Pick<Tenant, 'orgId' | 'role'>): boolean {
  return record.lead.id === tenant.orgId && (tenant.role === 'commissioner' || tenant.role === 'hub-analyst');
}

/** Refuses anyone else, naming the lead. */
export function requireExtensionDecider(
  record: ContractRecord,
  tenant: Pick<Tenant, 'orgId' | 'role'>,
): void {
  if (!decidesExtensions(record, tenant)) {
    throw new DomainError(
      'forbidden',
      `Only ${record.lead.name}, which leads the contract, can decide its extensions`,
    );
  }
}

export async function decideContractExtension(
  trx: Tx,
  tenant: Tenant,
  input: ExtensionDecision,
  today: LocalDate,
): Promise<DecidedExtension> {
  const record = await requireContract(trx, input.contractId);
  requireExtensionDecider(record, tenant);
  const before = record.contract.term;
  const after = decideExtension(before, input.extension, input.exercise, today);
  const was = currentEnd(before);
  const endDate = currentEnd(after);
  const changed = await replaceExtensions(trx, {
    contractId: record.id,
    leadOrgId: tenant.orgId,
    was: before.extensions,
    now: after.extensions,
    endDate,
  });
  if (!changed) {
    throw new DomainError(
      'conflict',
      'Someone else changed this contract’s extensions: look again and decide',
      [{ field: 'extension', message: 'The contract’s extensions changed while you were deciding' }],
    );
  }
  const months = after.extensions[input.extension - 1]!.months;
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'contract',
      entityId: record.id,
      detail: { extension: input.extension, exercised: input.exercise, months, was, endDate },
    },
  ]);
  return {
    reference: record.reference,
    extension: input.extension,
    exercised: input.exercise,
    months,
    was,
    endDate,
  };
}
