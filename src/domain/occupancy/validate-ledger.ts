/**
 * Business rules for ledger facts, checked before anything is derived or stored: every fact names
 * a bed of the contract, sits inside that bed's contract window, ends after it starts, and no two
 * facts about one bed overlap (a bed never holds two children, and is never both occupied and
 * unavailable). Each problem names its record ("placement P-12") and source row when there is one.
 */
import { isCode, NEED_SEGMENTS } from '../shared/codes.ts';
import { type DayRange, isLocalDate } from '../shared/dates.ts';
import { type FieldError, throwIfInvalid } from '../shared/errors.ts';
import {
  type BedWindow,
  ENDINGS,
  EXTRA_TYPES,
  type Ledger,
  type LedgerFrame,
  type Placement,
  UNAVAILABILITY_KINDS,
  type Unavailability,
} from './ledger.ts';

interface Checker {
  errors: FieldError[];
  add(record: string, row: number | undefined, field: string, message: string): void;
}

function checker(): Checker {
  const errors: FieldError[] = [];
  return {
    errors,
    add(record, row, field, message) {
      errors.push(row === undefined ? { record, field, message } : { row, record, field, message });
    },
  };
}

const span = (from: string, to: string | undefined) => `${from} to ${to ?? '(open)'}`;

/** Checks the shape of one placement and its place in its bed's window. */
function checkPlacement(c: Checker, p: Placement, w: BedWindow | undefined, decommission?: string): void {
  const rec = `placement ${p.id}`;
  const add = (field: string, message: string) => c.add(rec, p.row, field, message);
  if (!w) add('bed', `bed "${p.bed}" is not a bed of this contract`);
  if (!isLocalDate(p.start)) {
    add('start', `"${p.start}" is not a date (YYYY-MM-DD)`);
    return;
  }
  if (p.end !== undefined && !isLocalDate(p.end)) {
    add('end', `"${p.end}" is not a date (YYYY-MM-DD)`);
    return;
  }
  if (p.end !== undefined && p.end <= p.start) add('end', `ends on ${p.end}, not after its start ${p.start}`);
  if (p.end !== undefined && !isCode(ENDINGS, p.ending)) {
    add('ending', 'an ended placement needs its ending: planned or unplanned');
  }
  if (p.end === undefined && p.ending !== undefined) add('ending', 'the placement has not ended');
  if (!isCode(NEED_SEGMENTS, p.needSegment)) add('needSegment', `"${p.needSegment}" is not a need segment`);
  if (p.distanceMiles !== undefined && !(Number.isFinite(p.distanceMiles) && p.distanceMiles >= 0)) {
    add('distanceMiles', 'distance must be a number of miles, zero or more');
  }
  if (w && (p.start < w.from || p.start >= w.to)) {
    add('start', `starts on ${p.start}, outside bed ${p.bed}'s contract period ${span(w.from, w.to)}`);
  }
  if (decommission !== undefined && (p.end === undefined || p.end > decommission)) {
    add('end', `bed ${p.bed} is decommissioned from ${decommission}; the placement must end by then`);
  }
  (p.extras ?? []).forEach((x, i) => {
    const f = `extras[${i}]`;
    const at = (field: string, message: string) => c.add(rec, x.row ?? p.row, `${f}.${field}`, message);
    if (!isCode(EXTRA_TYPES, x.type)) at('type', `"${x.type}" is not an extra type`);
    if (!Number.isSafeInteger(x.weekly) || x.weekly < 0)
      at('weekly', 'weekly amount must be whole pence ≥ 0');
    const from = x.from ?? p.start;
    const to = x.to ?? p.end;
    if (!isLocalDate(from)) {
      at('from', `"${from}" is not a date`);
      return;
    }
    if (to !== undefined && !isLocalDate(to)) {
      at('to', `"${to}" is not a date`);
      return;
    }
    if (from < p.start) at('from', `starts on ${from}, before the placement starts (${p.start})`);
    if (to !== undefined && to <= from) at('to', `ends on ${to}, not after its start ${from}`);
    if (p.end !== undefined && (to === undefined || to > p.end)) {
      at('to', `runs past the placement's end (${p.end})`);
    }
  });
}

