import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** A name's code inside a write, as SQL with one `?` parameter (prepared statements on SQLite). */
export const NAME_CODE_SQL = '(SELECT id FROM names WHERE name = ?)';

/** A name's code inside a Kysely write (null for a null name): writers need no cache round trip. */
export function nameCode(name: string | null) {
  return sql<number>`(SELECT id FROM names WHERE name = ${name})`;
}

/**
 * The stage and event names behind the integer codes in case_events and stage_intervals (see
 * migration 005). Names are only ever added (when a pathway is published), never changed, so this
 * cache can be incomplete (another process published) but never wrong: a miss reloads.
 */
export class NameRepository {
  private readonly codes = new Map<string, number>();
  private readonly byCode: (string | undefined)[] = [];

  constructor(private readonly db: Kysely<Database>) {}

  /** Adds names not stored yet (inside the caller's transaction when given one). */
  static async add(db: Kysely<Database>, names: Iterable<string>): Promise<void> {
    const values = [...new Set(names)].map((name) => ({ name }));
    if (values.length === 0) return;
    await db
      .insertInto('names')
      .values(values)
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  /** The codes of these names, in order; only for names of published pathways (others are a bug). */
  async codesOf(names: readonly string[]): Promise<number[]> {
    if (names.some((n) => !this.codes.has(n))) await this.load();
    return names.map((n) => {
      const code = this.codes.get(n);
      if (code === undefined) {
        throw new Error(`"${n}" is not a stage or event of any published pathway`);
      }
      return code;
    });
  }

  /** The code of one name, or undefined when no published pathway uses it. */
  async codeOf(name: string): Promise<number | undefined> {
    if (!this.codes.has(name)) await this.load();
    return this.codes.get(name);
  }

  /**
   * A decoder for raw rows just read: loads the table again if any code in the given columns is not
   * known yet, then maps codes to names synchronously (null stays null).
   */
  async decoder(
    rows: readonly (readonly unknown[])[],
    columns: readonly number[],
  ): Promise<(code: unknown) => string | null> {
    const unknown = rows.some((r) =>
      columns.some((c) => r[c] !== null && this.byCode[Number(r[c])] === undefined),
    );
    if (unknown) await this.load();
    return (code) => {
      if (code === null || code === undefined) return null;
      const name = this.byCode[Number(code)];
      if (name === undefined) throw new Error(`name code ${String(code)} is not in the names table`);
      return name;
    };
  }

  /** Reads the whole table (tens of rows; on PostgreSQL ids can commit out of order, so no "since"). */
  private async load(): Promise<void> {
    const rows = await this.db.selectFrom('names').select(['id', 'name']).execute();
    for (const r of rows) {
      this.codes.set(r.name, Number(r.id));
      this.byCode[Number(r.id)] = r.name;
    }
  }
}
