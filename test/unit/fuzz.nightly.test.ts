/**
 * The long run of the importers' mutation fuzzing (`npm run test:nightly`): 3,000 runs per
 * CSV/JSON target and 600 per XLSX one, on a fresh seed each night (printed, and reported by
 * fast-check on a failure, so it can be replayed with FUZZ_SEED=<seed>).
 */
import { describe, expect, it } from 'vitest';
import { fuzz, fuzzBases, fuzzTargets } from '../corpus/fuzz.ts';

const targets = fuzzTargets(await fuzzBases());
const RUNS = Number(process.env.FUZZ_RUNS ?? 3_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`importer fuzzing: seed ${seed}, ${RUNS} runs per CSV/JSON target`);

describe('mutation fuzzing of every importer (nightly)', () => {
  it.each(targets.map((t) => [`${t.importer} ${t.label}`, t] as const))(
    '%s: whole result or located refusal',
    async (_label, target) => {
      const runs = await fuzz(target, Math.max(100, Math.round(RUNS / target.weight)), seed);
      expect(runs).toBeGreaterThan(0);
    },
    600_000,
  );
});
