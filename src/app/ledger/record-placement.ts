/**
 * Recording a placement: the placement row (the placing LA's record, with its costs and the
 * resident profile the provider may see) and its bed-ledger interval, in one transaction. Two
 * writers cannot double-book a bed: the ledger's exclusion constraint refuses the second, whatever
 * the timing, on PGlite and PostgreSQL alike (test/db/ledger.test.ts, test/db/concurrency.test.ts).
 */

import { appendAudit } from '../../db/queries/audit.ts';
import {
  contractBlockingBedOn,
  findBed,
  findChildToPlace,
  findContractKind,
  getHomeToPlaceIn,
  insertPlacement,
  insertPlacementInterval,
  intervalsOverlapping,
} from '../../db/queries/ledger.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { milesBetween } from '../../domain/directory/geo.ts';
import { isCode, NEED_SEGMENTS, type NeedSegment, RISKS, type RiskCode } from '../../domain/shared/codes.ts';
import { ageOn, isLocalDate, type LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { needSegmentOf } from '../../domain/shared/need-segment.ts';
import { locatePostcode } from '../../reference/lookups.ts';
import { referenceData } from '../../reference/reference-data.ts';

export type Route = 'block' | 'framework' | 'spot' | 'in-house';

export interface WeeklyCosts {
  core: number;
  education?: number;
  health?: number;
  therapy?: number;
  transport?: number;
  additional?: number;
  other?: number;
}

export interface NewPlacement {
  childId: string;
  bedId: string;
  startDate: LocalDate;
  route?: Route;
  /** The contract the bed is blocked under; found from the bed when omitted. */
  contractId?: string | null;
  urgency?: string | null;
  needSegment?: NeedSegment;
  costs: WeeklyCosts;
}

/** Records a placement for a child of the caller's LA; returns the placement id. */
export async function recordPlacement(trx: Tx, tenant: Tenant, input: NewPlacement): Promise<string> {
  const errors: FieldError[] = [];
  if (!isLocalDate(input.startDate)) errors.push({ field: 'startDate', message: 'Enter a real start date' });
  if (!Number.isSafeInteger(input.costs.core) || input.costs.core <= 0) {
    errors.push({ field: 'costs.core', message: 'Enter the core weekly cost in pence, more than 0' });
  }
  for (const [k, v] of Object.entries(input.costs)) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
      errors.push({ field: `costs.${k}`, message: 'Enter a weekly amount in whole pence, 0 or more' });
    }
  }
  if (input.needSegment !== undefined && !isCode(NEED_SEGMENTS, input.needSegment)) {
    errors.push({ field: 'needSegment', message: `Choose one of ${Object.keys(NEED_SEGMENTS).join(', ')}` });
  }
  throwIfInvalid(errors, 'Cannot record the placement');

  const child = await findChildToPlace(trx, input.childId);
  if (!child)
    throw new DomainError('not-found', 'No such child', [{ field: 'childId', message: 'No such child' }]);
  const bed = await findBed(trx, input.bedId);
  if (!bed) throw new DomainError('not-found', 'No such bed', [{ field: 'bedId', message: 'No such bed' }]);
  const home = await getHomeToPlaceIn(trx, bed.homeId);
  if (home.status !== 'active') {
    throw new DomainError('unprocessable', 'The home is not open', [
      { field: 'bedId', message: 'The home is not open' },
    ]);
  }

  const busy = await intervalsOverlapping(trx, bed.id, input.startDate);
  if (busy.length > 0) {
    const b = busy[0]!;
    throw new DomainError(
      'bed-unavailable',
      `${bed.label} is not free from ${input.startDate}: it is ${describe(b.kind)} from ${b.from}${b.to ? ` to ${b.to}` : ''}`,
      [{ field: 'bedId', message: `${bed.label} is not free from ${input.startDate}` }],
    );
  }

  const contract =
    input.contractId === undefined
      ? await contractBlockingBedOn(trx, bed.id, input.startDate)
      : input.contractId
        ? await findContractKind(trx, input.contractId)
        : undefined;
  const route: Route =
    input.route ??
    (contract
      ? contract.kind === 'framework'
        ? 'framework'
        : contract.kind === 'spot'
          ? 'spot'
          : 'block'
      : 'spot');
  const risks = child.risks.filter((r): r is RiskCode => isCode(RISKS, r));
  const segment = input.needSegment ?? needSegmentOf(child.primary_need, risks);
  // DfE straight-line distance from the family's postcode sector to the home, when both are known.
  const family = child.home_postcode_sector
    ? locatePostcode(referenceData(), child.home_postcode_sector)
    : undefined;
  const distance =
    family && home.easting !== null && home.northing !== null
      ? milesBetween(family.point, { easting: home.easting, northing: home.northing }).toFixed(1)
      : null;

  const placementId = await insertPlacement(trx, {
    org_id: tenant.orgId,
    region_code: tenant.regionCode,
    child_id: child.id,
    provider_org_id: home.org_id,
    home_id: home.id,
    bed_id: bed.id,
    contract_id: contract?.id ?? null,
    route,
    start_date: input.startDate,
    urgency: input.urgency ?? null,
    need_segment: segment,
    age_at_start: ageOn(child.born_in, input.startDate),
    sex: child.sex,
    primary_need: child.primary_need,
    risks,
    distance_miles: distance,
    core_weekly_pence: input.costs.core,
    education_weekly_pence: input.costs.education ?? 0,
    health_weekly_pence: input.costs.health ?? 0,
    therapy_weekly_pence: input.costs.therapy ?? 0,
    transport_weekly_pence: input.costs.transport ?? 0,
    additional_weekly_pence: input.costs.additional ?? 0,
    other_weekly_pence: input.costs.other ?? 0,
  });
  await insertPlacementInterval(trx, {
    org_id: bed.orgId,
    bed_id: bed.id,
    bed_seq: bed.seq,
    kind: 'placement',
    placement_id: placementId,
    from_date: input.startDate,
    to_date: null,
    placing_org_id: tenant.orgId,
    need_segment: segment,
    distance_miles: distance,
    created_by: tenant.userId,
  });
  await appendAudit(trx, tenant, [
    {
      action: 'create',
      entityType: 'placement',
      entityId: placementId,
      detail: { childId: child.id, bedId: bed.id },
    },
  ]);
  return placementId;
}

function describe(kind: string): string {
  return kind === 'placement' ? 'occupied' : kind === 'decommissioned' ? 'decommissioned' : 'unavailable';
}
