import type { FastifyInstance } from 'fastify';

export default function register(app: FastifyInstance): void {
  app.get('/accessibility', async (_req, reply) =>
    reply.page('pages/accessibility.njk', { title: 'Accessibility statement' }),
  );
  app.get('/privacy', async (_req, reply) => reply.page('pages/privacy.njk', { title: 'Privacy' }));
}
