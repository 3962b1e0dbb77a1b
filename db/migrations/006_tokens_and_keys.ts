import type { Kysely } from 'kysely';

/**
 * Tokens get an optional expiry, and the deployment gets a small settings table: the fingerprint of
 * the HMAC key the database was written with (an instance with another key is refused at start) and
 * the claim that the first admin token was issued (so a second data folder on a shared database does
 * not mint another). Both engines take the same statements.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'bigint').execute();
  await db.schema
    .createTable('deployment_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('set_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Drops the settings table and the expiry column. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deployment_settings').execute();
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
}
