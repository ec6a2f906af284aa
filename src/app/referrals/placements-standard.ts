/**
 * Referrals and agreed placements in the Placements Data Standard's spreadsheet layout, so an LA
 * can share its data with its region as the standard intends.
 *
 * Import (all or nothing): the file is read by the standard's importer (every bad row refused with
 * its row and column); then each row becomes what the standard records:
 * - a row with an agreed placement: an ended referral for the child (closed with the outcome the
 *   placement implies: unregistered, a block bed, a framework call-off or a spot purchase), with
 *   the placement agreed (type, outward postcode, provider URN, weekly cost) and its outcome record
 *   for sought vs secured. The child must already be one of the LA's children (the file has no sex
 *   or month of birth); no bed-ledger placement is made, since the file names no bed;
 * - a row with no placement yet: a draft referral with the standard's answers filled in, for the
 *   officer to complete (age, sex, need, pen portrait) and send.
 * Rows already recorded (the same child and referral date) are skipped, so a file imports once.
 * The pages and the API run it as a job (`pds-import-job.ts`): the file is checked outside any
 * transaction, then `applyPdsRecords` writes it in the job's completing transaction, looking
 * everything up once for the whole file and writing a few hundred rows a statement.
 *
 * Export: the LA's sent referrals with their agreed placements (from the bed ledger's placement
 * or an imported agreement), audited as an export of child-level data.
 */

import type { Insertable } from 'kysely';
import { appendAudit } from '../../db/queries/audit.ts';
import { requireOrganisation } from '../../db/queries/organisations.ts';
import { domainReferral, referralState } from '../../db/queries/referrals.ts';
import {
  childrenByRef,
  contractsOfHomes,
  highestReferenceNumber,
  homesByUrn,
  insertOutcomeRecords,
  insertReferralDrafts,
  insertReferrals,
  lockReferenceNumbering,
  referralDaysOfChildren,
  referralDraftKeys,
  referralsForPdsExport,
} from '../../db/queries/referrals-intake.ts';
import type { ReferralTable } from '../../db/schema.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import { londonDay } from '../../domain/referrals/instant.ts';
import { outcomeRecord } from '../../domain/referrals/outcome.ts';
import type { AgreedPlacement, PdsRecord, PlacementCost } from '../../domain/referrals/pds-record.ts';
import { pdsRecordFromReferral } from '../../domain/referrals/pds-record.ts';
import type { ChildProfile, PlacementRequirements } from '../../domain/referrals/profile.ts';
import type { ReferralOutcome } from '../../domain/shared/codes.ts';
import { ageOn } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError } from '../../domain/shared/errors.ts';
import { importPlacementsStandard } from '../../importers/placements-standard/index.ts';
import type { Answers } from './answers.ts';
import { outcomeColumns } from './record-outcome.ts';

export interface PdsImportSummary {
  /** Ended referrals recorded with their agreed placement. */
  placed: number;
  /** Referrals with no placement yet, saved as drafts to complete and send. */
  drafts: number;
  /** Rows already recorded. */
  skipped: number;
  warnings: FieldError[];
}

/** What an imported agreement keeps beyond the placement type and start (for the export). */
interface ImportedAgreement {
  pds: AgreedPlacement;
  cost?: PlacementCost;
  qa: PdsRecord['qa'];
}

const yes = (b: boolean | undefined) => (b === undefined ? undefined : b ? 'yes' : 'no');

