import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, newTotpSecret, stepAt, totpCode, verifyTotp } from './totp.ts';

// RFC 6238 appendix B test vector (SHA1, secret "12345678901234567890").
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors', () => {
    expect(totpCode(RFC_SECRET, stepAt(59_000))).toBe('287082');
    expect(totpCode(RFC_SECRET, stepAt(1_111_111_109_000))).toBe('081804');
    expect(totpCode(RFC_SECRET, stepAt(1_234_567_890_000))).toBe('005924');
    expect(totpCode(RFC_SECRET, stepAt(2_000_000_000_000))).toBe('279037');
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('accepts the code of the previous, current and next step, never a used or older one', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = stepAt(now);
    expect(verifyTotp(secret, totpCode(secret, step), now)).toBe(step);
    expect(verifyTotp(secret, totpCode(secret, step - 1), now)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, step + 2), now)).toBeUndefined();
    expect(verifyTotp(secret, totpCode(secret, step), now, step)).toBeUndefined();
    expect(verifyTotp(secret, '12345', now)).toBeUndefined();
  });
});
