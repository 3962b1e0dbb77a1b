import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { migrations } from '../../../db/migrations/index.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings a database to the newest schema; run by openStore so a fresh data folder just works. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
