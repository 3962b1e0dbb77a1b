import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdminToken } from './bootstrap.ts';
import { type RunningServer, startServer } from './server.ts';

describe('startServer (SQLite, real socket)', () => {
  let dir: string;
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-server-'));
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Continuum</title>');
    writeFileSync(join(web, 'assets', 'app-abcdef12.js'), 'console.log(1)');
    server = await startServer({ port: 0, dataDir: join(dir, 'data'), webDist: web });
    token = (await createFirstAdminToken(server.store))!;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the data folder, the HMAC key and publishes the default pathway on first start', async () => {
    const res = await fetch(`${server.url}/api/pathways`, { headers: { authorization: `Bearer ${token}` } });
    expect((await res.json()).pathways[0]).toMatchObject({ pathwayId: 'continuum_of_need', versions: [1] });
    expect(await createFirstAdminToken(server.store)).toBeUndefined();
  });

  it('serves the web build with an SPA fallback, and keeps /api and /docs for the API', async () => {
    const asset = await fetch(`${server.url}/assets/app-abcdef12.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await (await fetch(`${server.url}/designer/some/route`)).text()).toContain(
      '<title>Continuum</title>',
    );
    expect(await (await fetch(`${server.url}/../../etc/passwd`)).text()).toContain(
      '<title>Continuum</title>',
    );
    expect((await fetch(`${server.url}/api/me`)).status).toBe(401);
    expect((await fetch(`${server.url}/docs`)).headers.get('content-type')).toMatch(/text\/html/);
  });

  it('reads JSON bodies from the socket: with a Content-Length, chunked, too large, malformed', async () => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const opened = await fetch(`${server.url}/api/cases`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ caseRef: 'SOCK-1', occurredAt: '2025-01-06' }),
    });
    expect(opened.status).toBe(201);
    const id = ((await opened.json()) as { case: { id: number } }).case.id;
    // A streamed request body has no Content-Length (chunked): the buffered fallback reads it.
    const chunked = await fetch(`${server.url}/api/cases/${id}/events`, {
      method: 'POST',
      headers: auth,
      body: new Blob([JSON.stringify({ event: 'accept_referral', occurredAt: '2025-01-07' })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(201);
    expect(((await chunked.json()) as { case: { stage: string } }).case.stage).toBe('assessment');
    // An announced Content-Length over the limit is refused before any body byte is read.
    const big = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.url}/api/cases/${id}/events`,
        { method: 'POST', headers: { ...auth, 'content-length': String(100 * 1024 * 1024) } },
        (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('{"event":"');
    });
    expect(big).toBe(413);
    const bad = await fetch(`${server.url}/api/cases/${id}/events`, {
      method: 'POST',
      headers: auth,
      body: '{"event":',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('malformed_json');
    const moved = await fetch(`${server.url}/api/cases/${id}/events`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ toStage: 'child_in_need', occurredAt: '2025-01-08' }),
    });
    expect(moved.status).toBe(201);
    expect(((await moved.json()) as { event: { seq: number } }).event.seq).toBe(3);
  });

  it('closes cleanly and can be closed twice', async () => {
    const other = await startServer({ port: 0, dataDir: join(dir, 'data2') });
    await other.close();
    await other.close();
    await expect(fetch(`${other.url}/docs`)).rejects.toThrow();
  });
});
