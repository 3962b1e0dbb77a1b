import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { WriteGate } from '../engines/WriteGate.ts';

/** Deployment facts kept in the database (one value per name), so every instance on it agrees. */
export class SettingsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: WriteGate = (w) => w(),
  ) {}

  /** The value stored under a name, or undefined. */
  async get(name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('deployment_settings')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  /**
   * Stores `value` under `name` unless a value is already there, and returns the stored one: the
   * first of several racing instances wins and every one of them reads the winner's value.
   */
  async claim(name: string, value: string): Promise<{ value: string; claimed: boolean }> {
    const r = await this.write(() =>
      this.db
        .insertInto('deployment_settings')
        .values({ name, value, set_at: Date.now() })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst(),
    );
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) > 0) return { value, claimed: true };
    const stored = await this.get(name);
    return { value: stored ?? value, claimed: false };
  }
}
