/**
 * Keeping referrals pseudonymised. Locations are postcode sectors ('UB3 1'), never full postcodes,
 * and free text must not carry what identifies a child: a full postcode or a date with a year (a
 * date of birth is the commonest slip). We cannot spot a name, so the form says not to write one;
 * these checks catch the mistakes that have a shape.
 */

/** A postcode sector: outward code, a space, the first digit of the inward code. */
export const POSTCODE_SECTOR = /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9]$/;
const FULL_POSTCODE = /^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$/;

export type SectorParse = { ok: true; sector: string } | { ok: false; reason: 'full-postcode' | 'format' };

/**
 * Reads what someone typed as a postcode sector: case and spacing are forgiven ('ub31' and
 * ' UB3  1 ' both give 'UB3 1'), a full postcode is refused so it is never stored.
 */
export function parsePostcodeSector(input: string): SectorParse {
  const compact = input.toUpperCase().replace(/\s+/g, '');
  if (FULL_POSTCODE.test(compact)) return { ok: false, reason: 'full-postcode' };
  const spaced = compact.length >= 3 ? `${compact.slice(0, -1)} ${compact.slice(-1)}` : compact;
  return POSTCODE_SECTOR.test(spaced) ? { ok: true, sector: spaced } : { ok: false, reason: 'format' };
}

export function isPostcodeSector(s: string): boolean {
  return POSTCODE_SECTOR.test(s);
}

/** The outward code (district) of a sector: 'UB3 1' → 'UB3'. */
export function sectorDistrict(sector: string): string {
  return sector.split(' ')[0] ?? sector;
}

export type IdentifierKind = 'postcode' | 'date' | 'date-of-birth';

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const PATTERNS: ReadonlyArray<[IdentifierKind, RegExp]> = [
  ['postcode', /\b[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][ABD-HJLNP-UW-Z]{2}\b/],
  ['date', /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/],
  ['date', /\b\d{4}-\d{2}-\d{2}\b/],
  ['date', new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? (?:${MONTHS}) \\d{4}\\b`, 'i')],
  ['date-of-birth', /\b(?:d\.?o\.?b\.?|date of birth|born on)\b/i],
];

/** The kinds of identifying detail found in free text (empty when it looks safe to share). */
export function findIdentifiers(text: string): IdentifierKind[] {
  return PATTERNS.filter(([, re]) => re.test(text)).map(([kind]) => kind);
}

/** A plain-English instruction for the first identifier found, for a form error. */
export function identifierMessage(kinds: readonly IdentifierKind[], what: string): string | undefined {
  if (kinds.includes('postcode')) {
    return `Remove the full postcode from ${what}; use a postcode sector such as UB3 1 in the location questions`;
  }
  if (kinds.includes('date-of-birth') || kinds.includes('date')) {
    return `Remove dates from ${what}, so that no date of birth is shared; describe ages in years and times in weeks or months`;
  }
  return undefined;
}
