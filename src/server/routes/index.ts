/**
 * Every module in routes/pages and routes/api default-exports `register(app)` and is found
 * automatically: adding a capability's pages or endpoints never edits a shared list.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { importAll } from '../../modules.ts';

const here = dirname(fileURLToPath(import.meta.url));

export type RouteModule = { default: (app: FastifyInstance) => void | Promise<void> };

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const dir of ['pages', 'api']) {
    for (const { name, module } of await importAll<RouteModule>(join(here, dir))) {
      if (typeof module.default !== 'function')
        throw new Error(`routes/${dir}/${name}.ts must default-export register(app)`);
      await module.default(app);
    }
  }
}