/** The question-page answers a PDS row gives (the rest are asked when the officer completes it). */
function draftAnswers(r: PdsRecord, child: ChildRow | undefined): Answers {
  const a: Record<string, string | string[] | undefined> = {
    childRef: r.childRef,
    neededBy: r.neededBy,
    siblingCount: String(r.siblingCount),
    isPreferredLocationLocal: yes(r.isPreferredLocationLocal),
    outOfLaReason: r.outOfLaReason,
    communicationNeeds: r.communicationNeeds,
    communicationRequirements: [...r.communicationRequirements],
    homeAdaptationRequired: yes(r.homeAdaptationRequired),
    culturalNeeds: r.culturalNeeds,
    livingCompanions: r.livingCompanions,
    pets: r.pets,
    additionalSupport: [...r.additionalSupport],
    additionalSupportOther: r.additionalSupportOther,
    deprivationOfLiberty: yes(r.deprivationOfLiberty),
    fosterSuitability: r.suitability.foster,
    residentialSuitability: r.suitability.residential,
    supportedAccommodationSuitability: r.suitability['supported-accommodation'],
    risks: [...r.risks],
    ...(child
      ? {
          sex: child.sex,
          primaryNeed: child.primary_need,
          'bornIn-month': String(Number(child.born_in.slice(5, 7))),
          'bornIn-year': child.born_in.slice(0, 4),
          familyPostcodeSector: child.home_postcode_sector ?? undefined,
          legalStatus: child.legal_status ?? undefined,
        }
      : {}),
  };
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Answers;
}

type ChildRow = {
  id: string;
  child_ref: string;
  sex: 'male' | 'female';
  born_in: string;
  primary_need: string;
  home_postcode_sector: string | null;
  legal_status: string | null;
};

/** Rows written per statement: a few hundred rows a statement, well under PostgreSQL's 65,535 parameters. */
const BATCH = 500;

