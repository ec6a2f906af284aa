import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/dates.ts';
import { type HoldPhase, holdClock, phaseAdmits } from './hold-clock.ts';

const policy = { holdDays: 28, partnersOnlyDays: 7 };

describe('the vacancy hold clock', () => {
  it('offers the bed to partners, then the consortium, then releases it', () => {
    expect(holdClock('2026-03-01', policy, '2026-02-25')).toMatchObject({
      phase: 'partners',
      nextPhaseOn: '2026-03-08',
      daysToNextPhase: 11,
    });
    expect(holdClock('2026-03-01', policy, '2026-03-07')).toMatchObject({
      phase: 'partners',
      daysToNextPhase: 1,
    });
    expect(holdClock('2026-03-01', policy, '2026-03-08')).toEqual({
      phase: 'consortium',
      phaseStartsOn: '2026-03-08',
      next: 'released',
      nextPhaseOn: '2026-03-29',
      daysToNextPhase: 21,
      holdEndsOn: '2026-03-29',
    });
    expect(holdClock('2026-03-01', policy, '2026-03-29')).toMatchObject({
      phase: 'released',
      next: null,
      nextPhaseOn: null,
    });
  });

  it('skips phases of no length', () => {
    expect(holdClock('2026-03-01', { holdDays: 0, partnersOnlyDays: 0 }, '2026-02-20').phase).toBe(
      'released',
    );
    expect(holdClock('2026-03-01', { holdDays: 14, partnersOnlyDays: 14 }, '2026-03-02')).toMatchObject({
      phase: 'partners',
      next: 'released',
      nextPhaseOn: '2026-03-15',
    });
    expect(holdClock('2026-03-01', { holdDays: 14, partnersOnlyDays: 0 }, '2026-03-02').phase).toBe(
      'consortium',
    );
  });

  it('refuses a partners-only period longer than the hold', () => {
    expect(() => holdClock('2026-03-01', { holdDays: 5, partnersOnlyDays: 9 }, '2026-03-02')).toThrow(
      /no longer than/,
    );
  });

  it('admits partners always, the consortium from its phase, anyone once released', () => {
    expect(phaseAdmits('partners', 'partner')).toBe(true);
    expect(phaseAdmits('partners', 'consortium')).toBe(false);
    expect(phaseAdmits('consortium', 'consortium')).toBe(true);
    expect(phaseAdmits('consortium', 'other')).toBe(false);
    expect(phaseAdmits('released', 'other')).toBe(true);
  });

  it('only moves forward, and the next phase begins where it says (property)', () => {
    const order: HoldPhase[] = ['partners', 'consortium', 'released'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: -20, max: 100 }),
        (hold, partners, offset) => {
          const p = { holdDays: hold, partnersOnlyDays: Math.min(partners, hold) };
          const today = addDays('2026-03-01', offset);
          const now = holdClock('2026-03-01', p, today);
          const tomorrow = holdClock('2026-03-01', p, addDays(today, 1));
          expect(order.indexOf(tomorrow.phase)).toBeGreaterThanOrEqual(order.indexOf(now.phase));
          expect(now.holdEndsOn).toBe(addDays('2026-03-01', hold));
          if (now.nextPhaseOn) {
            expect(now.daysToNextPhase).toBeGreaterThan(0);
            expect(holdClock('2026-03-01', p, now.nextPhaseOn).phase).toBe(now.next);
          } else {
            expect(now.phase).toBe('released');
          }
        },
      ),
    );
  });
});
