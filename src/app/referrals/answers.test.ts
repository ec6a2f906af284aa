import { describe, expect, it } from 'vitest';
import { answers } from '../../../test/db/fixtures/referrals.ts';
import { checkPage, pageAnswers, pageBySlug, REFERRAL_PAGES, readReferralAnswers } from './answers.ts';

const TODAY = '2026-11-20';

describe('reading a referral’s answers', () => {
  it('keeps the month of birth and works out the age in years from it', () => {
    const r = readReferralAnswers(answers(), TODAY);
    expect(r.ok && [r.value.bornIn, r.value.child.ageYears]).toEqual(['2012-06-01', 14]);
    const whole = readReferralAnswers(
      { ...answers(), 'bornIn-month': '', 'bornIn-year': '', bornIn: '2010-11' },
      TODAY,
    );
    expect(whole.ok && whole.value.child.ageYears).toBe(16);
  });

  it('names the month of birth when it is missing, impossible, in the future or 18 years ago', () => {
    const field = (over: Record<string, string>) => {
      const r = readReferralAnswers(answers(over), TODAY);
      return r.ok ? [] : r.errors.filter((e) => e.field === 'bornIn').map((e) => e.message);
    };
    expect(field({ 'bornIn-month': '', 'bornIn-year': '' })).toEqual([
      "Enter the child's month and year of birth",
    ]);
    expect(field({ 'bornIn-month': '13' })).toEqual([
      'Month and year of birth must be a real month, like 5 and 2012',
    ]);
    expect(field({ 'bornIn-year': '2027' })).toEqual(['Month and year of birth must be in the past']);
    expect(field({ 'bornIn-year': '2008', 'bornIn-month': '11' })).toEqual(['The child must be under 18']);
  });

  it('lists errors in page order, every field at once', () => {
    const r = readReferralAnswers(answers({ childRef: '', sex: 'x', penPortrait: '', neededBy: '' }), TODAY);
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['childRef', 'sex', 'neededBy', 'penPortrait']);
  });
});

describe('checking one page', () => {
  it('judges a page on its own fields before the rest are answered', () => {
    for (const page of REFERRAL_PAGES) {
      const posted = pageAnswers(page, answers());
      expect(checkPage(page, {}, posted, TODAY), page.slug).toEqual([]);
    }
  });

  it('reports only the page’s own fields, with the rules that join its answers', () => {
    const when = pageBySlug('when')!;
    const errors = checkPage(when, {}, pageAnswers(when, answers({ neededBy: 'today' })), TODAY);
    expect(errors).toEqual([
      {
        field: 'latestStart',
        message: 'The placement is needed today, so the latest start date must be today',
      },
    ]);
    const location = pageBySlug('location')!;
    const school = checkPage(
      location,
      {},
      pageAnswers(location, answers({ keepSchool: 'yes', schoolPostcodeSector: '' })),
      TODAY,
    );
    expect(school.map((e) => e.field)).toEqual(['schoolPostcodeSector']);
  });

  it('judges placement types against the age already given', () => {
    const types = pageBySlug('placement-types')!;
    const posted = pageAnswers(types, answers({ supportedAccommodationSuitability: 'preferred' }));
    const young = pageAnswers(pageBySlug('child')!, answers());
    expect(checkPage(types, young, posted, TODAY).map((e) => e.field)).toEqual([
      'supportedAccommodationSuitability',
    ]);
  });

  it('treats an unticked checkbox group as an answer of none', () => {
    const risks = pageBySlug('risks')!;
    expect(pageAnswers(risks, {}).risks).toEqual([]);
  });
});