function chunks<T>(list: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

type ContractKind = 'soft-block' | 'hard-block' | 'framework' | string;

/**
 * What the LA's agreed placements imply, looked up once for the whole file: the homes by URN and
 * the contracts covering their beds (whatever the LA may see under row-level security).
 */
async function outcomeFinder(trx: Tx, urns: readonly string[]) {
  const homes = new Map<string, string>();
  const contracts = new Map<string, { kind: ContractKind; start: string; end: string }[]>();
  if (urns.length > 0) {
    for (const h of await homesByUrn(trx, urns)) {
      if (h.urn && !homes.has(h.urn)) homes.set(h.urn, h.id);
    }
  }
  const homeIds = [...new Set(homes.values())];
  if (homeIds.length > 0) {
    for (const c of await contractsOfHomes(trx, homeIds)) {
      contracts.set(c.homeId, [
        ...(contracts.get(c.homeId) ?? []),
        { kind: c.kind, start: c.start, end: c.end },
      ]);
    }
  }
  /** The outcome of one agreed placement starting `on`: its home's contract then, else a spot purchase. */
  return (p: AgreedPlacement, on: string): { outcome: ReferralOutcome; homeId: string | null } => {
    if (p.unregistered || !p.providerUrn) return { outcome: 'placed-unregistered', homeId: null };
    const homeId = homes.get(p.providerUrn);
    if (!homeId) return { outcome: 'placed-spot', homeId: null };
    const kind = (contracts.get(homeId) ?? []).find((c) => c.start <= on && c.end > on)?.kind;
    const outcome: ReferralOutcome =
      kind === 'soft-block' || kind === 'hard-block'
        ? 'placed-block'
        : kind === 'framework'
          ? 'placed-framework'
          : 'placed-spot';
    return { outcome, homeId };
  };
}

async function nextReference(trx: Tx, tenant: Tenant, laName: string): Promise<() => string> {
  await lockReferenceNumbering(trx, tenant.orgId);
  const prefix = `${
    laName
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 3)
      .toUpperCase() || 'REF'
  }-R`;
  let n = (await highestReferenceNumber(trx, tenant.orgId, prefix)) ?? 0;
  return () => `${prefix}${String(++n).padStart(3, '0')}`;
}

/** A checked file's records, as the importer returns them. */
export interface PdsRecords {
  records: readonly PdsRecord[];
  warnings: FieldError[];
}

export type PdsApplyOutcome = { ok: true; summary: PdsImportSummary } | { ok: false; errors: FieldError[] };

/**
 * Writes a checked file's records in the caller's transaction (the job's completion), or refuses
 * them before writing anything when a placed child is not one of the LA's. Everything is looked up
 * once for the whole file and written a few hundred rows a statement; `onProgress` is told after
 * each batch (it may throw to stop, and the transaction then rolls back).
 */
export async function applyPdsRecords(
  trx: Tx,
  tenant: Tenant,
  file: PdsRecords,
  onProgress: (fraction: number, message: string) => void = () => {},
): Promise<PdsApplyOutcome> {
  if (tenant.orgKind !== 'local-authority')
    throw new DomainError('forbidden', 'Only a local authority imports referrals');
  const refs = [...new Set(file.records.map((r) => r.childRef))];
  const children = new Map<string, ChildRow>(
    (refs.length ? await childrenByRef(trx, tenant.orgId, refs) : []).map((c) => [c.child_ref, c]),
  );
  const errors: FieldError[] = [];
  for (const r of file.records) {
    if (r.placement && !children.has(r.childRef)) {
      errors.push({
        record: `child_ID ${r.childRef}`,
        field: 'child_ID',
        message: `${r.childRef} is not one of your children in Sufficiency, so its placement cannot be recorded: make a referral for the child first, or leave the placement columns blank to import the referral as a draft`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const la = await requireOrganisation(trx, tenant.orgId);
  const reference = await nextReference(trx, tenant, la.name);
  const summary: PdsImportSummary = { placed: 0, drafts: 0, skipped: 0, warnings: file.warnings };

  // Already recorded: a referral for the child made on the row's referral date, or a draft
  // imported for the same child and date.
  const childIds = [...children.values()].map((c) => c.id);
  const recorded = new Set(
    (childIds.length ? await referralDaysOfChildren(trx, childIds) : []).map((r) => `${r.childId}|${r.day}`),
  );
  const existingDrafts = new Set(
    (await referralDraftKeys(trx, tenant.orgId)).map((d) => `${d.childRef ?? ''}|${d.day ?? ''}`),
  );
  const outcomeOf = await outcomeFinder(trx, [
    ...new Set(file.records.flatMap((r) => (r.placement?.providerUrn ? [r.placement.providerUrn] : []))),
  ]);

  const drafts: Answers[] = [];
  const referrals: Insertable<ReferralTable>[] = [];
  for (const r of file.records) {
    const child = children.get(r.childRef);
    const referralDate = r.qa.referralDate;
    if (child && recorded.has(`${child.id}|${referralDate}`)) {
      summary.skipped++;
      continue;
    }
    if (!r.placement) {
      if (existingDrafts.has(`${r.childRef}|${referralDate}`)) {
        summary.skipped++;
        continue;
      }
      drafts.push({ ...draftAnswers(r, child), _referralDate: referralDate });
      continue;
    }
    const c = child!;
    const startOn = r.qa.placementDate ?? referralDate;
    const { outcome, homeId } = outcomeOf(r.placement, startOn);
    const requirements: PlacementRequirements = {
      neededBy: r.neededBy,
      latestStart: referralDate,
      siblingCount: r.siblingCount,
      isPreferredLocationLocal: r.isPreferredLocationLocal,
      ...(r.outOfLaReason ? { outOfLaReason: r.outOfLaReason } : {}),
      ...(c.home_postcode_sector ? { familyPostcodeSector: c.home_postcode_sector } : {}),
      keepSchool: false,
      communicationNeeds: r.communicationNeeds,
      communicationRequirements: r.communicationRequirements,
      homeAdaptationRequired: r.homeAdaptationRequired ?? false,
      culturalNeeds: r.culturalNeeds,
      livingCompanions: r.livingCompanions,
      pets: r.pets,
      additionalSupport: r.additionalSupport,
      ...(r.additionalSupportOther ? { additionalSupportOther: r.additionalSupportOther } : {}),
      deprivationOfLiberty: r.deprivationOfLiberty ?? false,
      suitability: r.suitability,
      penPortrait: '',
    };
    const profile: Omit<ChildProfile, 'childRef'> = {
      ageYears: Math.max(0, ageOn(c.born_in, referralDate)),
      sex: c.sex,
      primaryNeed: c.primary_need as ChildProfile['primaryNeed'],
      risks: r.risks,
    };
    const agreement: ImportedAgreement = { pds: r.placement, ...(r.cost ? { cost: r.cost } : {}), qa: r.qa };
    const submittedAt = new Date(`${referralDate}T12:00:00Z`);
    const endedAt = new Date(`${startOn}T12:00:00Z`);
    referrals.push({
      org_id: tenant.orgId,
      child_id: c.id,
      reference: reference(),
      status: 'closed',
      needed_by: r.neededBy,
      latest_start: referralDate,
      profile: JSON.stringify(profile),
      requirements: JSON.stringify(requirements),
      pen_portrait: '',
      outcome,
      outcome_on: startOn,
      created_by: tenant.userId,
      created_at: submittedAt,
      submitted_at: submittedAt,
      stage_started_at: submittedAt,
      ended_at: endedAt,
      imported: true,
      placement_made: JSON.stringify({
        placementType: r.placement.placementType,
        startOn,
        homeId,
        vacancyId: null,
        recipientId: null,
        imported: agreement,
      }),
    });
  }

  const total = drafts.length + referrals.length;
  let written = 0;
  const tell = () => onProgress(total === 0 ? 1 : written / total, `${written} of ${total} rows written`);
  const now = new Date();
  for (const batch of chunks(drafts)) {
    const rows = await insertReferralDrafts(
      trx,
      batch.map((answers) => ({
        org_id: tenant.orgId,
        created_by: tenant.userId,
        answers: JSON.stringify(answers),
        source: 'import' as const,
        updated_at: now,
      })),
    );
    await appendAudit(
      trx,
      tenant,
      rows.map((d) => ({ action: 'create' as const, entityType: 'referral-draft', entityId: d.id })),
    );
    summary.drafts += rows.length;
    written += rows.length;
    tell();
  }
  for (const batch of chunks(referrals)) {
    const rows = await insertReferrals(trx, batch);
    // Sought vs secured: the outcome record of each (an imported referral has no copies at homes).
    await insertOutcomeRecords(
      trx,
      rows.map((row) =>
        outcomeColumns(
          outcomeRecord(domainReferral(row, { laCode: la.laCode ?? '' }), referralState(row), []),
          row.org_id,
          la.regionCode,
        ),
      ),
    );
    await appendAudit(
      trx,
      tenant,
      rows.map((row) => ({
        action: 'create' as const,
        entityType: 'referral',
        entityId: row.id,
        detail: { childId: row.child_id, imported: 'placements-data-standard' },
      })),
    );
    summary.placed += rows.length;
    written += rows.length;
    tell();
  }
  await appendAudit(trx, tenant, [
    {
      action: 'create',
      entityType: 'referral-import',
      detail: {
        rows: file.records.length,
        placed: summary.placed,
        drafts: summary.drafts,
        skipped: summary.skipped,
      },
    },
  ]);
  return { ok: true, summary };
}

/**
 * The whole import in the caller's transaction (parse, then write): for callers that hold the
 * file themselves. A refused file throws `validation` with every problem, and writes nothing.
 * The pages and the API run it as a job instead (`pds-import-job.ts`).
 */
export async function importPdsFile(
  trx: Tx,
  tenant: Tenant,
  input: { bytes: Buffer; today: string },
): Promise<PdsImportSummary> {
  if (tenant.orgKind !== 'local-authority')
    throw new DomainError('forbidden', 'Only a local authority imports referrals');
  const parsed = await importPlacementsStandard(input.bytes, { today: input.today });
  if (!parsed.ok)
    throw new DomainError('validation', 'The file was not imported: nothing in it was saved', parsed.errors);
  const done = await applyPdsRecords(trx, tenant, parsed);
  if (!done.ok)
    throw new DomainError('validation', 'The file was not imported: nothing in it was saved', done.errors);
  return done.summary;
}

/**
 * The LA's sent referrals as PDS records (with agreed placements), audited as an export. Officer
 * columns carry people's names only with `officerNames`; otherwise the role (the standard requires
 * an officer once a placement is recorded, and marks names as the LA's internal detail). Entry
 * dates are never after `today`.
 */
export async function exportPdsRecords(
  trx: Tx,
  tenant: Tenant,
  opts: { today: string; officerNames?: boolean },
): Promise<PdsRecord[]> {
  const officer = (name: string | null) => (opts.officerNames && name ? name : 'Placement officer');
  const notAfterToday = (d: string) => (d > opts.today ? opts.today : d);
  const rows = await referralsForPdsExport(trx, tenant.orgId);
  const records: PdsRecord[] = [];
  for (const r of rows) {
    const requirements = r.requirements as unknown as PlacementRequirements;
    const child = { ...(r.profile as object), childRef: r.childRef } as ChildProfile;
    const referralDate = notAfterToday(londonDay(r.createdAt.toISOString()));
    const imported = (r.placementMade as { imported?: ImportedAgreement } | null)?.imported;
    let placement: AgreedPlacement | undefined;
    let cost: PlacementCost | undefined;
    let qa: PdsRecord['qa'] = { referralDate, referralOfficer: officer(r.author) };
    if (r.homeType && r.district && r.startDate) {
      const near = r.distance === null ? undefined : Number(r.distance) <= 20;
      placement = {
        placementType: r.homeType,
        placementLocation: r.district,
        isLocationPreferred: near ?? requirements.isPreferredLocationLocal,
        isEducationContinuous: requirements.keepSchool ? (near ?? false) : true,
        providerUrn: r.urn,
        unregistered: false,
        siblingsPlacedTogether: requirements.siblingCount,
      };
      // Entered when the placement was recorded: never before the referral, nor after today.
      const recorded = notAfterToday(londonDay((r.placementEntered as Date).toISOString()));
      const entered = recorded < referralDate ? referralDate : recorded;
      cost = {
        totalWeekly: r.total ?? 0,
        coreWeekly: r.core ?? 0,
        educationWeekly: r.education ?? 0,
        additionalSupportWeekly: r.additional ?? 0,
        otherWeekly: (r.health ?? 0) + (r.therapy ?? 0) + (r.transport ?? 0) + (r.other ?? 0),
      };
      qa = {
        ...qa,
        placementDate: entered,
        costDate: entered,
        placementOfficer: officer(r.author),
        costOfficer: officer(r.author),
      };
    } else if (imported) {
      placement = imported.pds;
      cost = imported.cost;
      qa = opts.officerNames
        ? imported.qa
        : {
            ...imported.qa,
            referralOfficer: officer(null),
            ...(imported.qa.placementOfficer ? { placementOfficer: officer(null) } : {}),
            ...(imported.qa.costOfficer ? { costOfficer: officer(null) } : {}),
          };
    }
    records.push(
      pdsRecordFromReferral(
        {
          child,
          requirements: {
            ...requirements,
            communicationRequirements: requirements.communicationRequirements ?? ['none'],
          },
        },
        { qa, ...(placement ? { placement } : {}), ...(cost ? { cost } : {}) },
      ),
    );
  }
  await appendAudit(
    trx,
    tenant,
    rows.map((r) => ({
      action: 'export' as const,
      entityType: 'referral',
      entityId: r.id,
      detail: { format: 'placements-data-standard' },
    })),
  );
  return records;
}
