import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbReferral } from './arbitraries.ts';
import { buildReferral } from './fixtures.ts';
import { RECIPIENT_STATUSES, type RecipientStatus } from './recipient.ts';
import {
  PAPERS_FIELDS,
  PROFILE_FIELDS,
  providerProfile,
  providerView,
  referralPapers,
  sharingStageFor,
} from './sharing.ts';

const referral = buildReferral({
  child: { riskOther: 'Contact with an older adult online', legalStatus: 'C2' },
  requirements: {
    schoolPostcodeSector: 'UB4 9',
    additionalSupport: ['other'],
    additionalSupportOther: 'Tutor',
  },
});

describe('staged sharing', () => {
  it('shows providers only the anonymised profile at first', () => {
    const p = providerProfile(referral);
    expect(Object.keys(p).sort()).toEqual([...PROFILE_FIELDS].sort());
    expect(p).toMatchObject({
      ageYears: 14,
      sex: 'female',
      familyPostcodeSector: 'UB3 1',
      risks: ['missing'],
    });
    expect(p).not.toHaveProperty('schoolPostcodeSector');
    expect(p).not.toHaveProperty('riskOther');
    expect(JSON.stringify(p)).not.toContain(referral.child.childRef);
  });

  it('adds the fuller papers once the provider is interested', () => {
    const papers = referralPapers(referral);
    expect(papers).toMatchObject({
      schoolPostcodeSector: 'UB4 9',
      riskOther: 'Contact with an older adult online',
      legalStatus: 'C2',
    });
    expect(sharingStageFor('viewed')).toBe('profile');
    expect(sharingStageFor('interested')).toBe('papers');
    expect(sharingStageFor('declined')).toBe('profile');
    expect(providerView(referral, 'shortlisted')).toEqual(papers);
  });

  it('never shares the case reference, the LA organisation or located points, at any stage (property)', () => {
    const statuses = Object.keys(RECIPIENT_STATUSES) as RecipientStatus[];
    fc.assert(
      fc.property(arbReferral, fc.constantFrom(...statuses), (r, status) => {
        const view = providerView(r, status);
        const allowed: readonly string[] =
          sharingStageFor(status) === 'papers' ? PAPERS_FIELDS : PROFILE_FIELDS;
        for (const k of Object.keys(view)) expect(allowed).toContain(k);
        const text = JSON.stringify(view);
        expect(text).not.toContain(r.child.childRef);
        expect(text).not.toContain(r.laOrgId);
        expect(text).not.toContain('easting');
      }),
    );
  });
});
