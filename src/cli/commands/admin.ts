/** `migrate`, `seed-demo` and `create-user`: setting up a database from the command line. */
import type { Command } from 'commander';
import { createUser } from '../../app/users/create-user.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { DEMO_PASSWORD } from '../../db/seed/demo-region.ts';
import { isDatabaseEmpty, seedDemo } from '../../db/seed/seed-demo.ts';
import { ROLES, type Role } from '../../domain/shared/codes.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { addDatabaseOptions, type DatabaseOptions, withDatabase } from '../database.ts';

export function register(program: Command): void {
  addDatabaseOptions(
    program.command('migrate').description('apply database migrations (safe to repeat)'),
  ).action(async (opts: DatabaseOptions) => {
    await withDatabase(
      opts,
      async ({ db, kind, location }) => {
        const applied = await migrateToLatest(db);
        console.log(
          applied.length ? `Applied ${applied.join(', ')} to ${kind} (${location})` : 'Already up to date',
        );
      },
      { migrate: false },
    );
  });

  addDatabaseOptions(
    program.command('seed-demo').description('load the West London demo region into an empty database'),
  ).action(async (opts: DatabaseOptions) => {
    await withDatabase(opts, async ({ db }) => {
      if (!(await isDatabaseEmpty(db))) {
        throw new DomainError(
          'conflict',
          'the database already has organisations; the demo region goes only into an empty one',
        );
      }
      const s = await seedDemo(db);
      console.log(
        `Seeded ${s.organisations} organisations, ${s.users} users, ${s.homes} homes, ${s.beds} beds, ` +
          `${s.contracts} contracts, ${s.placements} placements, ${s.referrals} referrals. Demo password: ${DEMO_PASSWORD}`,
      );
    });
  });

  addDatabaseOptions(
    program
      .command('create-user')
      .description('create a user account in an organisation')
      .requiredOption('--email <email>', 'their email address (they sign in with it)')
      .requiredOption('--name <name>', 'their full name')
      .requiredOption('--role <role>', `one of: ${Object.keys(ROLES).join(', ')}`)
      .requiredOption('--org <org>', 'the organisation: its DfE LA code (e.g. 307) or its exact name')
      .option(
        '--password <password>',
        'first password (default: $SUFFICIENCY_PASSWORD); at least 12 characters',
      ),
  ).action(
    async (
      opts: DatabaseOptions & { email: string; name: string; role: string; org: string; password?: string },
    ) => {
      const password = opts.password ?? process.env.SUFFICIENCY_PASSWORD ?? '';
      if (!(opts.role in ROLES)) {
        throw new DomainError('validation', `--role must be one of ${Object.keys(ROLES).join(', ')}`, [
          { field: 'role', message: `"${opts.role}" is not a role` },
        ]);
      }
      await withDatabase(opts, async ({ db }) => {
        const user = await createUser(db, {
          email: opts.email,
          displayName: opts.name,
          role: opts.role as Role,
          org: opts.org,
          password,
        });
        console.log(
          `Created ${opts.email.trim().toLowerCase()} (${ROLES[opts.role as Role]}) in ${user.orgName}`,
        );
      });
    },
  );
}
