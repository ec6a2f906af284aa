/**
 * Entries into care as a monthly time series: a log-linear trend with a month-of-year pattern and
 * negative binomial (overdispersed) noise, fitted by Poisson maximum likelihood. Thirty-odd entries
 * a month are noisy, so the two weakly identified parts are shrunk: the seasonal factors towards
 * none by how much of their spread chance explains, and the trend towards flat by its standard
 * error (a slope no larger than its own noise is mostly noise). Forecasts damp the trend further
 * ahead, as growth rarely runs on unchanged for years.
 */

import { civilFromDays, daysFromCivil } from './calendar.ts';
import type { Spells } from './care-history.ts';

export interface EntryModel {
  /** Months fitted, as 'YYYY-MM', and their entry counts. */
  months: string[];
  counts: number[];
  /** log of the expected monthly entries at the last fitted month (before season). */
  level: number;
  /** Trend per month on the log scale, after shrinkage. */
  trend: number;
  /** Standard errors of level and trend (for drawing them in the simulation), and their covariance. */
  levelSe: number;
  trendSe: number;
  covariance: number;
  /** Multiplier by calendar month (index 0 = January), mean 1. */
  season: number[];
  /** Negative binomial size: variance = mean + mean^2 / dispersion (Infinity = Poisson). */
  dispersion: number;
  /** Trend damping per month ahead (1 = none). */
  damping: number;
  /**
   * Standard deviation of the log entry level from one half-year to the next beyond what chance
   * explains: entries run high or low for months at a time (a surge of unaccompanied children, a
   * change of threshold), which monthly noise alone would not show. Estimated by the method of
   * moments on six-month totals; the simulation lets the level wander by this much.
   */
  levelSd: number;
}

export interface EntryOptions {
  /** Months of history to fit (the most recent ones). */
  months?: number;
  /** Trend damping per month ahead. */
  damping?: number;
  /** Fit a month-of-year pattern (needs two years or more of months). */
  seasonal?: boolean;
}

/** Entries (first spells of a period of care) per calendar month, for months wholly in [from, to]. */
export function monthlyEntries(
  spells: Spells,
  from: number,
  to: number,
): { months: string[]; counts: number[] } {
  const [fy, fm, fd] = civilFromDays(from);
  const first = fd === 1 ? fy * 12 + fm - 1 : fy * 12 + fm; // first whole month
  const [ty, tm] = civilFromDays(to);
  const monthEnd = daysFromCivil(tm === 12 ? ty + 1 : ty, tm === 12 ? 1 : tm + 1, 1) - 1;
  const last = ty * 12 + tm - 1 - (to === monthEnd ? 0 : 1); // last whole month
  const n = Math.max(0, last - first + 1);
  const counts = new Array<number>(n).fill(0);
  for (let s = 0; s < spells.count; s++) {
    const st = spells.start[s]!;
    if (st !== spells.periodStart[s]! || st < from || st > to) continue;
    const [y, m] = civilFromDays(st);
    const i = y * 12 + m - 1 - first;
    if (i >= 0 && i < n) counts[i]!++;
  }
  const months = counts.map((_, i) => {
    const t = first + i;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  });
  return { months, counts };
}

