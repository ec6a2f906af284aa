/**
 * `sufficiency charges`: monthly statements from a contract file and a bed-ledger events file, for
 * commissioners who keep their contracts in spreadsheets. Everything is read and checked before
 * anything is written, so bad input gives a list of problems (row and column) and no output.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { contractKpis } from '../../domain/contracts/kpis.ts';
import { monthlyStatements } from '../../domain/contracts/statements.ts';
import {
  addDays,
  formatLongDate,
  isLocalDate,
  type LocalDate,
  parseUkDate,
} from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { toCsv, toXlsx } from '../../exports/spreadsheet.ts';
import { readChargesInput } from '../../importers/charges/read-charges-input.ts';
import { linesSheet, poolsSheet, summarySheet } from '../../importers/charges/statement-sheets.ts';
import { writeOutput } from '../output.ts';

export interface ChargesOptions {
  contract: string;
  events: string;
  from: string;
  to: string;
  format?: string;
  kpis?: boolean;
}

const FORMATS = ['json', 'csv', 'xlsx'] as const;

function readText(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new DomainError('validation', `cannot read ${path}`, [{ field, message: (e as Error).message }]);
  }
}

function day(text: string, field: string, errors: FieldError[]): LocalDate {
  const d = isLocalDate(text) ? text : parseUkDate(text);
  if (!d) errors.push({ field, message: `"${text}" is not a real date (YYYY-MM-DD or dd/mm/yyyy)` });
  return d ?? '';
}

/** Computes the statements and renders them; returns the bytes to write (nothing is written here). */
export async function runCharges(opts: ChargesOptions): Promise<string | Buffer> {
  const errors: FieldError[] = [];
  const from = day(opts.from, 'from', errors);
  const last = day(opts.to, 'to', errors);
  const format = (opts.format ?? 'json').toLowerCase();
  if (!FORMATS.includes(format as (typeof FORMATS)[number])) {
    errors.push({ field: 'format', message: `"${opts.format}" is not one of ${FORMATS.join(', ')}` });
  }
  if (from && last && last < from) errors.push({ field: 'to', message: `${last} is before --from ${from}` });
  throwIfInvalid(errors, 'The options have errors');

  const input = readChargesInput(readText(opts.contract, 'contract'), readText(opts.events, 'events'));
  const range = { from, to: addDays(last, 1) };
  const statements = monthlyStatements(input.contract, input.ledger, range);
  const { contract } = input;
  const preamble = [
    `${contract.name} (${contract.id}), ${contract.provider.name}`,
    `Statements from ${formatLongDate(from)} to ${formatLongDate(last)}`,
  ];
  if (format === 'csv') return toCsv(linesSheet(statements));
  if (format === 'xlsx') {
    return toXlsx([
      summarySheet(statements, preamble),
      linesSheet(statements, preamble),
      poolsSheet(statements),
    ]);
  }
  const out: Record<string, unknown> = {
    contract: { id: contract.id, name: contract.name, kind: contract.kind, provider: contract.provider },
    period: { from, to: range.to, lastDay: last },
    statements,
  };
  if (opts.kpis) out.kpis = contractKpis(contract, input.ledger, input.spotRates, range, from);
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function register(program: Command): void {
  program
    .command('charges')
    .description('monthly statements per LA and for the provider, from contract.json and events.csv')
    .requiredOption('--contract <file>', 'the contract, as JSON (docs/contracts.md)')
    .requiredOption('--events <file>', 'the bed ledger: placements, unavailability, closures, extras (CSV)')
    .requiredOption('--from <date>', 'first day of the statements (YYYY-MM-DD or dd/mm/yyyy)')
    .requiredOption('--to <date>', 'last day of the statements, included')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'json')
    .option('--kpis', 'add the KPIs over the same days to the JSON output')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: ChargesOptions & { out?: string }) => {
      writeOutput(await runCharges(opts), opts.out);
    });
}
