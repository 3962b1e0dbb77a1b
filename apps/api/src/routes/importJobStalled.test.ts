import { ImportJobRepository, loadOrCreateHmacKey } from '@continuum/store';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

// An upload cut off mid-way, by its sender or by the death of the server taking it, is failed and
// what was stored of it (raw return files, children's identifiers included) deleted; before, it
// stayed `receiving` with its pieces stored for good.
describeEachEngine('uploads cut off mid-way (POST /api/imports)', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { imports: { stalledMs: 2_000, sweepMs: 100 } });
    await t.app.services.startWorkers();
  });
  afterAll(() => t.app.close());
  const repo = () => new ImportJobRepository(store().db, loadOrCreateHmacKey(dataDir()), store().write);
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
  };

  /** POSTs a multipart body as a stream (as a browser sends a large upload). */
  const postStream = (boundary: string, body: ReadableStream<Uint8Array>) =>
    t.app.request('/api/imports', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.tokens.manager}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
    } as RequestInit);

  it('a sender that stops sending: the import is failed and emptied; the rest, when it comes, is answered 409', async () => {
    const boundary = 'cut-off-boundary';
    const encoder = new TextEncoder();
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cin-2024.xml"\r\nContent-Type: application/xml\r\n\r\n`;
    const rest = `<Message><Header/><Children/></Message>\r\n--${boundary}--\r\n`;
    let send!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // The file's first 1.3 MB (its first 1 MiB piece is stored as it comes), then silence until `send`.
        controller.enqueue(encoder.encode(head + '<!-- padding -->'.repeat(80_000)));
        send = () => {
          controller.enqueue(encoder.encode(rest));
          controller.close();
        };
      },
    });
    const before = new Set((await repo().list(100)).map((j) => j.id));
    const answer = postStream(boundary, body);
    let id = '';
    await until(async () => {
      id = (await repo().list(100)).find((j) => !before.has(j.id))?.id ?? '';
      return id !== '' && (await repo().chunkCount(id)) > 0;
    });
    expect(await repo().get(id)).toMatchObject({ status: 'receiving' });
    // Its size so far: the first piece stored (1 MiB).
    const receiving = (await (await t.call('manager', 'GET', `/api/imports/${id}`)).json()) as {
      bytes: number;
    };
    expect(receiving.bytes).toBeGreaterThanOrEqual(1024 * 1024);
    // What is stored of it is sealed: the database holds none of the file's text.
    const { rows } = await sql<{
      data: Uint8Array;
    }>`SELECT data FROM import_file_pieces WHERE job_id = ${id}`.execute(store().db);
    expect(rows.length).toBeGreaterThan(0);
    for (const { data } of rows) expect(Buffer.from(data).includes('padding')).toBe(false);
    await until(async () => (await repo().get(id))?.status === 'failed');
    const job = await (await t.call('manager', 'GET', `/api/imports/${id}`)).json();
    expect(job).toMatchObject({ status: 'failed', error: { code: 'upload_interrupted' } });
    expect(await repo().chunkCount(id)).toBe(0);

    send();
    const res = await answer;
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'upload_interrupted' });
    expect(await repo().get(id)).toMatchObject({ status: 'failed', error: { code: 'upload_interrupted' } });
    expect(await repo().chunkCount(id)).toBe(0);
  });

  it('a connection that drops mid-upload: the import is failed as interrupted, emptied, and says nothing of the server', async () => {
    const boundary = 'dropped-boundary';
    const encoder = new TextEncoder();
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cin-2024.xml"\r\n\r\n`;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode(head + '<!-- padding -->'.repeat(80_000)));
        controller.error(new Error('socket hang up at 10.0.0.7:5432 (internal detail)'));
      },
    });
    const before = new Set((await repo().list(100)).map((j) => j.id));
    const res = await postStream(boundary, body);
    expect(res.status).toBe(500);
    const id = (await repo().list(100)).find((j) => !before.has(j.id))!.id;
    const job = (await (await t.call('manager', 'GET', `/api/imports/${id}`)).json()) as {
      status: string;
      error: { code?: string; detail: string };
    };
    expect(job).toMatchObject({ status: 'failed', error: { code: 'upload_interrupted' } });
    expect(job.error.detail).not.toMatch(/socket|10\.0\.0\.7|internal/);
    expect(await repo().chunkCount(id)).toBe(0);
  });

  it('an upload left receiving by a server that died: failed and emptied by the next worker', async () => {
    const r = repo();
    await r.create({
      id: 'died-taking-it',
      format: null,
      mode: 'atomic',
      pathwayId: null,
      by: 'manager',
      files: true,
    });
    await r.appendFilePiece('died-taking-it', 0, 0, new TextEncoder().encode('<Message><Child><UPN>'));
    await until(async () => (await r.get('died-taking-it'))?.status === 'failed');
    expect(await r.get('died-taking-it')).toMatchObject({ error: { code: 'upload_interrupted' } });
    expect(await r.chunkCount('died-taking-it')).toBe(0);
  });
});
