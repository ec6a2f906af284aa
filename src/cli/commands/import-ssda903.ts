/**
 * `sufficiency import ssda903 DIR --la CODE`: an LA's SSDA903 returns (a folder of <YEAR>/header.csv,
 * episodes.csv, uasc.csv) into the database as that LA's dataset, streaming with a progress bar on
 * the terminal, all or nothing: the same checks as the web's import job (every problem by file,
 * row and column; exit code 2), stored as one of the LA's commissioners (row-level security and
 * the audit log apply), ready for the forecast pages. docs/forecasting.md "Pages, API and CLI".
 */
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { storeImportedDataset } from '../../app/forecasting/datasets.ts';
import type { ImportSummary } from '../../app/forecasting/ssda903-import-job.ts';
import { findLaCommissioner, findLocalAuthority } from '../../db/queries/forecasting.ts';
import { jobTenant } from '../../db/queries/jobs.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import { collectionYearLabel } from '../../domain/forecasting/ssda903-codes.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { discoverFiles } from '../../importers/ssda903/discover.ts';
import { importSsda903 } from '../../importers/ssda903/import-files.ts';
import { addDatabaseOptions, type DatabaseOptions, withDatabase } from '../database.ts';
import { progressBar } from '../output.ts';

export interface ImportSsda903Options {
  /** The LA: its DfE code (307) or exact name (Ealing). */
  la: string;
  /** Who imports: an email of one of the LA's commissioners (default: the first, by email). */
  user?: string;
  name?: string;
  strictCodes?: boolean;
  progress?: (fraction: number, note?: string) => void;
}

/** The commissioner the import is recorded as. */
async function importer(db: Kysely<DB>, o: ImportSsda903Options): Promise<Tenant & { laName: string }> {
  const org = await findLocalAuthority(db, o.la);
  if (!org)
    throw new DomainError('validation', `no local authority "${o.la}"`, [
      { field: 'la', message: 'give the DfE code (like 307) or the exact name of an LA on the platform' },
    ]);
  const user = await findLaCommissioner(db, org.id, o.user ? o.user.toLowerCase() : undefined);
  if (!user)
    throw new DomainError(
      'validation',
      `no commissioner of ${org.name}${o.user ? ` called ${o.user}` : ''}`,
      [{ field: 'user', message: `the import is recorded as one of ${org.name}’s commissioners` }],
    );
  return { ...(await jobTenant(db, user.id))!, laName: org.name };
}

/** Reads, checks and stores one folder of returns; throws a validation DomainError listing every problem. */
export async function importSsda903IntoDatabase(
  db: Kysely<DB>,
  dir: string,
  o: ImportSsda903Options,
): Promise<{ datasetId: string; summary: ImportSummary }> {
  const progress = o.progress ?? (() => {});
  const tenant = await importer(db, o);
  const files = discoverFiles(dir);
  const result = await importSsda903(dir, {
    codeYears: o.strictCodes ? 'error' : 'warn',
    onProgress: (f, note) => progress(0.9 * f, note),
  });
  if (result.dataset.las.length > 1)
    throw new DomainError('validation', `${dir} holds the returns of ${result.dataset.las.length} LAs`, [
      { field: 'dir', message: 'import one LA’s folder (<YEAR>/header.csv, …) at a time, with its --la' },
    ]);
  // The LA is named as on the platform, as the web's import names it.
  result.dataset.las = [tenant.laName];
  progress(0.92, 'storing');
  const name = o.name?.trim() || `SSDA903 returns from ${basename(resolve(dir))}`;
  const out = await withTenant(db, tenant, (trx) =>
    storeImportedDataset(trx, tenant, { name, result, files }),
  );
  progress(1, 'stored');
  return out;
}

export function describeImport(r: { datasetId: string; summary: ImportSummary }): string {
  const s = r.summary;
  return [
    `Imported ${s.children.toLocaleString('en-GB')} children and ${s.episodes.toLocaleString('en-GB')} episodes (${s.episodeRows.toLocaleString('en-GB')} rows read), collection years ${collectionYearLabel(s.years[0]!)} to ${collectionYearLabel(s.years.at(-1)!)}; ${s.inCareAtEnd.toLocaleString('en-GB')} in care on ${s.dataEnd}.`,
    ...(s.warningCount
      ? [
          `${s.warningCount.toLocaleString('en-GB')} rows kept with a warning:`,
          ...s.warningKinds.map((k) => `  ${k.kind}: ${k.count}`),
        ]
      : ['No warnings.']),
    `Dataset ${r.datasetId}: forecast it at /forecasting/datasets/${r.datasetId}`,
    '',
  ].join('\n');
}

export function register(program: Command): void {
  const group =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import files into the database');
  addDatabaseOptions(
    group
      .command('ssda903 <dir>')
      .description(
        'import an LA’s SSDA903 returns (<YEAR>/header.csv, episodes.csv, uasc.csv) into the database as its dataset: all or nothing',
      )
      .requiredOption('--la <la>', 'the LA: its DfE code (like 307) or exact name')
      .option('--user <email>', 'record the import as this commissioner of the LA (default: the first)')
      .option('--name <name>', 'a name for the dataset')
      .option('--strict-codes', 'refuse codes used outside their collection years (default: warn)'),
  ).action(async (dir: string, opts: DatabaseOptions & Omit<ImportSsda903Options, 'progress'>) => {
    const bar = progressBar('Importing');
    const r = await withDatabase(opts, ({ db }) =>
      importSsda903IntoDatabase(db, dir, { ...opts, progress: bar }),
    );
    process.stdout.write(describeImport(r));
  });
}
