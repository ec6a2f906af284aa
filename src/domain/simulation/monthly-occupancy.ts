import type { Timeline } from './timeline.ts';

/**
 * Occupied bed-days per month, added interval by interval in O(1) with a difference array for the
 * whole months an interval spans; months before a review are final when the review runs, because
 * later referrals only add occupancy after their own arrival.
 */
export class MonthlyOccupancy {
  private readonly partial: Float64Array;
  private readonly fullDiff: Float64Array;
  private readonly done: Float64Array;
  private doneUpTo = 0;
  private running = 0;
  constructor(
    private readonly timeline: Timeline,
    readonly on: boolean,
  ) {
    const m = on ? timeline.monthStarts.length - 1 : 0;
    this.partial = new Float64Array(m);
    this.fullDiff = new Float64Array(m + 1);
    this.done = new Float64Array(m);
  }

  /** Clears the months for a new run. */
  reset(): void {
    this.partial.fill(0);
    this.fullDiff.fill(0);
    this.done.fill(0);
    this.doneUpTo = 0;
    this.running = 0;
  }

  private monthOf(t: number): number {
    const ms = this.timeline.monthStarts;
    let k = Math.min(ms.length - 2, Math.max(0, Math.floor(t / 30.44)));
    while (k > 0 && ms[k]! > t) k--;
    while (k < ms.length - 2 && ms[k + 1]! <= t) k++;
    return k;
  }

  /** Adds [a, b) with 0 ≤ a < b ≤ termDays. */
  add(a: number, b: number): void {
    const ms = this.timeline.monthStarts;
    const last = ms.length - 1;
    const ka = this.monthOf(a);
    const kb = b >= ms[last]! ? last : this.monthOf(b);
    if (ka === kb) {
      this.partial[ka]! += b - a;
      return;
    }
    this.partial[ka]! += ms[ka + 1]! - a;
    this.fullDiff[ka + 1]! += 1;
    this.fullDiff[kb]! -= 1;
    if (kb < last) this.partial[kb]! += b - ms[kb]!;
  }

  /** Occupied bed-days in months [from, to). Months before `to` must be final. */
  occupiedBetween(from: number, to: number): number {
    const ms = this.timeline.monthStarts;
    while (this.doneUpTo < to) {
      const k = this.doneUpTo++;
      this.running += this.fullDiff[k]!;
      this.done[k] = this.partial[k]! + this.running * (ms[k + 1]! - ms[k]!);
    }
    let sum = 0;
    for (let k = from; k < to; k++) sum += this.done[k]!;
    return sum;
  }

  /** Writes months [0, upTo) and marks the rest, when the block had ended, as NaN. */
  writeTo(out: Float64Array, at: number, upTo: number): void {
    const n = this.done.length;
    this.occupiedBetween(0, n);
    for (let k = 0; k < n; k++) out[at + k] = k < upTo ? this.done[k]! : Number.NaN;
  }
}
