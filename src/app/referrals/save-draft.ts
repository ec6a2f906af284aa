/**
 * Drafts between the question pages: each page's answers are checked on their own and, only if
 * they pass, saved to the LA's draft (a refused page writes nothing). Drafts hold child-level
 * answers, so creating, changing and reading one is audited.
 */
import { appendAudit } from '../../db/queries/audit.ts';
import {
  deleteReferralDraft,
  findReferralDraft,
  insertReferralDraft,
  listReferralDrafts,
  updateReferralDraftAnswers,
} from '../../db/queries/referrals-intake.ts';
import type { Tenant, Tx } from '../../db/tenant.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, throwIfInvalid } from '../../domain/shared/errors.ts';
import { type Answers, checkPage, type ReferralPage } from './answers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createDraft(
  trx: Tx,
  tenant: Tenant,
  answers: Answers = {},
  source: 'form' | 'import' = 'form',
) {
  if (tenant.orgKind !== 'local-authority')
    throw new DomainError('forbidden', 'Only a local authority can make a referral');
  const id = await insertReferralDraft(trx, {
    org_id: tenant.orgId,
    created_by: tenant.userId,
    answers: JSON.stringify(answers),
    source,
    updated_at: new Date(),
  });
  await appendAudit(trx, tenant, [{ action: 'create', entityType: 'referral-draft', entityId: id }]);
  return id;
}

/** The draft's answers (audited), or not-found for a draft of another organisation. */
export async function readDraft(trx: Tx, tenant: Tenant, draftId: string, opts: { audit?: boolean } = {}) {
  const row = UUID.test(draftId) ? await findReferralDraft(trx, draftId) : undefined;
  if (!row || row.org_id !== tenant.orgId) throw new DomainError('not-found', 'No such draft');
  if (opts.audit !== false)
    await appendAudit(trx, tenant, [{ action: 'read', entityType: 'referral-draft', entityId: row.id }]);
  return { id: row.id, answers: row.answers as Answers, source: row.source, updatedAt: row.updated_at };
}

/** Checks one page and saves it; throws `validation` naming each field (and writes nothing) when it fails. */
export async function saveDraftPage(
  trx: Tx,
  tenant: Tenant,
  input: { draftId: string; page: ReferralPage; posted: Answers; today: LocalDate },
) {
  const draft = await readDraft(trx, tenant, input.draftId, { audit: false });
  throwIfInvalid(
    checkPage(input.page, draft.answers, input.posted, input.today),
    `${input.page.title}: there is a problem`,
  );
  const answers = { ...draft.answers, ...input.posted, [`_page_${input.page.slug}`]: 'done' };
  await updateReferralDraftAnswers(trx, draft.id, {
    answers: JSON.stringify(answers),
    updatedAt: new Date(),
  });
  await appendAudit(trx, tenant, [
    { action: 'update', entityType: 'referral-draft', entityId: draft.id, detail: { page: input.page.slug } },
  ]);
  return answers;
}

export async function deleteDraft(trx: Tx, tenant: Tenant, draftId: string) {
  const draft = await readDraft(trx, tenant, draftId, { audit: false });
  await deleteReferralDraft(trx, draft.id);
  await appendAudit(trx, tenant, [{ action: 'delete', entityType: 'referral-draft', entityId: draft.id }]);
}

export async function listDrafts(trx: Tx, tenant: Tenant) {
  const rows = await listReferralDrafts(trx, tenant.orgId);
  return rows.map((r) => ({
    id: r.id,
    childRef:
      typeof (r.answers as Answers).childRef === 'string' ? ((r.answers as Answers).childRef as string) : '',
    source: r.source,
    updatedAt: r.updatedAt,
  }));
}
