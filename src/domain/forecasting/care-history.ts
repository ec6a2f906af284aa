/**
 * Turns episodes into what the demand model counts: spells in one placement category. Episodes that
 * change only legal status or carer within a category are joined (they are not moves), short-break
 * episodes (LS V3/V4) are left out, and contiguous episodes (DEC = next DECOM) form one period of
 * care, so every spell knows when its period began (time in care) and how it ended: a move to
 * another category, leaving care, or still open at the cut-off. Cutting at a day makes the data
 * exactly what was known on that day, which is what a backtest needs.
 */
import { type CategoryMap, categoryOf } from './categories.ts';
import { OPEN, type Ssda903Dataset } from './dataset.ts';
import { codeIndex } from './ssda903-codes.ts';

/** How a spell ended: moved to `next` category (>= 0), left care, or still open. */
export const LEFT_CARE = -1;
export const STILL_OPEN = -2;

export interface Spells {
  count: number;
  child: Int32Array;
  start: Int32Array;
  /** OPEN when still open at the cut-off. */
  end: Int32Array;
  category: Uint8Array;
  /** PLACE code index of the spell's first episode (to pick out rare, costly placement types). */
  place: Uint8Array;
  /** First day of the period of care (a lower bound when `periodKnown` is 0). */
  periodStart: Int32Array;
  /**
   * 0 when the period began before the first return and the first episode seen is not its start
   * (RNE other than S): only the episode open on the first day of the data is in the returns, so
   * how long the child had been in care is unknown, only that it is longer than it looks.
   */
  periodKnown: Uint8Array;
  /** Next category, LEFT_CARE or STILL_OPEN. */
  next: Int8Array;
}

const SHORT_BREAKS = new Set([codeIndex('LS', 'V3'), codeIndex('LS', 'V4')]);
const NEW_PERIOD = codeIndex('RNE', 'S');

export interface SpellOptions {
  /** Only episodes known on this day (epoch day): later starts dropped, later ends reopened. */
  cutoff?: number;
  /** Only children of this LA (index into dataset.las). */
  la?: number;
  /** Only these children (indices, ascending): faster than `la` when splitting a region. */
  children?: ArrayLike<number>;
}

/** Each LA's children (indices into the dataset's children, ascending). */
export function childrenByLa(d: Ssda903Dataset): Int32Array[] {
  const counts = new Int32Array(d.las.length);
  for (let c = 0; c < d.children.count; c++) counts[d.children.la[c]!]!++;
  const out = Array.from(counts, (n) => new Int32Array(n));
  const at = new Int32Array(d.las.length);
  for (let c = 0; c < d.children.count; c++) {
    const l = d.children.la[c]!;
    out[l]![at[l]!++] = c;
  }
  return out;
}

export function buildSpells(d: Ssda903Dataset, map: CategoryMap, opts: SpellOptions = {}): Spells {
  const cutoff = opts.cutoff ?? d.dataEnd;
  const ep = d.episodes;
  const ch = d.children;
  const list = opts.children;
  let cap = ep.count;
  if (list) {
    cap = 0;
    for (let i = 0; i < list.length; i++) cap += ch.firstEpisode[list[i]! + 1]! - ch.firstEpisode[list[i]!]!;
  }
  const out = {
    child: new Int32Array(cap),
    start: new Int32Array(cap),
    end: new Int32Array(cap),
    category: new Uint8Array(cap),
    place: new Uint8Array(cap),
    periodStart: new Int32Array(cap),
    periodKnown: new Uint8Array(cap),
    next: new Int8Array(cap),
  };
  let n = 0;
  const total = list ? list.length : ch.count;
  for (let i = 0; i < total; i++) {
    const c = list ? list[i]! : i;
    if (opts.la !== undefined && ch.la[c] !== opts.la) continue;
    let open = -1; // index of the spell being extended
    let periodStart = 0;
    let periodKnown = 1;
    for (let e = ch.firstEpisode[c]!; e < ch.firstEpisode[c + 1]!; e++) {
      const start = ep.start[e]!;
      if (start > cutoff) break;
      let end = ep.end[e]!;
      if (end > cutoff) end = OPEN;
      if (end === start || SHORT_BREAKS.has(ep.legalStatus[e]!)) continue; // a same-day episode holds no day
      const cat = categoryOf(map, ep.year[e]!, ep.place[e]!, ep.provider[e]!);
      const contiguous = open >= 0 && out.end[open] === start;
      if (contiguous && out.category[open] === cat) {
        out.end[open] = end;
        out.next[open] = end === OPEN ? STILL_OPEN : LEFT_CARE;
        continue;
      }
      if (contiguous) out.next[open] = cat;
      else {
        periodStart = start;
        periodKnown = start >= d.dataStart || ep.rne[e] === NEW_PERIOD ? 1 : 0;
      }
      out.child[n] = c;
      out.start[n] = start;
      out.end[n] = end;
      out.category[n] = cat;
      out.place[n] = ep.place[e]!;
      out.periodStart[n] = periodStart;
      out.periodKnown[n] = periodKnown;
      out.next[n] = end === OPEN ? STILL_OPEN : LEFT_CARE;
      open = n++;
    }
  }
  return {
    count: n,
    child: out.child.subarray(0, n),
    start: out.start.subarray(0, n),
    end: out.end.subarray(0, n),
    category: out.category.subarray(0, n),
    place: out.place.subarray(0, n),
    periodStart: out.periodStart.subarray(0, n),
    periodKnown: out.periodKnown.subarray(0, n),
    next: out.next.subarray(0, n),
  };
}
