/**
 * A provider confirms how many beds a home has free now. The figure and the day are what the
 * directory shows (stale after a set number of days), with who confirmed it.
 */
import { findHome, insertAvailability } from '../../db/queries/directory.ts';
import type { Executor, Tenant } from '../../db/tenant.ts';
import type { LocalDate } from '../../domain/shared/dates.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';

export async function confirmAvailability(
  db: Executor,
  tenant: Tenant,
  homeId: string,
  form: { vacancies: string; note: string },
  today: LocalDate,
): Promise<number> {
  const home = await findHome(db, homeId);
  if (!home || home.providerOrgId !== tenant.orgId) throw new DomainError('not-found', 'No such home');
  const errors: FieldError[] = [];
  const text = form.vacancies.trim();
  const vacancies = /^\d{1,3}$/.test(text) ? Number(text) : undefined;
  const most = Math.max(home.registeredPlaces, 1);
  if (vacancies === undefined)
    errors.push({ field: 'vacancies', message: 'Enter the number of free beds, like 0, 1 or 2' });
  else if (vacancies > most)
    errors.push({
      field: 'vacancies',
      message: `The home is registered for ${home.registeredPlaces} places; enter ${most} or fewer`,
    });
  const note = form.note.trim();
  if (note.length > 500) errors.push({ field: 'note', message: 'The note must be 500 characters or fewer' });
  throwIfInvalid(errors, 'The availability has errors');
  await insertAvailability(db, tenant, {
    homeId,
    vacancies: vacancies!,
    confirmedOn: today,
    note: note || null,
  });
  return vacancies!;
}
