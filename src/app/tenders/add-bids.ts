/**
 * Adding bids to a tender, from a bids file (CSV/XLSX), the form or the API: all or nothing. The
 * file's quality columns must be the tender's criteria (same weights and top marks), every bid's lot
 * one of the tender's, and the bids together with those already received must pass the engine's
 * checks (a reference once per lot, a home once per lot, marks in range). Every problem is reported
 * with its row and column; nothing is stored unless all is well.
 */
import type { Kysely } from 'kysely';
import {
  appendTenderEvent,
  bidsOf,
  bumpRevision,
  criteriaOf,
  deleteAllBids,
  insertBids,
  lotsOf,
} from '../../db/queries/tenders.ts';
import { storeUpload } from '../../db/queries/uploads.ts';
import type { DB } from '../../db/schema.ts';
import { type Tenant, withTenant } from '../../db/tenant.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { type Bid, checkBids, type QualityCriterion, type TenderBids } from '../../domain/tenders/tender.ts';
import { readBidsFile } from '../../importers/tenders/bids-file.ts';
import { requireTender, runsTender } from './load.ts';

export interface BidsFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

const column = (c: QualityCriterion) => `quality: ${c.label} (weight ${c.weight}, max ${c.maxScore})`;

/** The file's quality columns against the tender's criteria. */
export function criteriaErrors(
  tender: readonly QualityCriterion[],
  file: readonly QualityCriterion[],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const c of file) {
    const mine = tender.find((t) => t.id === c.id);
    if (!mine) {
      errors.push({
        row: 1,
        field: column(c),
        message: `${c.label} is not one of this tender’s quality criteria (${tender.map((t) => t.label).join(', ')})`,
      });
    } else if (mine.weight !== c.weight || mine.maxScore !== c.maxScore) {
      errors.push({
        row: 1,
        field: column(c),
        message: `the tender marks ${mine.label} with weight ${mine.weight} out of ${mine.maxScore}, not weight ${c.weight} out of ${c.maxScore}`,
      });
    }
  }
  for (const t of tender) {
    if (!file.some((c) => c.id === t.id))
      errors.push({
        row: 1,
        field: column(t),
        message: 'the column is missing: every criterion of the tender needs a mark',
      });
  }
  return errors;
}

function lotErrors(lots: readonly { code: string }[], bids: readonly Bid[]): FieldError[] {
  const codes = lots.map((l) => l.code);
  return bids
    .filter((b) => !codes.includes(b.lot))
    .map((b) => ({
      row: b.row,
      field: 'lot',
      message: `lot ${b.lot} is not one of this tender’s lots (${codes.join(', ')})`,
    }));
}

export async function addBids(
  db: Kysely<DB>,
  tenant: Tenant,
  tenderId: string,
  input:
    | { kind: 'file'; file: BidsFile; replace: boolean }
    | { kind: 'form' | 'api'; bids: Bid[]; replace?: boolean },
): Promise<{ added: number; replaced: number }> {
  return withTenant(db, tenant, async (trx) => {
    const tender = await requireTender(trx, tenderId, { lock: true });
    if (!runsTender(tender, tenant))
      throw new DomainError('forbidden', 'Only the hub running the tender changes its bids');
    if (tender.status !== 'open')
      throw new DomainError('conflict', 'The tender is closed: its bids cannot change');
    const [lots, criteria, existing] = await Promise.all([
      lotsOf(trx, tenderId),
      criteriaOf(trx, tenderId),
      bidsOf(trx, tenderId),
    ]);
    let incoming: TenderBids;
    if (input.kind === 'file') {
      incoming = await readBidsFile(input.file.bytes);
      throwIfInvalid(criteriaErrors(criteria, incoming.criteria), 'The bids file does not fit the tender');
    } else {
      incoming = { criteria, bids: input.bids };
    }
    throwIfInvalid(lotErrors(lots, incoming.bids), 'The bids do not fit the tender');
    const kept = input.replace ? [] : existing;
    // Existing bids first, so a clash is reported on the new bid's row.
    throwIfInvalid(
      checkBids({ criteria, bids: [...kept, ...incoming.bids] }).filter(
        (e) => e.field !== 'bid_ref' || e.message !== 'there are no bids',
      ),
      'The bids do not fit the tender',
    );
    const replaced = input.replace ? await deleteAllBids(trx, tenderId) : 0;
    const uploadId =
      input.kind === 'file'
        ? await storeUpload(trx, tenant, { purpose: 'tender-bids', ...input.file })
        : null;
    await insertBids(trx, tenant, tenderId, incoming.bids, input.kind, uploadId);
    await bumpRevision(trx, tenderId);
    await appendTenderEvent(trx, tenant, tenderId, input.kind === 'form' ? 'bid-entered' : 'bids-uploaded', {
      source: input.kind,
      ...(input.kind === 'file' ? { file: input.file.fileName } : {}),
      bids: incoming.bids.map((b) => `${b.lot}/${b.ref}`),
      replaced,
    });
    return { added: incoming.bids.length, replaced };
  });
}
