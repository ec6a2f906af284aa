import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.ts';

describe('configuration from the environment', () => {
  it('remembers sessions for a second unless told otherwise', () => {
    expect(configFromEnv({}).session.cacheMs).toBe(1_000);
    expect(configFromEnv({ SESSION_CACHE_MS: '0' }).session.cacheMs).toBe(0);
    expect(configFromEnv({ SESSION_CACHE_MS: '250' }).session.cacheMs).toBe(250);
  });

  it('names the variable and the value it refuses', () => {
    for (const bad of ['-1', '1.5', 'soon', '60001']) {
      expect(() => configFromEnv({ SESSION_CACHE_MS: bad })).toThrow(
        `SESSION_CACHE_MS must be a whole number of milliseconds from 0 to 60000, got "${bad}"`,
      );
    }
    expect(() => configFromEnv({ PORT: 'x' })).toThrow('PORT must be a port number, got "x"');
    expect(() => configFromEnv({ JOB_LEASE_SECONDS: '0' })).toThrow('JOB_LEASE_SECONDS');
  });
});
