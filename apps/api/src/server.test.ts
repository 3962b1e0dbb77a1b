import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('closes cleanly and can be closed twice', async () => {
    const other = await startServer({ port: 0, dataDir: join(dir, 'data2') });
    await other.close();
    await other.close();
    await expect(fetch(`${other.url}/docs`)).rejects.toThrow();
  });
});
