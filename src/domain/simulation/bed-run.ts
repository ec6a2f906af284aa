/**
 * One run of the beds against a run's referrals: reserving a free bed for a suitable child,
 * accounting each empty spell as matching, hold and void (or released), letting outside children
 * into released beds, and serving break-clause notice. A class, reused run after run, so that the
 * hot helpers are methods rather than closures made per run and the loop allocates nothing.
 */
import type { Rng } from '../shared/rng.ts';
import type { Arrivals } from './arrivals.ts';
import type { PreparedEngine } from './engine.ts';
import { MonthlyOccupancy } from './monthly-occupancy.ts';
import * as R from './run-record.ts';
import type { Timeline } from './timeline.ts';

// Record offsets as plain module constants: the inner loop reads them millions of times.
const {
  R_OCCUPIED_DAYS,
  R_BED_DAYS,
  R_MATCHING,
  R_HOLD,
  R_VOID,
  R_RELEASED,
  R_OUTSIDE,
  R_BREAK_DAY,
  R_LA_BASE,
} = R;
const {
  LA_FIELDS,
  L_BLOCK,
  L_SPOT,
  L_BASELINE,
  L_REFERRALS,
  L_PLACED_BLOCK,
  L_SPOT_LOCAL,
  L_SPOT_OUT_OF_AREA,
  L_BLOCK_DAYS,
} = R;

/** One run's mutable state. */
export class RunScratch {
  private readonly freeAt: Float64Array;
  private readonly fillAt: Float64Array;
  private readonly monthly: MonthlyOccupancy;
  private p!: PreparedEngine;
  private out!: Float64Array;
  private offset = 0;
  private bedRng!: Rng;
  private blockEnd = 0;
  private holdDays = 0;
  private released = false;
  private fillMean = 0;
  private nextReview = 0;
  private nextReviewDay = Number.POSITIVE_INFINITY;

  constructor(beds: number, timeline: Timeline, monthly: boolean) {
    this.freeAt = new Float64Array(beds);
    this.fillAt = new Float64Array(beds);
    this.monthly = new MonthlyOccupancy(timeline, monthly);
  }

  run(p: PreparedEngine, a: Arrivals, bedRng: Rng, out: Float64Array, offset: number): void {
    const s = p.scenario;
    this.p = p;
    this.out = out;
    this.offset = offset;
    this.bedRng = bedRng;
    const T = p.timeline.termDays;
    const start = -p.warmUpDays;
    const beds = s.block.beds;
    const rule = s.block.voidRule;
    this.holdDays = s.block.holdDays;
    this.released = rule.kind === 'release';
    this.fillMean = rule.kind === 'release' ? (rule.outsideFillMeanDays ?? 0) : 0;
    const { blockIndex, spotIndex, outOfArea } = p;
    const monthly = this.monthly;
    monthly.reset();
    const pMatch = s.matching.probability;
    const d = s.matching.days;
    const freeAt = this.freeAt;
    const fillAt = this.fillAt;
    freeAt.fill(start);
    for (let b = 0; b < beds; b++) fillAt[b] = this.drawFill(start);
    this.blockEnd = beds > 0 ? T : 0;

    const clause = s.breakClause;
    const lastMonth = s.termMonths;
    this.nextReview = clause ? Math.max(1, clause.earliestNoticeMonth) : lastMonth;
    this.nextReviewDay =
      this.nextReview < lastMonth ? p.timeline.monthStarts[this.nextReview]! : Number.POSITIVE_INFINITY;
    out[offset + R_BREAK_DAY] = -1;

    const n = a.n;
    for (let i = 0; i < n; i++) {
      const t = a.t[i]!;
      const S = a.stay[i]!;
      const la = a.la[i]!;
      const baseline = a.baseline[i]!;
      if (t >= this.nextReviewDay) this.review(t);
      const base = offset + R_LA_BASE + la * LA_FIELDS;
      const leaves = t + S;
      const a0 = t > 0 ? t : 0;
      out[base + L_BASELINE]! += baseline;
      if (t >= 0) out[base + L_REFERRALS]! += 1;

      let bed = -1;
      if (t < this.blockEnd && a.uMatch[i]! < pMatch) {
        let oldest = Number.POSITIVE_INFINITY;
        for (let b = 0; b < beds; b++) {
          if (fillAt[b]! <= t) this.resolveOutside(b, t);
          const f = freeAt[b]!;
          if (f <= t && f < oldest) {
            oldest = f;
            bed = b;
          }
        }
      }
      if (bed < 0) {
        out[base + L_SPOT]! += baseline;
        if (t >= 0) out[base + (a.uOut[i]! < outOfArea[la]! ? L_SPOT_OUT_OF_AREA : L_SPOT_LOCAL)]! += 1;
        continue;
      }
      this.closeVacancy(freeAt[bed]!, t);
      const movesIn = t + (d < S ? d : S);
      const me = movesIn < this.blockEnd ? movesIn : this.blockEnd;
      if (me > a0) out[offset + R_MATCHING]! += blockIndex.at(me) - blockIndex.at(a0);
      if (movesIn > a0) out[base + L_SPOT]! += spotIndex.at(movesIn < T ? movesIn : T) - spotIndex.at(a0);
      if (S > d) {
        const oa = movesIn > 0 ? movesIn : 0;
        const ob = leaves < T ? leaves : T;
        if (ob > oa) {
          out[base + L_BLOCK]! += blockIndex.at(ob) - blockIndex.at(oa);
          out[base + L_BLOCK_DAYS]! += ob - oa;
          if (monthly.on) monthly.add(oa, ob);
          // Without a break the block's end is known now; with one, the months give it at the end.
          if (!clause) out[offset + R_OCCUPIED_DAYS]! += ob - oa;
        }
      }
      freeAt[bed] = leaves;
      fillAt[bed] = this.drawFill(leaves);
      if (t >= 0) out[base + L_PLACED_BLOCK]! += 1;
    }

    this.review(T);
    const end = this.blockEnd;
    for (let b = 0; b < beds; b++) {
      this.resolveOutside(b, end);
      if (freeAt[b]! < end) this.closeVacancy(freeAt[b]!, end);
    }
    out[offset + R_BED_DAYS] = beds * end;
    if (monthly.on) {
      const endMonth = monthIndexAtOrAfter(p.timeline.monthStarts, end);
      if (clause) out[offset + R_OCCUPIED_DAYS] = monthly.occupiedBetween(0, endMonth);
      monthly.writeTo(out, offset + p.layout.monthBase, endMonth);
    }
  }

