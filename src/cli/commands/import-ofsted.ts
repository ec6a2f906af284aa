/**
 * `sufficiency import ofsted FILE`: an Ofsted provider list (CSV or XLSX) into the directory,
 * straight into the database (DATABASE_URL, or the embedded one in DATA_DIR), all or nothing, with
 * a progress bar on the terminal. The same checks and the same use case as the web page's job.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import {
  applyOfstedImport,
  CHANGE_KINDS,
  type ChangeKind,
  type ImportSummary,
} from '../../app/directory/import-ofsted.ts';
import { findOrganisationIdByLaCodeOrName, insertMissingRegions } from '../../db/queries/directory-ofsted.ts';
import type { DB } from '../../db/schema.ts';
import { withSystem } from '../../db/tenant.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { importOfstedFile } from '../../importers/ofsted/import-ofsted.ts';
import { type ReferenceData, referenceData } from '../../reference/reference-data.ts';
import { addDatabaseOptions, type DatabaseOptions, withDatabase } from '../database.ts';
import { progressBar } from '../output.ts';

export interface ImportOfstedOptions {
  absentMeansClosed?: boolean;
  /** Record the import as this organisation's (DfE LA code or exact name); default: the command line. */
  org?: string;
  today?: string;
  /** Check the file and count the changes without writing anything. */
  dryRun?: boolean;
  progress?: (fraction: number, note?: string) => void;
  ref?: ReferenceData;
}

class DryRun extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

/** Reads, checks and applies one file; throws a validation DomainError listing every problem. */
export async function importOfstedIntoDatabase(
  db: Kysely<DB>,
  path: string,
  opts: ImportOfstedOptions = {},
): Promise<ImportSummary & { dryRun: boolean }> {
  const ref = opts.ref ?? referenceData();
  const progress = opts.progress ?? (() => {});
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new DomainError('validation', `cannot read ${path}`, [
      { field: 'FILE', message: err instanceof Error ? err.message : String(err) },
    ]);
  }
  const parsed = await importOfstedFile(bytes, { ref, onProgress: (f, note) => progress(0.6 * f, note) });
  if (!parsed.ok) {
    progress(1, 'refused');
    throw new DomainError(
      'validation',
      `${basename(path)} was not imported; nothing was written`,
      parsed.errors,
    );
  }
  const today =
    opts.today ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  try {
    return await withSystem(db, async (trx) => {
      // A new database may not know the regions yet: owners made from the list need them.
      await insertMissingRegions(trx, [...ref.regions.values()]);
      let orgId: string | null = null;
      if (opts.org) {
        const id = await findOrganisationIdByLaCodeOrName(trx, opts.org);
        if (!id)
          throw new DomainError('validation', `no organisation "${opts.org}"`, [
            { field: 'org', message: 'not found' },
          ]);
        orgId = id;
      }
      const summary = await applyOfstedImport(
        trx,
        { fileName: basename(path), bytes, kind: parsed.kind, records: parsed.records },
        { absentMeansClosed: opts.absentMeansClosed ?? false, today, orgId, userId: null, ref },
        (f, note) => progress(0.6 + 0.4 * f, note),
      );
      if (opts.dryRun) throw new DryRun(summary);
      return { ...summary, dryRun: false };
    });
  } catch (err) {
    if (err instanceof DryRun) return { ...err.summary, dryRun: true };
    throw err;
  }
}

export function describeSummary(s: ImportSummary & { dryRun: boolean }): string {
  const lines = (Object.keys(CHANGE_KINDS) as ChangeKind[])
    .filter((k) => s.counts[k] > 0)
    .map((k) => `  ${CHANGE_KINDS[k].padEnd(36)} ${s.counts[k]}`);
  const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
  return [
    `${s.dryRun ? 'Dry run: would record' : 'Recorded'} ${total} change${total === 1 ? '' : 's'} from ${s.providers} providers (${s.fileKind}).`,
    ...lines,
    ...(s.skipped ? [`  ${'Rows of types the directory does not list'.padEnd(36)} ${s.skipped}`] : []),
    ...(s.ownersCreated ? [`  ${'Owners listed as new providers'.padEnd(36)} ${s.ownersCreated}`] : []),
    '',
  ].join('\n');
}

export function register(program: Command): void {
  const group =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import files into the database');
  addDatabaseOptions(
    group
      .command('ofsted <file>')
      .description('import an Ofsted provider list (CSV or XLSX) into the directory: all or nothing')
      .option('--absent-means-closed', 'the file lists every provider: homes missing from it have closed')
      .option('--org <org>', 'record the import as this organisation’s (DfE LA code or exact name)')
      .option('--today <date>', 'the day of the import (YYYY-MM-DD; default today in England)')
      .option('--dry-run', 'check the file and count the changes, write nothing'),
  ).action(
    async (
      file: string,
      opts: DatabaseOptions & { absentMeansClosed?: boolean; org?: string; today?: string; dryRun?: boolean },
    ) => {
      const bar = progressBar('Importing');
      const summary = await withDatabase(opts, ({ db }) =>
        importOfstedIntoDatabase(db, file, { ...opts, progress: bar }),
      );
      process.stdout.write(describeSummary(summary));
    },
  );
}
