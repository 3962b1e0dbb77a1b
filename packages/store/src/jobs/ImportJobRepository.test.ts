import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../openStore.ts';
import type { Store } from '../store.ts';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { ImportJobRepository } from './ImportJobRepository.ts';

/** The deployment's secret the pieces are sealed with (any will do here). */
const KEY = randomBytes(32);

// A client tells an upload still arriving from one cut off by a server's death by when it last changed.
describeEachEngine('import uploads', ({ store }) => {
  it('every stored piece of an upload moves its updatedAt on', async () => {
    const repo = new ImportJobRepository(store().db, KEY, store().write);
    const job = { mode: 'atomic' as const, pathwayId: null, by: 'admin' };
    await repo.create({ ...job, id: 'log-upload', format: 'csv' });
    await repo.create({ ...job, id: 'file-upload', format: null, files: true });
    const updated = async (id: string) => Date.parse((await repo.get(id))!.updatedAt);
    const before = [await updated('log-upload'), await updated('file-upload')];
    await new Promise((resolve) => setTimeout(resolve, 20));
    await repo.appendChunk('log-upload', 0, 'case_ref,stage,entered_at\n');
    await repo.appendFilePiece('file-upload', 0, 0, new Uint8Array([60, 63]));
    expect(await updated('log-upload')).toBeGreaterThan(before[0]!);
    expect(await updated('file-upload')).toBeGreaterThan(before[1]!);
    expect((await repo.get('log-upload'))!.status).toBe('receiving');
  });
});

// An upload cut off mid-way (its sender stopped, or the server taking it died) must not keep the raw
// files, identifiers and all, that were stored of it.
describeEachEngine('uploads cut off mid-way', ({ store }) => {
  const job = { mode: 'atomic' as const, pathwayId: null, by: 'manager' };
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

  it('are failed with their pieces deleted; live uploads and queued imports are left alone', async () => {
    const repo = new ImportJobRepository(store().db, KEY, store().write);
    await repo.create({ ...job, id: 'cut-log', format: 'csv' });
    await repo.appendChunk('cut-log', 0, 'case_ref,stage,entered_at\n');
    await repo.create({ ...job, id: 'cut-files', format: null, files: true });
    await repo.appendFilePiece('cut-files', 0, 0, new TextEncoder().encode('<Message><Child>'));
    await repo.create({ ...job, id: 'waiting', format: 'csv' });
    await repo.appendChunk('waiting', 0, 'case_ref,stage,entered_at\n');
    await repo.received('waiting', 26);
    await pause();
    const before = Date.now();
    await pause();
    await repo.create({ ...job, id: 'live', format: null, files: true });
    await repo.appendFilePiece('live', 0, 0, new Uint8Array([1, 2, 3]));

    expect((await repo.abandonStalled(before)).sort()).toEqual(['cut-files', 'cut-log']);
    for (const id of ['cut-log', 'cut-files']) {
      expect(await repo.get(id)).toMatchObject({ status: 'failed', error: { code: 'upload_interrupted' } });
      expect(await repo.chunkCount(id)).toBe(0);
    }
    expect(await repo.get('live')).toMatchObject({ status: 'receiving' });
    expect(await repo.chunkCount('live')).toBe(1);
    expect(await repo.get('waiting')).toMatchObject({ status: 'queued' });
    expect(await repo.chunkCount('waiting')).toBe(1);
    // Nothing more to do the second time.
    expect(await repo.abandonStalled(before)).toEqual([]);
  });

  it('refuse the pieces that come after, storing nothing, and cannot be queued', async () => {
    const repo = new ImportJobRepository(store().db, KEY, store().write);
    await repo.create({ ...job, id: 'late', format: null, files: true });
    await repo.appendFilePiece('late', 0, 0, new Uint8Array([1]));
    await pause();
    await repo.abandonStalled(Date.now());
    const refused = { name: 'StoreError', code: 'upload_interrupted' };
    await expect(repo.appendFilePiece('late', 0, 1, new Uint8Array([2]))).rejects.toMatchObject(refused);
    await expect(repo.appendChunk('late', 0, 'x')).rejects.toMatchObject(refused);
    await expect(repo.received('late', 2)).rejects.toMatchObject(refused);
    expect(await repo.chunkCount('late')).toBe(0);
    // Giving up on it afterwards keeps the reason it was failed.
    await repo.abandon('late', { title: 'The upload was not received.', detail: 'x' });
    expect(await repo.get('late')).toMatchObject({ status: 'failed', error: { code: 'upload_interrupted' } });
  });
});

