/**
 * UK postcodes, split the way the directory uses them. A full postcode ('UB3 1AB') is only ever
 * kept where a role may see a home's address; everything else works at the postcode sector
 * ('UB3 1', what referrals carry for family and school) or the district ('UB3', what most users
 * see). Rules follow Royal Mail's format: outward code = area letters + district; inward code =
 * sector digit + two unit letters (never C, I, K, M, O or V).
 */

export interface Postcode {
  /** Normalised with one space: 'UB3 1AB'. */
  postcode: string;
  /** Outward code: 'UB3'. */
  district: string;
  /** Outward code, space, sector digit: 'UB3 1'. */
  sector: string;
}

export type PostcodeLike =
  | ({ precision: 'postcode' } & Postcode)
  | { precision: 'sector'; district: string; sector: string }
  | { precision: 'district'; district: string };

const OUTWARD = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;
const INWARD = /^[0-9][ABD-HJLNP-UW-Z]{2}$/;
const SECTOR_DIGIT = /^[0-9]$/;

function squash(text: string): string {
  return text.toUpperCase().replace(/\s+/g, '');
}

/** A full UK postcode, normalised, or undefined when `text` is not one. */
export function parsePostcode(text: string): Postcode | undefined {
  const s = squash(text);
  if (s.length < 5 || s.length > 7) return undefined;
  const outward = s.slice(0, -3);
  const inward = s.slice(-3);
  if (!OUTWARD.test(outward) || !INWARD.test(inward)) return undefined;
  return { postcode: `${outward} ${inward}`, district: outward, sector: `${outward} ${inward[0]}` };
}

/**
 * A full postcode, a sector ('UB3 1') or a district ('UB3'): what a search box accepts for a
 * family home or a school. A sector needs its space, since 'UB31' could be either a district
 * with a sector digit or a (non-existent) district UB31.
 */
export function parsePostcodeLike(text: string): PostcodeLike | undefined {
  const full = parsePostcode(text);
  if (full) return { precision: 'postcode', ...full };
  const parts = text.trim().toUpperCase().split(/\s+/);
  const [outward, inward] = parts;
  if (!outward || parts.length > 2 || !OUTWARD.test(outward)) return undefined;
  if (inward === undefined) return { precision: 'district', district: outward };
  if (SECTOR_DIGIT.test(inward))
    return { precision: 'sector', district: outward, sector: `${outward} ${inward}` };
  return undefined;
}

/** Outward code of a full postcode, sector or district, or undefined. */
export function districtOf(text: string): string | undefined {
  return parsePostcodeLike(text)?.district;
}
