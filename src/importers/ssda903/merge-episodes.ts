/**
 * Merges the episode rows of several returns into one history per child. The same episode is in
 * every return of a year it was open in, so rows are grouped by (child, DECOM) and the latest
 * return's rows win: a closed copy replaces the open one, and a correction replaces the original.
 * Two rows with one DECOM in the same return are both kept (a same-day, zero-length episode).
 * Then each child's episodes must not overlap, and must follow the birth date in the header.
 */

import { collectionYearLastDay, OPEN, type Ssda903Dataset } from '../../domain/forecasting/dataset.ts';
import { collectionYearLabel } from '../../domain/forecasting/ssda903-codes.ts';
import { fromEpochDay } from '../../domain/shared/dates.ts';
import type { RawStore } from './raw-store.ts';

/** Sorts a child's row indices by start, latest return first, then end, then file order. */
function sortRows(rows: Int32Array, from: number, to: number, s: RawStore): void {
  const start = s.epStart.view();
  const year = s.epYear.view();
  const end = s.epEnd.view();
  const before = (a: number, b: number) =>
    start[a]! !== start[b]!
      ? start[a]! < start[b]!
      : year[a]! !== year[b]!
        ? year[a]! > year[b]!
        : end[a]! !== end[b]!
          ? end[a]! < end[b]!
          : a < b;
  for (let i = from + 1; i < to; i++) {
    const v = rows[i]!;
    let j = i - 1;
    while (j >= from && before(v, rows[j]!)) {
      rows[j + 1] = rows[j]!;
      j--;
    }
    rows[j + 1] = v;
  }
}

export function mergeEpisodes(s: RawStore): Ssda903Dataset {
  const n = s.episodeRows;
  const nChildren = s.childIds.length;
  const epChild = s.epChild.view();
  // Group rows by child (counting sort), then order each child's few rows.
  const offset = new Int32Array(nChildren + 1);
  for (let i = 0; i < n; i++) offset[epChild[i]! + 1]!++;
  for (let c = 0; c < nChildren; c++) offset[c + 1]! += offset[c]!;
  const rows = new Int32Array(n);
  const fill = offset.slice(0, nChildren);
  for (let i = 0; i < n; i++) rows[fill[epChild[i]!]!++] = i;

  const start = s.epStart.view();
  const end = s.epEnd.view();
  const year = s.epYear.view();
  const keep = new Uint8Array(n);
  const label = (r: number) => `${s.files[s.epFile.get(r)]!.name} row ${s.epRow.get(r)}`;
  const fail = (r: number, field: string, message: string) =>
    s.error({ record: s.files[s.epFile.get(r)]!.name, row: s.epRow.get(r), field, message });

  let keptChildren = 0;
  let keptRows = 0;
  for (let c = 0; c < nChildren; c++) {
    const from = offset[c]!;
    const to = offset[c + 1]!;
    if (from === to) continue;
    sortRows(rows, from, to, s);
    let prev = -1;
    for (let i = from; i < to; i++) {
      const r = rows[i]!;
      const first = rows[i - 1];
      // Same DECOM as an earlier-sorted row from a later return: superseded.
      if (i > from && start[first!]! === start[r]! && year[first!]! > year[r]!) continue;
      if (i > from && start[first!]! === start[r]! && year[first!]! === year[r]! && !keep[first!]) continue;
      keep[r] = 1;
      keptRows++;
      if (end[r] === OPEN && s.yearsByLa[s.childLa.get(c)]!.has(year[r]! + 1)) {
        end[r] = collectionYearLastDay(year[r]!) + 1;
        s.warn({
          record: s.files[s.epFile.get(r)]!.name,
          row: s.epRow.get(r),
          field: 'DEC',
          message: `the episode was open at the end of ${collectionYearLabel(year[r]!)} but is not in the ${collectionYearLabel(year[r]! + 1)} return; taken as ended on 31 March`,
        });
      }
      if (prev >= 0 && end[prev]! > start[r]!) {
        const until = end[prev] === OPEN ? 'is still open' : `runs to ${fromEpochDay(end[prev]!)}`;
        fail(r, 'DECOM', `the episode overlaps the child's episode at ${label(prev)}, which ${until}`);
      }
      prev = r;
    }
    keptChildren++;
    const birth = s.birth.get(c);
    const firstRow = rows[from]!;
    if (s.headerYear.get(c) === 0)
      fail(firstRow, 'CHILD', `child ${s.childIds[c]} has no row in any header file`);
    else if (birth > start[firstRow]!)
      fail(firstRow, 'DECOM', 'the episode starts before the date of birth in the header');
  }

  // Build the compact, sorted dataset from the kept rows.
  const ch = {
    count: keptChildren,
    id: new Array<string>(keptChildren),
    la: new Uint16Array(keptChildren),
    birth: new Int32Array(keptChildren),
    sex: new Uint8Array(keptChildren),
    uasc: new Uint8Array(keptChildren),
    firstEpisode: new Int32Array(keptChildren + 1),
  };
  const ep = {
    count: keptRows,
    child: new Int32Array(keptRows),
    start: new Int32Array(keptRows),
    end: new Int32Array(keptRows),
    rne: new Uint8Array(keptRows),
    legalStatus: new Uint8Array(keptRows),
    place: new Uint8Array(keptRows),
    provider: new Uint8Array(keptRows),
    reasonEnd: new Uint8Array(keptRows),
    year: new Uint16Array(keptRows),
  };
  let ci = 0;
  let ei = 0;
  let minYear = Number.POSITIVE_INFINITY;
  let maxYear = 0;
  const years = new Set<number>();
  for (let c = 0; c < nChildren; c++) {
    const from = offset[c]!;
    const to = offset[c + 1]!;
    if (from === to) continue;
    ch.id[ci] = s.childIds[c]!;
    ch.la[ci] = s.childLa.get(c);
    ch.birth[ci] = s.birth.get(c);
    ch.sex[ci] = s.sex.get(c);
    ch.uasc[ci] = s.uasc.get(c);
    ch.firstEpisode[ci] = ei;
    for (let i = from; i < to; i++) {
      const r = rows[i]!;
      if (!keep[r]) continue;
      ep.child[ei] = ci;
      ep.start[ei] = start[r]!;
      ep.end[ei] = end[r]!;
      ep.rne[ei] = s.epRne.get(r);
      ep.legalStatus[ei] = s.epLs.get(r);
      ep.place[ei] = s.epPlace.get(r);
      ep.provider[ei] = s.epProvider.get(r);
      ep.reasonEnd[ei] = s.epRec.get(r);
      ep.year[ei] = year[r]!;
      ei++;
    }
    ci++;
  }
  ch.firstEpisode[ci] = ei;
  for (const set of s.yearsByLa) for (const y of set) years.add(y);
  for (const y of years) {
    minYear = Math.min(minYear, y);
    maxYear = Math.max(maxYear, y);
  }
  const sorted = [...years].sort((a, b) => a - b);
  return {
    las: s.las,
    children: ch,
    episodes: ep,
    years: sorted,
    dataStart: sorted.length ? collectionYearLastDay(minYear - 1) + 1 : 0,
    dataEnd: sorted.length ? collectionYearLastDay(maxYear) : 0,
  };
}
