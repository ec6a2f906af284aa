/**
 * Raw simulation output and the arithmetic on it: joining runs simulated in parts (on several
 * threads), and adding LAs' runs run by run into a region's.
 */

/** Raw simulation output: one row per run, flattened. */
export interface SimulationRuns {
  origin: number;
  monthEnds: number[];
  runs: number;
  /** Children in care at each month end by category: [run][month][category]. */
  stock: Float64Array;
  /** The same by output age band: [run][month][band]. */
  stockByAge: Float64Array;
  /** Person-days by [run][month][category][0 = placements open at the origin, 1 = new ones]. */
  days: Float64Array;
  /** New placements starting by [run][month][category] (entries and moves). */
  starts: Int32Array;
  /** Entries and leavers by [run][month]. */
  entries: Int32Array;
  leavers: Int32Array;
}

/** Joins runs simulated in parts (in run order) into one set. */
export function concatRuns(parts: readonly SimulationRuns[]): SimulationRuns {
  const first = parts[0]!;
  const join = <T extends Float64Array | Int32Array>(pick: (r: SimulationRuns) => T): T => {
    const ctor = pick(first).constructor as new (n: number) => T;
    const out = new ctor(parts.reduce((a, p) => a + pick(p).length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(pick(p), at);
      at += pick(p).length;
    }
    return out;
  };
  return {
    origin: first.origin,
    monthEnds: first.monthEnds,
    runs: parts.reduce((a, p) => a + p.runs, 0),
    stock: join((r) => r.stock),
    stockByAge: join((r) => r.stockByAge),
    days: join((r) => r.days),
    starts: join((r) => r.starts),
    entries: join((r) => r.entries),
    leavers: join((r) => r.leavers),
  };
}

/** Adds `part` into `total` in place (same origin, horizon and number of runs) and returns it. */
export function addInto(total: SimulationRuns, part: SimulationRuns): SimulationRuns {
  for (const key of ['stock', 'stockByAge', 'days', 'starts', 'entries', 'leavers'] as const) {
    const t = total[key];
    const p = part[key];
    for (let i = 0; i < t.length; i++) t[i]! += p[i]!;
  }
  return total;
}

/** A copy whose arrays can be added into without touching the original. */
export function copyRuns(r: SimulationRuns): SimulationRuns {
  return {
    ...r,
    stock: r.stock.slice(),
    stockByAge: r.stockByAge.slice(),
    days: r.days.slice(),
    starts: r.starts.slice(),
    entries: r.entries.slice(),
    leavers: r.leavers.slice(),
  };
}
