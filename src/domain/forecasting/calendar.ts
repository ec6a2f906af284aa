/**
 * Integer calendar arithmetic on epoch days for the hot loops (ageing tens of thousands of simulated
 * children at their birthdays, month ends of a horizon). Same calendar as shared/dates.ts, without
 * building strings or Date objects. Algorithms after Howard Hinnant's "days from civil".
 */

/** Epoch day of a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** [year, month 1-12, day] of an epoch day. */
export function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * Epoch day of the `n`th birthday of someone born on epoch day `birth`. A 29 February birthday falls
 * on 1 March in other years, as English law counts it (Family Law Reform Act 1969, s.9).
 */
export function birthday(birth: number, n: number): number {
  const [y, m, d] = civilFromDays(birth);
  if (m === 2 && d === 29 && !isLeap(y + n)) return daysFromCivil(y + n, 3, 1);
  return daysFromCivil(y + n, m, d);
}

/** Whole years of age on epoch day `on` (the birthday counts on the day). */
export function ageInYears(birth: number, on: number): number {
  const [by, bm, bd] = civilFromDays(birth);
  const [y, m, d] = civilFromDays(on);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/** The last day of each of the `count` calendar months after the month holding `from`. */
export function monthEndsAfter(from: number, count: number): number[] {
  const [y, m] = civilFromDays(from);
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    const total = y * 12 + (m - 1) + i + 1; // first day of the month after month i
    out.push(daysFromCivil(Math.floor(total / 12), (total % 12) + 1, 1) - 1);
  }
  return out;
}

/** The `count` month ends before `day` (oldest first), not counting `day` itself. */
export function monthEndsBefore(day: number, count: number): number[] {
  const [y, m] = civilFromDays(day);
  const out: number[] = [];
  for (let i = count; i >= 1; i--) {
    const total = y * 12 + (m - 1) - i + 1; // month i back, then its end is the day before the next month
    const end = daysFromCivil(Math.floor(total / 12), (total % 12) + 1, 1) - 1;
    out.push(end);
  }
  return out.filter((e) => e < day).slice(-count);
}

/** The first day of the month holding epoch day `day`. */
export function monthStart(day: number): number {
  const [y, m] = civilFromDays(day);
  return daysFromCivil(y, m, 1);
}

/** Months from the month of `a` to the month of `b` (0 when the same month). */
export function monthsBetween(a: number, b: number): number {
  const [ya, ma] = civilFromDays(a);
  const [yb, mb] = civilFromDays(b);
  return (yb - ya) * 12 + (mb - ma);
}
