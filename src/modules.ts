/**
 * Finds the modules of a folder (route modules, CLI commands, migrations) so that adding a
 * capability means adding files, never editing a shared list. Test files are skipped; modules load
 * in name order so the result is the same on every machine.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function moduleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .sort();
}

export async function importAll<T>(dir: string): Promise<Array<{ name: string; module: T }>> {
  const out: Array<{ name: string; module: T }> = [];
  for (const file of moduleFiles(dir)) {
    out.push({
      name: file.replace(/\.ts$/, ''),
      module: (await import(pathToFileURL(join(dir, file)).href)) as T,
    });
  }
  return out;
}
