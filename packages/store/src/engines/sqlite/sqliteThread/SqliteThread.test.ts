import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteThread } from './SqliteThread.ts';

describe('SqliteThread', () => {
  let dir: string;
  let file: string;
  let thread: SqliteThread;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-thread-'));
    file = join(dir, 'db.sqlite');
    const db = new SqliteDatabase(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT)');
    db.close();
    thread = new SqliteThread(file, ['journal_mode = WAL']);
  });
  afterAll(async () => {
    await thread.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const count = () => {
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM t').pluck().get();
    } finally {
      db.close();
    }
  };

  it('writes numeric batches (NaN as null, one text column) in a transaction others see only when committed', async () => {
    const full = thread.prepare('INSERT INTO t (v, s) VALUES (?, ?), (?, ?)');
    const single = thread.prepare('INSERT INTO t (v, s) VALUES (?, ?)');
    await thread.exec('BEGIN IMMEDIATE');
    const rows = { full, single, rowsPerFull: 2, width: 2, textColumn: 1 };
    thread.insertRows({ ...rows, count: 2, values: new Float64Array([1, 0, 2, 0]), texts: ['a', null] });
    thread.insertRows({ ...rows, count: 1, values: new Float64Array([3, 0]), texts: undefined });
    await thread.sync();
    expect(count()).toBe(0);
    await thread.exec('COMMIT');
    const read = thread.prepare("SELECT group_concat(v || ':' || coalesce(s, '-'), ',') AS all_rows FROM t");
    expect(await thread.get(read, [])).toEqual({ all_rows: '1:a,2:-,3:-' });
  });

  it('reports a failed fire-and-forget write at the next awaited step, and recovers after a rollback', async () => {
    const insert = thread.prepare('INSERT INTO t (v) VALUES (?)');
    await thread.exec('BEGIN IMMEDIATE');
    thread.run(insert, [4]);
    thread.run(insert, [null]); // NOT NULL constraint
    thread.run(insert, [5]); // refused: the thread has failed
    await expect(thread.sync()).rejects.toThrow(/NOT NULL/);
    await expect(thread.exec('COMMIT')).rejects.toThrow(/NOT NULL/);
    await thread.rollback();
    expect(count()).toBe(3);
    await thread.exec('BEGIN IMMEDIATE');
    thread.run(insert, [6]);
    await thread.exec('COMMIT');
    expect(count()).toBe(4);
  });

  it('refuses requests once stopped, so its store starts a new one', async () => {
    const other = new SqliteThread(file, []);
    await other.close();
    expect(other.alive).toBe(false);
    await expect(other.sync()).rejects.toThrow(/stopped/);
  });
});