  /** When an outside child would take a released bed, if none of the block's children does first. */
  private drawFill(vacantFrom: number): number {
    return this.fillMean > 0
      ? vacantFrom + this.holdDays - this.fillMean * Math.log(1 - this.bedRng.next())
      : Number.POSITIVE_INFINITY;
  }

  /** Accounts the empty spell [v, e) of a bed: hold, then void or released, inside the block's life. */
  private closeVacancy(v: number, e: number): void {
    const { out, offset, blockEnd } = this;
    const idx = this.p.blockIndex;
    const a = v > 0 ? v : 0;
    const holdEnd = Math.min(e, v + this.holdDays, blockEnd);
    if (holdEnd > a) out[offset + R_HOLD]! += idx.at(holdEnd) - idx.at(a);
    const vs = Math.max(v + this.holdDays, 0);
    const ve = Math.min(e, blockEnd);
    if (ve > vs) {
      if (this.released) out[offset + R_RELEASED]! += ve - vs;
      else out[offset + R_VOID]! += idx.at(ve) - idx.at(vs);
    }
  }

  /** Lets outside children use a released bed for every outside arrival before time t. */
  private resolveOutside(b: number, t: number): void {
    const { freeAt, fillAt } = this;
    while (fillAt[b]! <= t && fillAt[b]! < this.blockEnd) {
      const f = fillAt[b]!;
      this.closeVacancy(freeAt[b]!, f);
      const leaves = f + this.p.outsideStay(this.bedRng);
      const a = f > 0 ? f : 0;
      const e = Math.min(leaves, this.blockEnd);
      if (e > a) this.out[this.offset + R_OUTSIDE]! += e - a;
      freeAt[b] = leaves;
      fillAt[b] = this.drawFill(leaves);
    }
  }

  /** Break-clause reviews at each month end up to `upTo`: serves notice when the block is under-used. */
  private review(upTo: number): void {
    const s = this.p.scenario;
    const clause = s.breakClause;
    const months = this.p.timeline.monthStarts;
    const lastMonth = s.termMonths;
    while (clause && this.nextReview < lastMonth && months[this.nextReview]! <= upTo) {
      const m = this.nextReview++;
      this.nextReviewDay = this.nextReview < lastMonth ? months[this.nextReview]! : Number.POSITIVE_INFINITY;
      const from = Math.max(0, m - clause.reviewMonths);
      const occ = this.monthly.occupiedBetween(from, m);
      const capacity = s.block.beds * (months[m]! - months[from]!);
      if (capacity > 0 && occ / capacity < clause.occupancyBelow && m + clause.noticeMonths < lastMonth) {
        this.blockEnd = months[m + clause.noticeMonths]!;
        this.nextReview = lastMonth;
        this.nextReviewDay = Number.POSITIVE_INFINITY;
        this.out[this.offset + R_BREAK_DAY] = this.blockEnd;
      }
    }
  }
}

function monthIndexAtOrAfter(months: Float64Array, t: number): number {
  let m = 0;
  while (m < months.length - 1 && months[m]! < t) m++;
  return m;
}
