/**
 * Drawing how long a child stays. Each draw consumes its own random stream (see engine.ts), so the
 * shape of this distribution never disturbs the arrivals another block size sees: sweeps compare
 * sizes on the same children (common random numbers).
 */
import { gamma, type Rng } from '../shared/rng.ts';
import type { StayLength } from './scenario.ts';

export type StaySampler = (rng: Rng) => number;

/** The mean stay in days, which is all the Erlang loss formula needs. */
export function meanStayDays(s: StayLength): number {
  if (s.kind === 'empirical') return s.days.reduce((a, b) => a + b, 0) / s.days.length;
  return s.meanDays;
}

/**
 * The log-scale parameters of a lognormal with the given mean and standard deviation:
 * σ² = ln(1 + sd²/mean²) and μ = ln(mean) − σ²/2, so that e^(μ + σ²/2) = mean.
 */
export function lognormalParameters(meanDays: number, sdDays: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + (sdDays * sdDays) / (meanDays * meanDays));
  return { mu: Math.log(meanDays) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/**
 * A sampler for the distribution; parameters are worked out once, not per draw. A sampler may keep
 * state tied to the stream it last drew from, so give each stream its own sampler.
 */
export function staySampler(s: StayLength): StaySampler {
  switch (s.kind) {
    case 'empirical': {
      const days = Float64Array.from(s.days);
      const n = days.length;
      return (rng) => days[Math.floor(rng.next() * n)]!;
    }
    case 'exponential': {
      const mean = s.meanDays;
      return (rng) => -mean * Math.log(1 - rng.next());
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(s.meanDays, s.sdDays);
      // Box–Muller gives normals in pairs; keep the second for the next draw from the same stream.
      let spare = Number.NaN;
      let owner: Rng | undefined;
      return (rng) => {
        if (rng === owner && !Number.isNaN(spare)) {
          const z = spare;
          spare = Number.NaN;
          return Math.exp(mu + sigma * z);
        }
        owner = rng;
        let u = 0;
        while (u === 0) u = rng.next();
        const r = Math.sqrt(-2 * Math.log(u));
        const theta = 2 * Math.PI * rng.next();
        spare = r * Math.sin(theta);
        return Math.exp(mu + sigma * r * Math.cos(theta));
      };
    }
    case 'gamma': {
      const scale = s.meanDays / s.shape;
      const shape = s.shape;
      return (rng) => gamma(rng, shape, scale);
    }
  }
}
