import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { migrations } from '../../../db/migrations/index.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings a database to the newest schema; run by openStore so a fresh data folder just works. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  // Several areas add migrations at once, so a database may have applied a later name first.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
