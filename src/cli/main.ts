/**
 * The `sufficiency` command line. Each module in src/cli/commands/ exports `register(program)` and
 * is found automatically. Commands call the same use cases and domain functions as the web pages
 * and the API.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { DomainError, describeFieldError } from '../domain/shared/errors.ts';
import { importAll } from '../modules.ts';

const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'commands');

export async function buildProgram(): Promise<Command> {
  const program = new Command('sufficiency')
    .description('Sufficiency: regional commissioning of children’s care placements')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const { module } of await importAll<{ register: (p: Command) => void }>(COMMANDS_DIR)) {
    module.register(program);
  }
  return program;
}

/** Exit codes: 0 ok, 1 unexpected failure, 2 bad usage or bad input (named in the message). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof DomainError) {
      process.stderr.write(`error: ${err.message}\n`);
      for (const fe of err.fieldErrors.slice(0, 50)) process.stderr.write(`  - ${describeFieldError(fe)}\n`);
      if (err.fieldErrors.length > 50) process.stderr.write(`  … and ${err.fieldErrors.length - 50} more\n`);
      return 2;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/src\//, '/src/'));
if (isMain || process.argv[1]?.endsWith('sufficiency.js') || process.argv[1]?.endsWith('sufficiency')) {
  process.exitCode = await runCli(process.argv.slice(2));
}
