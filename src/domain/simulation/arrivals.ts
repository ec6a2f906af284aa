/**
 * One run's referrals, drawn once and replayable against any block size. Which LA refers, when,
 * how long the child will need a placement, and the two uniforms that later decide whether the
 * child suits the block and whether a spot placement is out of area: none of this depends on the
 * beds, so a sizing sweep draws it once per run and replays it for every size (the same children,
 * which is what makes sizes comparable, at a fraction of the cost).
 */
import type { Rng } from '../shared/rng.ts';
import type { StaySampler } from './stay-length.ts';
import type { PriceIndex } from './timeline.ts';

/** What drawing needs from the prepared scenario. */
export interface ArrivalSetup {
  /** Referrals a day, all LAs together. */
  ratePerDay: number;
  /** Cumulative referral probabilities by LA (the last is 1). */
  laCumulative: Float64Array;
  stay: StaySampler;
  warmUpDays: number;
  termDays: number;
  spotIndex: PriceIndex;
}

export class Arrivals {
  /** Referrals drawn (those arriving before the end of the term). */
  n = 0;
  t = new Float64Array(256);
  la = new Int32Array(256);
  uMatch = new Float64Array(256);
  uOut = new Float64Array(256);
  stay = new Float64Array(256);
  /** Spot-indexed days of the placement inside the term: the child's spot-only cost, before pricing. */
  baseline = new Float64Array(256);

  /** Draws a run's referrals from the arrival and stay streams, in time order. */
  draw(setup: ArrivalSetup, arrivals: Rng, stays: Rng): void {
    const { ratePerDay: rate, laCumulative, stay, termDays: T, spotIndex } = setup;
    const nLa = laCumulative.length;
    let n = 0;
    let t = -setup.warmUpDays;
    while (rate > 0) {
      t += -Math.log(1 - arrivals.next()) / rate;
      const uLa = arrivals.next();
      const uMatch = arrivals.next();
      const uOut = arrivals.next();
      const S = stay(stays);
      if (t >= T) break;
      if (n === this.t.length) this.grow();
      let la = 0;
      while (la < nLa - 1 && uLa >= laCumulative[la]!) la++;
      const a0 = t > 0 ? t : 0;
      const leaves = t + S;
      this.t[n] = t;
      this.la[n] = la;
      this.uMatch[n] = uMatch;
      this.uOut[n] = uOut;
      this.stay[n] = S;
      this.baseline[n] = leaves > a0 ? spotIndex.at(leaves < T ? leaves : T) - spotIndex.at(a0) : 0;
      n++;
    }
    this.n = n;
  }

  private grow(): void {
    const size = this.t.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.t = f(this.t);
    this.uMatch = f(this.uMatch);
    this.uOut = f(this.uOut);
    this.stay = f(this.stay);
    this.baseline = f(this.baseline);
    const la = new Int32Array(size);
    la.set(this.la);
    this.la = la;
  }
}
