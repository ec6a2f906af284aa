/**
 * The whole input of a charges run, read and checked together: contract.json, then events.csv
 * against that contract (beds, LAs, the term). Every problem in either file is reported at once,
 * each naming its file's row and column, and nothing is returned unless both files are sound.
 */
import type { Contract } from '../../domain/contracts/contract.ts';
import { ledgerFrame } from '../../domain/contracts/frame.ts';
import type { SpotRate } from '../../domain/contracts/spot-rates.ts';
import type { Ledger } from '../../domain/occupancy/ledger.ts';
import { validateLedger } from '../../domain/occupancy/validate-ledger.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { readContractFile } from './contract-file.ts';
import { eventColumn, readEventsFile } from './events-file.ts';

export interface ChargesInput {
  contract: Contract;
  ledger: Ledger;
  spotRates: SpotRate[];
}

function attempt<T>(read: () => T, errors: FieldError[]): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    errors.push(...e.fieldErrors);
    return undefined;
  }
}

/** Reads both files; throws one `validation` DomainError with every problem in either. */
export function readChargesInput(contractText: string, eventsText: string): ChargesInput {
  const errors: FieldError[] = [];
  const file = attempt(() => readContractFile(contractText), errors);
  const ledger = attempt(() => readEventsFile(eventsText), errors);
  if (file && ledger) {
    for (const e of validateLedger(ledger, ledgerFrame(file.contract))) {
      errors.push({ ...e, field: eventColumn(e.field) });
    }
  }
  throwIfInvalid(errors, 'The charges input has errors');
  return { contract: file!.contract, ledger: ledger!, spotRates: file!.spotRates };
}
