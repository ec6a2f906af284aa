import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormInput } from './form-values.ts';
import { parseReferralForm, REFERRAL_FORM_FIELDS } from './referral-form.ts';

const TODAY = '2026-03-02';

/** A complete, valid form as the GOV.UK pages would post it. */
function form(over: Record<string, string | string[] | undefined> = {}): FormInput {
  return {
    childRef: 'HIL-00421',
    ageYears: '14',
    sex: 'female',
    primaryNeed: 'ebd',
    risks: ['missing', 'sexual-exploitation'],
    neededBy: 'gt-5-days',
    'latestStart-day': '20',
    'latestStart-month': '3',
    'latestStart-year': '2026',
    siblingCount: '0',
    isPreferredLocationLocal: 'yes',
    familyPostcodeSector: 'ub3 1',
    schoolPostcodeSector: 'UB31',
    keepSchool: 'yes',
    communicationNeeds: 'no',
    communicationRequirements: ['none'],
    homeAdaptationRequired: 'no',
    culturalNeeds: 'not-required',
    livingCompanions: 'no-preference',
    pets: 'yes-can',
    deprivationOfLiberty: 'no',
    fosterSuitability: 'suitable-not-preferred',
    residentialSuitability: 'preferred',
    supportedAccommodationSuitability: 'unsuitable',
    penPortrait: 'Enjoys football; settles best with calm adults.',
    ...over,
  };
}

function errorsOf(over: Record<string, string | string[] | undefined>) {
  const r = parseReferralForm(form(over), TODAY);
  return r.ok ? [] : r.errors;
}

