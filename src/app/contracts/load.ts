/**
 * Loading a contract for a request: another organisation's contract is "not found", exactly like
 * a missing one (row-level security has already hidden it).
 */
import { type ContractRecord, loadContractRecord } from '../../db/queries/contracts.ts';
import type { Executor } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';

export async function requireContract(db: Executor, contractId: string): Promise<ContractRecord> {
  const r = await loadContractRecord(db, contractId);
  if (!r) throw new DomainError('not-found', 'No such contract');
  return r;
}
