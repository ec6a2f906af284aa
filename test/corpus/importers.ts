/**
 * Every importer behind one signature, called the way the product calls it (the bytes as uploaded
 * or read from disk, decoded as the real path decodes them): either the importer's own refusal
 * (its field errors, and nothing else) or its full result. Anything else it throws is a crash and
 * propagates, so the tests see it.
 */
import type { FieldError } from '../../src/domain/shared/errors.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { readChargesInput } from '../../src/importers/charges/read-charges-input.ts';
import { importOfstedFile } from '../../src/importers/ofsted/import-ofsted.ts';
import { importPlacementsStandard } from '../../src/importers/placements-standard/index.ts';
import { parseScenarioFile } from '../../src/importers/scenario/parse-scenario-file.ts';
import { Ssda903Importer } from '../../src/importers/ssda903/importer.ts';
import { readBidsFile } from '../../src/importers/tenders/bids-file.ts';
import { referenceData } from '../../src/reference/reference-data.ts';
import {
  CHARGES_GOOD,
  type CorpusFile,
  type Expectation,
  type ImporterName,
  PDS_TODAY,
  SSDA903_GOOD,
  SSDA903_YEAR,
} from './generate.ts';

export type Outcome = { ok: true; result: unknown } | { ok: false; errors: FieldError[]; result?: unknown };

const ref = referenceData();

/** A thrown validation DomainError is a refusal; its field errors are what the person sees. */
async function refusal(run: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, result: await run() };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'validation') return { ok: false, errors: [...e.fieldErrors] };
    throw e;
  }
}

/** SSDA903: the two tables of one return, pushed in chunks as a stream delivers them. */
function ssda903(header: Buffer, episodes: Buffer, chunk = 4096): unknown {
  const imp = new Ssda903Importer();
  for (const [kind, bytes] of [
    ['header', header],
    ['episodes', episodes],
  ] as const) {
    const sink = imp.open({ name: `${SSDA903_YEAR}/${kind}.csv`, kind, year: SSDA903_YEAR, la: 'Test LA' });
    // import-files.ts reads with a utf8 stream: the same decoding, chunk boundaries and all.
    const decoder = new TextDecoder('utf-8');
    for (let i = 0; i < bytes.length; i += chunk) {
      sink.push(decoder.decode(bytes.subarray(i, i + chunk), { stream: true }));
    }
    const rest = decoder.decode();
    if (rest) sink.push(rest);
    sink.end();
  }
  return imp.finish();
}

export async function runImporter(
  importer: ImporterName,
  bytes: Buffer,
  part?: CorpusFile['part'],
): Promise<Outcome> {
  switch (importer) {
    case 'ofsted': {
      const r = await importOfstedFile(bytes, { ref });
      return r.ok ? { ok: true, result: r } : { ok: false, errors: r.errors, result: r };
    }
    case 'placements-standard': {
      const r = await importPlacementsStandard(bytes, { today: PDS_TODAY });
      return r.ok ? { ok: true, result: r } : { ok: false, errors: r.errors, result: r };
    }
    case 'tenders':
      return refusal(() => readBidsFile(bytes));
    case 'ssda903':
      return refusal(() =>
        part === 'header' ? ssda903(bytes, SSDA903_GOOD.episodes()) : ssda903(SSDA903_GOOD.header(), bytes),
      );
    case 'charges':
      // The command line reads both files as UTF-8 text (src/cli/commands/charges.ts).
      return refusal(() =>
        part === 'contract'
          ? readChargesInput(bytes.toString('utf8'), CHARGES_GOOD.events().toString('utf8'))
          : readChargesInput(CHARGES_GOOD.contract().toString('utf8'), bytes.toString('utf8')),
      );
    case 'scenario': {
      const r = parseScenarioFile(bytes.toString('utf8'));
      return r.ok ? { ok: true, result: r } : { ok: false, errors: r.errors, result: r };
    }
  }
}

/** Does this error say what the corpus expects: the same field, the same row, the message's gist? */
export function locates(e: FieldError, x: Expectation): boolean {
  return (
    e.field === x.field &&
    (x.row === undefined || e.row === x.row) &&
    (x.message === undefined || x.message.test(e.message))
  );
}
