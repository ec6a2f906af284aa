/**
 * Which view templates a test made the server render. Test-only: the app's Nunjucks environment
 * (`app.views`) gets its `getTemplate` wrapped, so every page template, layout, include and macro
 * file loaded while rendering is recorded against the label of the visit that caused it (the crawl
 * sets the label before each navigation; rendering is synchronous, and the crawl makes one request
 * that renders at a time). Nothing in the app changes.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { VIEWS_DIR } from '../../../src/server/http/views.ts';

export interface TemplateRecorder {
  /** Labels the renders that follow (for example "officer.ealing GET /contracts"). */
  visiting(label: string): void;
  /** template name (like "pages/contracts/list.njk") → the visits that rendered it */
  readonly rendered: Map<string, Set<string>>;
  /** Templates the visits since the last `visiting` call rendered. */
  sinceLastVisit(): string[];
}

type GetTemplate = (name: unknown, ...rest: unknown[]) => unknown;

export function recordTemplates(app: FastifyInstance): TemplateRecorder {
  const env = app.views as unknown as { getTemplate: GetTemplate };
  const original = env.getTemplate.bind(env) as GetTemplate;
  const rendered = new Map<string, Set<string>>();
  let label = '(before the first visit)';
  let recent = new Set<string>();
  env.getTemplate = (name, ...rest) => {
    if (typeof name === 'string' && name.endsWith('.njk') && !name.startsWith('govuk/')) {
      const visits = rendered.get(name) ?? new Set<string>();
      rendered.set(name, visits);
      visits.add(label);
      recent.add(name);
    }
    return original(name, ...rest);
  };
  return {
    visiting(l) {
      label = l;
      recent = new Set();
    },
    rendered,
    sinceLastVisit: () => [...recent],
  };
}

/** Every template under src/server/views/pages, as the names the app renders them by. */
export function pageTemplates(): string[] {
  const root = join(VIEWS_DIR, 'pages');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.njk')) out.push(relative(VIEWS_DIR, p).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}
