/**
 * Mutation fuzzing of every importer (test/corpus/fuzz.ts), CI tier: about 150 runs per parser,
 * byte-level and structure-level, on a fixed seed so a failure reproduces. Every mutant is
 * imported whole or refused with located messages, never a crash or a partial result. The long
 * run (thousands per parser, fresh seeds) is fuzz.nightly.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fuzz, fuzzBases, fuzzTargets } from '../corpus/fuzz.ts';

const targets = fuzzTargets(await fuzzBases());
/** Runs per CSV/JSON target; XLSX ones (about 5 times dearer) get a fifth. */
const RUNS = 150;

describe('mutation fuzzing of every importer', () => {
  it.each(targets.map((t) => [`${t.importer} ${t.label}`, t] as const))(
    '%s: whole result or located refusal',
    async (_label, target) => {
      const runs = await fuzz(target, Math.max(20, Math.round(RUNS / target.weight)), 20261120);
      expect(runs).toBeGreaterThan(0);
    },
  );
});