describe('referral form', () => {
  it('reads a complete form into a typed referral, normalising postcode sectors', () => {
    const r = parseReferralForm(form(), TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.child).toEqual({
      childRef: 'HIL-00421',
      ageYears: 14,
      sex: 'female',
      primaryNeed: 'ebd',
      risks: ['sexual-exploitation', 'missing'],
    });
    expect(r.value.requirements.latestStart).toBe('2026-03-20');
    expect(r.value.requirements.familyPostcodeSector).toBe('UB3 1');
    expect(r.value.requirements.schoolPostcodeSector).toBe('UB3 1');
    expect(r.value.requirements.suitability.residential).toBe('preferred');
  });

  it('accepts the same answers as JSON numbers and booleans', () => {
    const r = parseReferralForm(
      { ...form(), ageYears: 14, siblingCount: 0, keepSchool: true, deprivationOfLiberty: false },
      TODAY,
    );
    expect(r.ok && r.value.child.ageYears).toBe(14);
    expect(r.ok && r.value.requirements.keepSchool).toBe(true);
  });

  it('names every missing required field at once, in form order, using form field names', () => {
    const blank = Object.fromEntries(Object.keys(form()).map((k) => [k, undefined]));
    const r = parseReferralForm(blank, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.errors.map((e) => e.field);
    for (const f of fields) expect(Object.keys(REFERRAL_FORM_FIELDS)).toContain(f);
    expect(fields).toEqual([
      'childRef',
      'ageYears',
      'sex',
      'primaryNeed',
      'neededBy',
      'latestStart',
      'siblingCount',
      'isPreferredLocationLocal',
      'keepSchool',
      'communicationNeeds',
      'communicationRequirements',
      'homeAdaptationRequired',
      'culturalNeeds',
      'livingCompanions',
      'pets',
      'deprivationOfLiberty',
      'fosterSuitability',
      'residentialSuitability',
      'supportedAccommodationSuitability',
      'penPortrait',
    ]);
  });

  it.each([
    [{ sex: 'boy' }, 'sex'],
    [{ risks: ['missing', 'gangs'] }, 'risks'],
    [{ primaryNeed: 'autism' }, 'primaryNeed'],
    [{ pets: 'maybe' }, 'pets'],
    [{ legalStatus: 'Z9' }, 'legalStatus'],
    [{ keepSchool: 'perhaps' }, 'keepSchool'],
  ])('refuses unknown codes (%o)', (over, field) => {
    expect(errorsOf(over).map((e) => e.field)).toEqual([field]);
  });

  it.each([
    [{ 'latestStart-day': '31', 'latestStart-month': '2' }, 'must be a real date'],
    [{ 'latestStart-day': '1', 'latestStart-month': '3' }, 'today or in the future'],
    [{ 'latestStart-year': '2028' }, 'within a year'],
    [{ 'latestStart-year': undefined }, 'must include a year'],
    [{ neededBy: 'today' }, 'must be today'],
    [{ neededBy: 'lt-5-days' }, 'within 5 days'],
  ])('refuses impossible or contradictory dates (%o)', (over, message) => {
    const errors = errorsOf(over);
    expect(errors.map((e) => e.field)).toEqual(['latestStart']);
    expect(errors[0]?.message).toContain(message);
  });

  it('accepts a single date box in ISO or UK form', () => {
    const parts = {
      'latestStart-day': undefined,
      'latestStart-month': undefined,
      'latestStart-year': undefined,
    };
    expect(errorsOf({ ...parts, latestStart: '2026-03-20' })).toEqual([]);
    expect(errorsOf({ ...parts, latestStart: '20/03/2026' })).toEqual([]);
    expect(errorsOf({ ...parts, latestStart: '2026-3-20' }).map((e) => e.field)).toEqual(['latestStart']);
  });

  it('requires the free text whenever "Other" is chosen', () => {
    expect(errorsOf({ culturalNeeds: 'other' }).map((e) => e.field)).toEqual(['culturalNeedsOther']);
    expect(errorsOf({ additionalSupport: ['other'] }).map((e) => e.field)).toEqual([
      'additionalSupportOther',
    ]);
    expect(
      errorsOf({ communicationNeeds: 'yes', communicationRequirements: ['bsl', 'other'] }).map(
        (e) => e.field,
      ),
    ).toEqual(['communicationOther']);
    expect(errorsOf({ isPreferredLocationLocal: 'no', outOfLaReason: 'other' }).map((e) => e.field)).toEqual([
      'outOfLaReasonOther',
    ]);
    expect(errorsOf({ culturalNeeds: 'other', culturalNeedsOther: 'Weekly mosque attendance' })).toEqual([]);
  });

  it('asks why when the location is outside the LA, and drops the reason when it is local', () => {
    expect(errorsOf({ isPreferredLocationLocal: 'no' }).map((e) => e.field)).toEqual(['outOfLaReason']);
    const r = parseReferralForm(form({ outOfLaReason: 'safeguarding' }), TODAY);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.requirements).not.toHaveProperty('outOfLaReason');
  });

  it('checks postcode sectors and refuses full postcodes', () => {
    expect(errorsOf({ familyPostcodeSector: 'UB3 1AB' })[0]?.message).toContain('not the full postcode');
    expect(errorsOf({ familyPostcodeSector: 'Hayes' })[0]?.field).toBe('familyPostcodeSector');
    expect(errorsOf({ keepSchool: 'yes', schoolPostcodeSector: undefined })[0]?.field).toBe(
      'schoolPostcodeSector',
    );
  });

  it('keeps "None" and "NA" on their own and communication answers consistent', () => {
    expect(errorsOf({ communicationRequirements: ['none', 'bsl'] })[0]?.field).toBe(
      'communicationRequirements',
    );
    expect(errorsOf({ communicationRequirements: ['bsl'] })[0]?.message).toContain('no communication needs');
    expect(errorsOf({ additionalSupport: ['na', 'taxis-to-school'] })[0]?.field).toBe('additionalSupport');
  });

  it('refuses supported accommodation for under-16s and an all-unsuitable recommendation', () => {
    expect(errorsOf({ supportedAccommodationSuitability: 'suitable-not-preferred' })[0]?.field).toBe(
      'supportedAccommodationSuitability',
    );
    expect(errorsOf({ ageYears: '16', supportedAccommodationSuitability: 'preferred' })).toEqual([]);
    expect(
      errorsOf({ fosterSuitability: 'unsuitable', residentialSuitability: 'unsuitable' })[0]?.field,
    ).toBe('residentialSuitability');
  });

  it('keeps identifying details out of free text', () => {
    expect(errorsOf({ penPortrait: 'Born 12/05/2011, lives at UB3 1AB.' })[0]?.message).toContain('postcode');
    expect(errorsOf({ penPortrait: 'DOB known to the team.' })[0]?.message).toContain('date of birth');
    expect(errorsOf({ riskOther: 'Incident on 3 March 2025' })[0]?.field).toBe('riskOther');
    expect(errorsOf({ childRef: 'Jane Smith' })[0]?.field).toBe('childRef');
  });

  it('never accepts a form with any answer outside its code list (property)', () => {
    const fields = ['sex', 'primaryNeed', 'neededBy', 'pets', 'livingCompanions', 'culturalNeeds'];
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !/^[a-z-]+$/.test(s.trim())),
        (field, junk) => {
          const r = parseReferralForm(form({ [field]: junk }), TODAY);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.errors.map((e) => e.field)).toContain(field);
        },
      ),
    );
  });
});
