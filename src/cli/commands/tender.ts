/**
 * `sufficiency tender score`: scores, ranks and awards a tender's bids from a bids file (CSV or
 * XLSX, docs/tenders.md), with the sensitivity view and the audit trail, as JSON or an xlsx
 * workbook. The file and the options are checked in full before anything is written.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { parsePounds } from '../../domain/shared/money.ts';
import { evaluateTender } from '../../domain/tenders/evaluate.ts';
import {
  DEFAULT_TENDER_RULES,
  PRICE_METHODS,
  type PriceMethod,
  type TenderRules,
} from '../../domain/tenders/tender.ts';
import { tenderSheets } from '../../domain/tenders/tender-tables.ts';
import { toXlsx } from '../../exports/spreadsheet.ts';
import { readBidsFile } from '../../importers/tenders/bids-file.ts';
import { writeOutput } from '../output.ts';

export interface TenderScoreOptions {
  bids: string;
  priceWeight?: string;
  qualityWeight?: string;
  priceMethod?: string;
  priceCeiling?: string;
  minQuality?: string;
  minBeds?: string;
  maxBeds?: string;
  maxProviders?: string;
  maxBedsPerSetting?: string;
  wholeSettings?: boolean;
  sensitivity?: string;
  format?: string;
}

const FORMATS = ['json', 'xlsx'] as const;

/** The tender rules from the options, defaults (docs/tenders.md) where an option is not given. */
export function rulesFromOptions(opts: TenderScoreOptions): TenderRules {
  const errors: FieldError[] = [];
  const whole = (text: string | undefined, field: string, fallback: number): number => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text.trim())) {
      errors.push({ field, message: `"${text}" is not a whole number` });
      return fallback;
    }
    return Number(text);
  };
  const d = DEFAULT_TENDER_RULES;
  let price = whole(opts.priceWeight, 'price-weight', d.priceWeight);
  let quality = whole(opts.qualityWeight, 'quality-weight', d.qualityWeight);
  if (opts.priceWeight !== undefined && opts.qualityWeight === undefined) quality = 100 - price;
  if (opts.qualityWeight !== undefined && opts.priceWeight === undefined) price = 100 - quality;
  const method = (opts.priceMethod ?? d.priceMethod) as PriceMethod;
  if (!Object.hasOwn(PRICE_METHODS, method)) {
    errors.push({
      field: 'price-method',
      message: `"${opts.priceMethod}" is not one of ${Object.keys(PRICE_METHODS).join(', ')}`,
    });
  }
  let ceiling: number | null = null;
  if (opts.priceCeiling !== undefined) {
    ceiling = parsePounds(opts.priceCeiling) ?? null;
    if (ceiling === null)
      errors.push({ field: 'price-ceiling', message: `"${opts.priceCeiling}" is not an amount in pounds` });
  }
  const sensitivity = { ...d.sensitivity };
  if (opts.sensitivity !== undefined) {
    const m = /^(\d+):(\d+):(\d+)$/.exec(opts.sensitivity.trim());
    if (m) [sensitivity.from, sensitivity.to, sensitivity.step] = [Number(m[1]), Number(m[2]), Number(m[3])];
    else
      errors.push({
        field: 'sensitivity',
        message: `"${opts.sensitivity}" is not FROM:TO:STEP (e.g. 50:90:5)`,
      });
  }
  const rules: TenderRules = {
    priceWeight: price,
    qualityWeight: quality,
    priceMethod: method,
    priceCeiling: ceiling,
    minQualityPercent: whole(opts.minQuality, 'min-quality', d.minQualityPercent),
    award: {
      minBeds: whole(opts.minBeds, 'min-beds', d.award.minBeds),
      maxBeds: whole(opts.maxBeds, 'max-beds', d.award.maxBeds),
      maxProviders: whole(opts.maxProviders, 'max-providers', d.award.maxProviders),
      maxBedsPerSetting: whole(opts.maxBedsPerSetting, 'max-beds-per-setting', d.award.maxBedsPerSetting),
      wholeSettings: opts.wholeSettings ?? d.award.wholeSettings,
    },
    sensitivity,
  };
  throwIfInvalid(errors, 'The options have errors');
  return rules;
}

/** Reads, scores and renders; returns the bytes to write (nothing is written here). */
export async function runTenderScore(opts: TenderScoreOptions): Promise<string | Buffer> {
  const format = (opts.format ?? 'json').toLowerCase();
  if (!FORMATS.includes(format as (typeof FORMATS)[number])) {
    throwIfInvalid(
      [{ field: 'format', message: `"${opts.format}" is not one of ${FORMATS.join(', ')}` }],
      'The options have errors',
    );
  }
  const rules = rulesFromOptions(opts);
  let bytes: Buffer;
  try {
    bytes = readFileSync(opts.bids);
  } catch (e) {
    throw new DomainError('validation', `cannot read ${opts.bids}`, [
      { field: 'bids', message: (e as Error).message },
    ]);
  }
  const evaluation = evaluateTender(await readBidsFile(bytes), rules);
  if (format === 'xlsx') return toXlsx(tenderSheets(evaluation));
  return `${JSON.stringify(evaluation, null, 2)}\n`;
}

export function register(program: Command): void {
  const tender = program.command('tender').description('tender evaluation');
  tender
    .command('score')
    .description('score, rank and award bids from a bids file (CSV or XLSX; docs/tenders.md)')
    .requiredOption('--bids <file>', 'the bids file (CSV or XLSX)')
    .option('--price-weight <percent>', 'weight of price (default 70; quality is 100 minus this)')
    .option('--quality-weight <percent>', 'weight of quality (default 30)')
    .option('--price-method <method>', `how price is scored: ${Object.keys(PRICE_METHODS).join(', ')}`)
    .option('--price-ceiling <pounds>', 'bids above it are excluded; needed by ceiling-deviation')
    .option('--min-quality <percent>', 'exclude bids whose quality marks are below this share')
    .option('--min-beds <n>', 'fewest beds to award (default 6)')
    .option('--max-beds <n>', 'most beds to award (default 18)')
    .option('--max-providers <n>', 'most providers to award to (default 8)')
    .option('--max-beds-per-setting <n>', 'most beds in any one home (default 5)')
    .option('--whole-settings', 'award a home all the beds it offered (up to the cap) or none')
    .option('--sensitivity <from:to:step>', 'price weights for the sensitivity view (default 50:90:5)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: TenderScoreOptions & { out?: string }) => {
      writeOutput(await runTenderScore(opts), opts.out);
    });
}
