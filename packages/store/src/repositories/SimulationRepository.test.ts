import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as simulations from '../../../../db/migrations/004_simulations.ts';
import { migrateToLatest } from '../migrate.ts';
import type { Database as Schema } from '../schema.ts';
import { SimulationRepository } from './SimulationRepository.ts';

describe('migration 004_simulations (first released as 002_simulations)', () => {
  it('upgrades a database that applied 002_simulations: heartbeat column added, rows kept, leases work', async () => {
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await migrateToLatest(db as Kysely<unknown>);
    // Recreate the state of a database migrated before the rename: the 002 table without heartbeats,
    // a run in it, 002_simulations recorded and 004 not yet.
    await db.schema.dropTable('simulation_runs').execute();
    await db.schema
      .createTable('simulation_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pathway_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('request', 'text', (c) => c.notNull())
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .execute();
    const old = Date.now() - 120_000;
    await db
      .withTables<{ simulation_runs: Record<string, unknown> }>()
      .insertInto('simulation_runs')
      .values({
        id: 'old',
        pathway_id: 'p',
        version: 1,
        status: 'running',
        done: 0,
        total: 5,
        request: '{}',
        created_at: old,
        updated_at: old,
      })
      .execute();
    await db
      .withTables<{ kysely_migration: { name: string } }>()
      .deleteFrom('kysely_migration')
      .where('name', '=', '004_simulations')
      .execute();
    await migrateToLatest(db as Kysely<unknown>); // re-applies 004 over the old table
    await simulations.up(db as Kysely<unknown>); // and 004 is idempotent
    const repo = new SimulationRepository(db);
    // A pre-heartbeat row falls back on updated_at: two minutes old, so its instance is gone.
    const run = await repo.getRun('old');
    expect(run?.status).toBe('failed');
    expect(run?.error?.title).toMatch(/stopped responding/);
    await repo.createRun({ id: 'new', pathwayId: 'p', version: 1, total: 5, request: {}, by: null });
    expect((await repo.getRun('new'))?.heartbeatAt).not.toBeNull();
    expect((await repo.getRun('new'))?.status).toBe('running');
    await db.destroy();
  });
});
