/**
 * A provider states which blocks, frameworks and dynamic purchasing systems a home is in, and the
 * LAs each serves (empty: any LA). Blocks and frameworks run on this platform appear by
 * themselves (from contracts); these are the others. They replace the home's list.
 */
import { findHome, replaceMemberships } from '../../db/queries/directory.ts';
import type { MembershipKindCode } from '../../db/tables/directory.ts';
import type { Executor, Tenant } from '../../db/tenant.ts';
import { MEMBERSHIP_KINDS } from '../../domain/directory/listing.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { laByName } from '../../reference/lookups.ts';
import type { ReferenceData } from '../../reference/reference-data.ts';
import { readDay } from './set-home-prices.ts';

export interface MembershipRow {
  kind: string;
  name: string;
  las: string;
  from: string;
  to: string;
}

export async function setHomeMemberships(
  db: Executor,
  tenant: Tenant,
  homeId: string,
  rows: readonly MembershipRow[],
  ref: ReferenceData,
): Promise<number> {
  const home = await findHome(db, homeId);
  if (!home || home.providerOrgId !== tenant.orgId) throw new DomainError('not-found', 'No such home');
  const errors: FieldError[] = [];
  const out: {
    kind: MembershipKindCode;
    name: string;
    laCodes: string[];
    fromDate: LocalDate | null;
    toDate: LocalDate | null;
  }[] = [];
  rows.forEach((r, i) => {
    const n = i + 1;
    if (!r.kind && !r.name.trim() && !r.las.trim() && !r.from.trim() && !r.to.trim()) return;
    const name = r.name.trim();
    if (!Object.hasOwn(MEMBERSHIP_KINDS, r.kind))
      errors.push({ field: `kind${n}`, message: 'Choose block, framework or DPS' });
    if (!name || name.length > 200)
      errors.push({ field: `name${n}`, message: 'Enter the name of the block, framework or DPS' });
    const laCodes: string[] = [];
    for (const part of r.las
      .split(/[,;\n]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const code = ref.las.has(part) ? part : laByName(ref, part)?.la.dfeCode;
      if (code && ref.las.has(code)) laCodes.push(code);
      else errors.push({ field: `las${n}`, message: `"${part}" is not a local authority in England` });
    }
    const from = r.from.trim() ? readDay(r.from) : null;
    const to = r.to.trim() ? readDay(r.to) : null;
    if (from === undefined)
      errors.push({ field: `from${n}`, message: 'Enter a real start date, like 1/4/2025' });
    if (to === undefined) errors.push({ field: `to${n}`, message: 'Enter a real end date, like 31/3/2028' });
    if (from && to && to <= from)
      errors.push({ field: `to${n}`, message: 'The end must be after the start' });
    out.push({
      kind: r.kind as MembershipKindCode,
      name,
      laCodes: [...new Set(laCodes)],
      fromDate: from ?? null,
      toDate: to ?? null,
    });
  });
  throwIfInvalid(errors, 'The blocks and frameworks have errors');
  await replaceMemberships(db, tenant, homeId, out);
  return out.length;
}
