/**
 * A targeted send: the placement officer picks homes (in the directory) and sends an existing,
 * submitted referral to them, at the `targeted` stage. The same rules as any routing apply: a home
 * whose registration or statement of purpose rules the child out is not sent the referral (the
 * reasons are returned), a bed held for a block's partners waits, and the cap on providers holds
 * over every stage. Homes already sent this referral, and ids that are not open homes, are refused
 * with a reason. Runs in the caller's transaction (`withTenant`); the caller is the referring LA.
 *
 *   sendToHomes(trx, tenant, { referralId, homeIds, now }) →
 *     { referralId, sent: [{ recipientId, homeId, homeName, providerName, score, max, respondBy }],
 *       refused: [{ homeId, homeName, reasons }], held: [{ homeId, homeName, message }],
 *       overCap: [{ homeId, homeName }] }
 */

import { appendAudit } from '../../db/queries/audit.ts';
import { requireOrganisation } from '../../db/queries/organisations.ts';
import {
  domainReferral,
  findReferral,
  LIVE_REFERRAL_STATUSES,
  recipientsOf,
} from '../../db/queries/referrals.ts';
import { findChildRef, findHomeName } from '../../db/queries/referrals-offers.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { type Instant, londonDay, normaliseInstant } from '../../domain/referrals/instant.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { candidatesFor, type RoutedHome, routeAtStage } from './route-referral.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The most homes one targeted send may name (the provider cap still applies within it). */
export const MAX_TARGETED_HOMES = 50;

export interface SendToHomesInput {
  referralId: string;
  homeIds: readonly string[];
  /** The moment of sending (deadlines run from it). */
  now: Instant | Date;
  /** The LA's calendar day; defaults to `now`'s day in England. */
  today?: LocalDate;
}

export interface SendToHomesResult {
  referralId: string;
  sent: RoutedHome[];
  refused: Array<{ homeId: string; homeName: string; reasons: string[] }>;
  held: Array<{ homeId: string; homeName: string; message: string }>;
  overCap: Array<{ homeId: string; homeName: string }>;
}

export async function sendToHomes(
  trx: Tx,
  tenant: Tenant,
  input: SendToHomesInput,
): Promise<SendToHomesResult> {
  const now = normaliseInstant(input.now instanceof Date ? input.now.toISOString() : input.now);
  const today = input.today ?? londonDay(now);
  const ids = [...new Set(input.homeIds)];
  if (ids.length === 0) {
    throw new DomainError('validation', 'Choose at least one home', [
      { field: 'homeIds', message: 'Choose at least one home' },
    ]);
  }
  if (ids.length > MAX_TARGETED_HOMES) {
    const message = `Choose at most ${MAX_TARGETED_HOMES} homes at a time`;
    throw new DomainError('validation', message, [{ field: 'homeIds', message }]);
  }
  const row = UUID.test(input.referralId)
    ? await findReferral(trx, input.referralId, { lock: true })
    : undefined;
  if (!row || row.org_id !== tenant.orgId) throw new DomainError('not-found', 'No such referral');
  if (!(LIVE_REFERRAL_STATUSES as readonly string[]).includes(row.status)) {
    throw new DomainError('conflict', 'Only a referral that is still searching can be sent to more homes');
  }
  const la = await requireOrganisation(trx, tenant.orgId);
  const child = await findChildRef(trx, row.child_id);
  const referral = domainReferral(row, { laCode: la.laCode ?? '', childRef: child?.child_ref });

  const already = new Set((await recipientsOf(trx, row.id)).map((r) => r.home_id));
  const valid = ids.filter((id) => UUID.test(id));
  const set = await candidatesFor(trx, tenant, today, { homeIds: valid.filter((id) => !already.has(id)) });
  const refused: SendToHomesResult['refused'] = [];
  for (const id of ids) {
    if (already.has(id)) {
      const name = await findHomeName(trx, id);
      refused.push({
        homeId: id,
        homeName: name ?? 'A home',
        reasons: ['This referral has already been sent to this home.'],
      });
    } else if (!set.homes.has(id)) {
      refused.push({
        homeId: id,
        homeName: 'Unknown home',
        reasons: ['There is no open home with this id.'],
      });
    }
  }
  const routing = await routeAtStage(trx, tenant, {
    row,
    referral,
    laName: la.name,
    stage: 'targeted',
    set,
    now,
    today,
  });
  await appendAudit(trx, tenant, [
    {
      action: 'update',
      entityType: 'referral',
      entityId: row.id,
      detail: {
        sentToHomes: routing.sent.map((s) => s.homeId),
        refused: refused.length + routing.refused.length,
      },
    },
  ]);
  return {
    referralId: row.id,
    sent: routing.sent,
    refused: [
      ...routing.refused.map(({ homeId, homeName, reasons }) => ({ homeId, homeName, reasons })),
      ...refused,
    ],
    held: routing.held,
    overCap: routing.overCap,
  };
}