/** Poisson regression of log(count) on (1, t) by Newton's method; returns estimates and covariance. */
function poissonTrend(y: readonly number[], offset: readonly number[]) {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / Math.max(1, n);
  let a = Math.log(Math.max(mean, 0.1));
  let b = 0;
  const tc = (n - 1) / 2;
  let i00 = 0;
  let i01 = 0;
  let i11 = 0;
  for (let it = 0; it < 25; it++) {
    let g0 = 0;
    let g1 = 0;
    i00 = i01 = i11 = 0;
    for (let i = 0; i < n; i++) {
      const t = i - tc;
      const mu = Math.exp(a + b * t + offset[i]!);
      g0 += y[i]! - mu;
      g1 += (y[i]! - mu) * t;
      i00 += mu;
      i01 += mu * t;
      i11 += mu * t * t;
    }
    const det = i00 * i11 - i01 * i01;
    if (det <= 0) break;
    const da = (i11 * g0 - i01 * g1) / det;
    const db = (i00 * g1 - i01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  const det = i00 * i11 - i01 * i01;
  return {
    a,
    b,
    tc,
    v00: det > 0 ? i11 / det : 0,
    v11: det > 0 ? i00 / det : 0,
    v01: det > 0 ? -i01 / det : 0,
  };
}

export function fitEntries(
  series: { months: string[]; counts: number[] },
  opts: EntryOptions = {},
): EntryModel {
  const keep = opts.months ?? 36;
  const months = series.months.slice(-keep);
  const y = series.counts.slice(-keep);
  const n = y.length;
  const cal = months.map((m) => Number(m.slice(5, 7)) - 1);
  let season = new Array<number>(12).fill(1);
  let fit = poissonTrend(y, new Array(n).fill(0));
  if ((opts.seasonal ?? true) && n >= 24) {
    // Raw month-of-year factors from the trend's residuals, shrunk James-Stein style towards 1.
    const obs = new Array<number>(12).fill(0);
    const exp = new Array<number>(12).fill(0);
    y.forEach((v, i) => {
      obs[cal[i]!]! += v;
      exp[cal[i]!]! += Math.exp(fit.a + fit.b * (i - fit.tc));
    });
    const logs = obs.map((o, m) => (exp[m]! > 0 ? Math.log((o + 0.5) / exp[m]!) : 0));
    const noise = obs.reduce((acc, o) => acc + 1 / (o + 0.5), 0) / 12;
    const spread = logs.reduce((acc, l) => acc + l * l, 0) / 12;
    const keepShare = spread > 0 ? Math.max(0, 1 - noise / spread) : 0;
    const raw = logs.map((l) => Math.exp(l * keepShare));
    const norm = raw.reduce((a, b) => a + b, 0) / 12;
    season = raw.map((s) => s / norm);
    fit = poissonTrend(
      y,
      cal.map((m) => Math.log(season[m]!)),
    );
  }
  // Overdispersion from Pearson residuals.
  let num = 0;
  let den = 0;
  let pearson = 0;
  y.forEach((v, i) => {
    const mu = Math.exp(fit.a + fit.b * (i - fit.tc)) * season[cal[i]!]!;
    num += (v - mu) ** 2 - mu;
    den += mu * mu;
    pearson += (v - mu) ** 2 / mu;
  });
  const dispersion = num > 0 ? den / num : Number.POSITIVE_INFINITY;
  // Extra-Poisson variation of six-month totals around the fitted line (from the latest month back).
  let extra = 0;
  let blockPearson = 0;
  let blocks = 0;
  for (let end = n; end - 6 >= 0; end -= 6) {
    let obs = 0;
    let exp = 0;
    for (let i = end - 6; i < end; i++) {
      obs += y[i]!;
      exp += Math.exp(fit.a + fit.b * (i - fit.tc)) * season[cal[i]!]!;
    }
    extra += ((obs - exp) ** 2 - exp) / (exp * exp);
    blockPearson += (obs - exp) ** 2 / exp;
    blocks++;
  }
  const levelSd = blocks >= 2 && extra > 0 ? Math.sqrt(extra / blocks) : 0;
  // Standard errors allow for overdispersion at the monthly and at the half-year scale: months that
  // run high together carry less information about the trend than independent months would.
  const phi = Math.max(1, n > 2 ? pearson / (n - 2) : 1, blocks > 2 ? blockPearson / (blocks - 2) : 1);
  const trendSe = Math.sqrt(fit.v11 * phi);
  const shrink = fit.b * fit.b > 0 ? (fit.b * fit.b) / (fit.b * fit.b + trendSe * trendSe) : 0;
  const trend = fit.b * shrink;
  // Level at the last fitted month, using the shrunk trend through the series' centre.
  const last = n - 1 - fit.tc;
  const level = fit.a + trend * last;
  const levelSe = Math.sqrt(
    Math.max(0, (fit.v00 + last * last * fit.v11 * shrink * shrink + 2 * last * fit.v01 * shrink) * phi),
  );
  return {
    months,
    counts: y,
    level,
    trend,
    levelSe,
    trendSe: trendSe * shrink,
    covariance: last * fit.v11 * shrink * shrink * phi + fit.v01 * shrink * phi,
    season,
    dispersion,
    damping: opts.damping ?? 0.97,
    levelSd,
  };
}

/** Expected entries in the month `h` months after the last fitted one (h = 1, 2, ...). */
export function expectedEntries(
  m: EntryModel,
  h: number,
  calendarMonth: number,
  level = m.level,
  trend = m.trend,
): number {
  const phi = m.damping;
  const steps = phi === 1 ? h : (phi * (1 - phi ** h)) / (1 - phi);
  return Math.exp(level + trend * steps) * m.season[calendarMonth]!;
}
