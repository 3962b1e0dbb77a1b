import type BetterSqlite3 from 'better-sqlite3';

/**
 * Wraps a better-sqlite3 handle for Kysely so each distinct SQL text is prepared once and reused
 * (Kysely's driver prepares on every query; preparing costs as much as running a small query).
 * A statement still iterating (a streamed query) is never handed out twice: a fresh one is prepared.
 */
export function withPreparedCache(db: BetterSqlite3.Database, size = 500): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string): BetterSqlite3.Statement => {
    const hit = cache.get(source);
    if (hit && !(hit as unknown as { busy: boolean }).busy) return hit;
    const statement = db.prepare(source);
    if (!hit) {
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'prepare') return prepare;
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