function checkUnavailability(c: Checker, u: Unavailability, w: BedWindow | undefined, decom?: string): void {
  const rec = `unavailability ${u.id}`;
  const add = (field: string, message: string) => c.add(rec, u.row, field, message);
  if (!w) add('bed', `bed "${u.bed}" is not a bed of this contract`);
  if (!isCode(UNAVAILABILITY_KINDS, u.kind)) add('kind', `"${u.kind}" is not provider or agreed`);
  if (!u.reason?.trim()) add('reason', 'give a reason (e.g. staffing, repairs, impact on residents)');
  if (!isLocalDate(u.from)) {
    add('from', `"${u.from}" is not a date (YYYY-MM-DD)`);
    return;
  }
  if (u.to !== undefined && !isLocalDate(u.to)) {
    add('to', `"${u.to}" is not a date (YYYY-MM-DD)`);
    return;
  }
  if (u.to !== undefined && u.to <= u.from) add('to', `ends on ${u.to}, not after its start ${u.from}`);
  if (w && (u.from < w.from || u.from >= w.to)) {
    add('from', `starts on ${u.from}, outside bed ${u.bed}'s contract period ${span(w.from, w.to)}`);
  }
  if (decom !== undefined && u.from >= decom) add('from', `bed ${u.bed} is decommissioned from ${decom}`);
}

interface Item extends DayRange {
  rec: string;
  row: number | undefined;
  field: string;
}

/** Refuses any two facts about one bed that share a day. */
function checkOverlaps(c: Checker, ledger: Ledger): void {
  const byBed = new Map<string, Item[]>();
  const push = (bed: string, item: Item) => {
    if (!isLocalDate(item.from) || !isLocalDate(item.to)) return;
    const list = byBed.get(bed) ?? [];
    list.push(item);
    byBed.set(bed, list);
  };
  const open = '9999-12-31';
  for (const p of ledger.placements) {
    push(p.bed, { rec: `placement ${p.id}`, row: p.row, field: 'start', from: p.start, to: p.end ?? open });
  }
  for (const u of ledger.unavailability) {
    push(u.bed, { rec: `unavailability ${u.id}`, row: u.row, field: 'from', from: u.from, to: u.to ?? open });
  }
  for (const [bed, items] of byBed) {
    items.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    let last: Item | undefined;
    for (const it of items) {
      if (last && it.from < last.to) {
        const to = last.to === open ? '(open)' : last.to;
        c.add(it.rec, it.row, it.field, `overlaps ${last.rec} (${last.from} to ${to}) in bed ${bed}`);
      }
      if (!last || it.to > last.to) last = it;
    }
  }
}

/** Every problem with the ledger against its contract's beds and LAs; empty when it is sound. */
export function validateLedger(ledger: Ledger, frame: LedgerFrame): FieldError[] {
  const c = checker();
  const windows = new Map(frame.windows.map((w) => [w.bed, w]));
  const las = new Set(frame.las);
  const decommissions = new Map<string, string>();
  for (const d of ledger.decommissions) {
    const rec = `decommissioning of bed ${d.bed}`;
    const w = windows.get(d.bed);
    if (!w) c.add(rec, d.row, 'bed', `bed "${d.bed}" is not a bed of this contract`);
    if (!isLocalDate(d.from)) c.add(rec, d.row, 'from', `"${d.from}" is not a date (YYYY-MM-DD)`);
    else if (w && (d.from < w.from || d.from >= w.to)) {
      c.add(rec, d.row, 'from', `${d.from} is outside the bed's contract period ${span(w.from, w.to)}`);
    }
    if (decommissions.has(d.bed)) c.add(rec, d.row, 'bed', `bed ${d.bed} is already decommissioned`);
    else decommissions.set(d.bed, d.from);
  }
  const ids = new Set<string>();
  for (const p of ledger.placements) {
    if (!p.id) c.add('placement', p.row, 'id', 'every placement needs an id');
    else if (ids.has(`p:${p.id}`)) c.add(`placement ${p.id}`, p.row, 'id', 'this id is used twice');
    ids.add(`p:${p.id}`);
    if (!las.has(p.la)) c.add(`placement ${p.id}`, p.row, 'la', `"${p.la}" is not an LA in this contract`);
    checkPlacement(c, p, windows.get(p.bed), decommissions.get(p.bed));
  }
  for (const u of ledger.unavailability) {
    if (!u.id) c.add('unavailability', u.row, 'id', 'every unavailability needs an id');
    else if (ids.has(`u:${u.id}`)) c.add(`unavailability ${u.id}`, u.row, 'id', 'this id is used twice');
    ids.add(`u:${u.id}`);
    checkUnavailability(c, u, windows.get(u.bed), decommissions.get(u.bed));
  }
  checkOverlaps(c, ledger);
  return c.errors;
}

/** Throws a `validation` DomainError listing every problem, so nothing partial is used or stored. */
export function assertValidLedger(ledger: Ledger, frame: LedgerFrame): void {
  throwIfInvalid(validateLedger(ledger, frame), 'The bed ledger has errors');
}
