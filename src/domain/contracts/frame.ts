/**
 * The bridge from a contract to its bed ledger: each bed's window in the contract and the LAs who
 * may place, which is what the ledger is validated and derived against.
 */
import type { BedWindow, Ledger, LedgerFrame } from '../occupancy/ledger.ts';
import { validateLedger } from '../occupancy/validate-ledger.ts';
import { type FieldError, throwIfInvalid } from '../shared/errors.ts';
import type { Contract } from './contract.ts';
import { currentEnd } from './term.ts';
import { validateContract } from './validate-contract.ts';

/** Each bed's window: from the day it joins (the start, unless later) to the current end. */
export function bedWindows(contract: Contract): BedWindow[] {
  const to = currentEnd(contract.term);
  return contract.homes.flatMap((h) =>
    h.beds.map((b) => ({ bed: b.id, from: b.from ?? contract.term.start, to })),
  );
}

export function ledgerFrame(contract: Contract): LedgerFrame {
  return { windows: bedWindows(contract), las: contract.shares.map((s) => s.la) };
}

/** The contract's problems, then (if the contract is sound) its ledger's. */
export function validateContractAndLedger(contract: Contract, ledger: Ledger): FieldError[] {
  const errors = validateContract(contract);
  return errors.length > 0 ? errors : validateLedger(ledger, ledgerFrame(contract));
}

/** Throws one `validation` DomainError listing every problem, so nothing partial is computed. */
export function assertValidContractAndLedger(contract: Contract, ledger: Ledger): void {
  throwIfInvalid(
    validateContractAndLedger(contract, ledger),
    `Contract ${contract.id} or its ledger has errors`,
  );
}
