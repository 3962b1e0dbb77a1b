import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HMAC_KEY_FILE, loadOrCreateHmacKey } from './anonymise/hmacKey.ts';
import { openStore } from './openStore.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('private file modes of the data folder (SQLite)', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const root = mkdtempSync(join(tmpdir(), 'continuum-modes-'));
    dirs.push(root);
    return join(root, 'data');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates the folder 0700 and the database, its -wal and -shm, and the key 0600', async () => {
    const dataDir = fresh();
    const store = await openStore({ dataDir });
    try {
      loadOrCreateHmacKey(dataDir);
      // A write, so the WAL and shared-memory files certainly exist.
      await store.pathways.latest();
      const file = join(dataDir, 'continuum.sqlite');
      expect(modeOf(dataDir).toString(8)).toBe('700');
      for (const f of [file, `${file}-wal`, `${file}-shm`, join(dataDir, HMAC_KEY_FILE)]) {
        expect(modeOf(f).toString(8), f).toBe('600');
      }
    } finally {
      await store.close();
    }
  });

  it('tightens a data folder an earlier release left 0755 with 0644 files, on the next start', async () => {
    const dataDir = fresh();
    const first = await openStore({ dataDir });
    await first.close();
    loadOrCreateHmacKey(dataDir);
    const file = join(dataDir, 'continuum.sqlite');
    writeFileSync(`${file}-wal`, '');
    chmodSync(dataDir, 0o755);
    for (const f of [file, `${file}-wal`, join(dataDir, HMAC_KEY_FILE)]) chmodSync(f, 0o644);

    const again = await openStore({ dataDir });
    await again.close();
    const key = loadOrCreateHmacKey(dataDir);
    expect(key).toHaveLength(32);
    expect(modeOf(dataDir).toString(8)).toBe('700');
    for (const f of [file, join(dataDir, HMAC_KEY_FILE)]) expect(modeOf(f).toString(8), f).toBe('600');
  });

  it('makes a key-only data folder (PostgreSQL deployments) private too', () => {
    const dataDir = fresh();
    loadOrCreateHmacKey(dataDir);
    expect(modeOf(dataDir).toString(8)).toBe('700');
    expect(modeOf(join(dataDir, HMAC_KEY_FILE)).toString(8)).toBe('600');
  });
});
