/**
 * A provider updates what it keeps about one of its homes: ages, sexes, registered places, needs
 * supported and excluded, solo, adaptations, pets, deprivation of liberty, and (for a home not yet
 * registered with Ofsted) whether it is listed. Checked field by field; nothing is written if any
 * field is wrong.
 */
import { contractBedsOfHome, findHome, updateProfile } from '../../db/queries/directory.ts';
import type { Executor, Tenant } from '../../db/tenant.ts';
import { NEED_CODES, SEXES } from '../../domain/shared/codes.ts';
import { DomainError, type FieldError, throwIfInvalid } from '../../domain/shared/errors.ts';

export interface ProfileForm {
  ageMin: string;
  ageMax: string;
  sexes: string[];
  registeredPlaces: string;
  needsSupported: string[];
  needsExcluded: string[];
  features: string[];
  listed?: string;
}

export const FEATURES = {
  offersSolo: 'Offers solo placements',
  adapted: 'Adapted for disabled children',
  petsOnSite: 'Has pets on site',
  acceptsDol: 'Accepts children under a deprivation of liberty order',
} as const;

const whole = (s: string, min: number, max: number) =>
  /^\d{1,3}$/.test(s.trim()) && Number(s) >= min && Number(s) <= max ? Number(s) : undefined;

export async function updateHomeProfile(
  db: Executor,
  tenant: Tenant,
  homeId: string,
  form: ProfileForm,
): Promise<void> {
  const home = await findHome(db, homeId);
  if (!home || home.providerOrgId !== tenant.orgId) throw new DomainError('not-found', 'No such home');
  const errors: FieldError[] = [];
  const ageMin = whole(form.ageMin, 0, 25);
  const ageMax = whole(form.ageMax, 0, 25);
  if (ageMin === undefined) errors.push({ field: 'ageMin', message: 'Enter the youngest age, from 0 to 25' });
  if (ageMax === undefined) errors.push({ field: 'ageMax', message: 'Enter the oldest age, from 0 to 25' });
  if (ageMin !== undefined && ageMax !== undefined && ageMin > ageMax)
    errors.push({ field: 'ageMax', message: 'The oldest age must be the same as or more than the youngest' });
  const sexes = form.sexes.filter((s) => Object.hasOwn(SEXES, s));
  if (sexes.length === 0 || sexes.length !== form.sexes.length)
    errors.push({ field: 'sexes', message: 'Select the sexes the home cares for' });
  const places = whole(form.registeredPlaces, 0, 50);
  if (places === undefined)
    errors.push({ field: 'registeredPlaces', message: 'Enter the registered places, from 0 to 50' });
  const known = (list: string[], field: string) => {
    const bad = list.filter((n) => !(NEED_CODES as string[]).includes(n));
    if (bad.length) errors.push({ field, message: `Unknown needs: ${bad.join(', ')}` });
    return list.filter((n) => (NEED_CODES as string[]).includes(n));
  };
  const supported = known(form.needsSupported, 'needsSupported');
  const excluded = known(form.needsExcluded, 'needsExcluded');
  const both = supported.filter((n) => excluded.includes(n));
  if (both.length)
    errors.push({ field: 'needsExcluded', message: 'A need cannot be both supported and excluded' });
  let listed: boolean | undefined;
  if (home.urn === null && form.listed !== undefined) {
    if (form.listed !== 'yes' && form.listed !== 'no')
      errors.push({ field: 'listed', message: 'Say whether to list the home' });
    else listed = form.listed === 'yes';
    if (listed === false && home.listed && (await contractBedsOfHome(db, homeId)) > 0)
      errors.push({ field: 'listed', message: 'The home has beds in a contract, so it stays listed' });
  }
  throwIfInvalid(errors, 'The profile has errors');
  await updateProfile(db, homeId, tenant.orgId, {
    ageMin: ageMin!,
    ageMax: ageMax!,
    sexes,
    registeredPlaces: places!,
    needsSupported: supported,
    needsExcluded: excluded,
    offersSolo: form.features.includes('offersSolo'),
    adapted: form.features.includes('adapted'),
    petsOnSite: form.features.includes('petsOnSite'),
    acceptsDol: form.features.includes('acceptsDol'),
    ...(listed === undefined ? {} : { listed }),
  });
}