// SQLite keeps deleted content in free pages and in its WAL unless told otherwise.
describe('a deleted upload in the SQLite files', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-purge-'));
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The stored form of a piece, read as another process would read the file. */
  const storedPiece = (query: string, id: string): Buffer => {
    const reader = new BetterSqlite3(join(dir, 'continuum.sqlite'), { readonly: true });
    try {
      const { data } = reader.prepare(query).get(id) as { data: Buffer | string };
      return Buffer.from(data);
    } finally {
      reader.close();
    }
  };

  it('leaves no byte of it readable in the database or its WAL', async () => {
    const repo = new ImportJobRepository(store.db, KEY, store.write, () => store.adapter.purgeDeleted());
    let marker: Buffer = Buffer.from('UPN-A123456789012');
    const readable = () =>
      ['', '-wal']
        .map((suffix) => join(dir, `continuum.sqlite${suffix}`))
        .filter((f) => existsSync(f))
        .some((f) => readFileSync(f).includes(marker));
    await repo.create({
      id: 'raw',
      format: null,
      mode: 'atomic',
      pathwayId: null,
      by: 'manager',
      files: true,
    });
    const piece = new TextEncoder().encode(`<UPN>${marker}</UPN>`.repeat(2_000));
    for (let seq = 0; seq < 20; seq++) await repo.appendFilePiece('raw', 0, seq, piece);
    // Stored sealed: the marker is not in the files at all; what is stored of it is looked for instead.
    expect(readable()).toBe(false);
    marker = storedPiece('SELECT data FROM import_file_pieces WHERE job_id = ? AND seq = 7', 'raw').subarray(
      100,
      140,
    );
    expect(readable()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 15));
    await repo.abandonStalled(Date.now());
    expect(await repo.chunkCount('raw')).toBe(0);
    expect(readable()).toBe(false);
  });

  it('another process reading the file: the purge is not waited for but tried again at the next sweep', async () => {
    const repo = new ImportJobRepository(store.db, KEY, store.write, () => store.adapter.purgeDeleted());
    let marker: Buffer = Buffer.from('UPN-B987654321098');
    const inWal = () => readFileSync(join(dir, 'continuum.sqlite-wal')).includes(marker);
    await repo.create({ id: 'held', format: 'csv', mode: 'atomic', pathwayId: null, by: 'manager' });
    await repo.appendChunk(
      'held',
      0,
      `case_ref,stage,entered_at\n${marker},front_door,2024-01-01\n`.repeat(500),
    );
    expect(inWal()).toBe(false);
    marker = storedPiece('SELECT data FROM import_chunks WHERE job_id = ?', 'held').subarray(100, 140);
    expect(inWal()).toBe(true);
    // A reader in another connection (as another process would) holds a snapshot of the file.
    const reader = new BetterSqlite3(join(dir, 'continuum.sqlite'), { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM import_jobs').get();
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(await repo.abandonStalled(Date.now())).toEqual(['held']);
    expect(repo.purgePending).toBe(true);
    expect(inWal()).toBe(true);
    reader.prepare('COMMIT').run();
    reader.close();
    expect(await repo.abandonStalled(Date.now())).toEqual([]);
    expect(repo.purgePending).toBe(false);
    expect(inWal()).toBe(false);
  });
});
