import type { Command } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { withExamples } from './withExamples.ts';

/** `continuum migrate`: creates or upgrades the schema and publishes the default pathway into an empty store. */
export function registerMigrate(program: Command, deps: CommandDeps): void {
  withExamples(
    program
      .command('migrate')
      .description('create or upgrade the database schema (SQLite in CONTINUUM_DATA_DIR, or DATABASE_URL)'),
    ['continuum migrate', 'CONTINUUM_DATA_DIR=./other-data continuum --json migrate'],
  ).action(async () => {
    const ctx = await openContext(deps.config());
    try {
      const counts = await ctx.store.cases.counts();
      const out = { engine: ctx.store.kind, migrated: true, seededPathway: ctx.seededPathway, ...counts };
      deps
        .output()
        .result(
          `Database ready (${ctx.store.kind})${ctx.seededPathway ? ', default pathway published' : ''}: ${counts.cases} cases, ${counts.events} events.`,
          out,
        );
    } finally {
      await ctx.store.close();
    }
  });
}
