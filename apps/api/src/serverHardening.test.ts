import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdminToken } from './bootstrap.ts';
import { CONTENT_SECURITY_POLICY, DOCS_CONTENT_SECURITY_POLICY } from './http/securityHeaders.ts';
import { type RunningServer, startServer } from './server.ts';

/** One raw HTTP exchange over a socket: what the server wrote back until it closed or went quiet. */
function rawExchange(
  port: number,
  request: string,
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        headers: head.toLowerCase(),
        body: rest.join('\r\n\r\n'),
      });
    };
    // Keep-alive answers leave the socket open: a complete answer is enough.
    const timer = setTimeout(done, 10_000);
    socket.on('data', (chunk) => {
      data += chunk;
      const length = /content-length: (\d+)/i.exec(data)?.[1];
      const split = data.indexOf('\r\n\r\n');
      if (length !== undefined && split >= 0 && Buffer.byteLength(data) - split - 4 >= Number(length)) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
    socket.write(request);
  });
}

function expectSecurityHeaders(headers: Headers, csp = CONTENT_SECURITY_POLICY): void {
  expect(headers.get('content-security-policy')).toBe(csp);
  expect(headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
}

describe('startServer hardening (SQLite, real socket): security headers and problem+json on every path', () => {
  let dir: string;
  let server: RunningServer;
  let bare: RunningServer;
  let token: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-hardening-'));
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Continuum</title>');
    writeFileSync(join(web, 'assets', 'app-abcdef12.js'), 'console.log(1)');
    server = await startServer({ port: 0, dataDir: join(dir, 'data'), webDist: web });
    token = (await createFirstAdminToken(server.store))!;
    // A web folder with no build in it: the "not built" answer is an error path too.
    bare = await startServer({ port: 0, dataDir: join(dir, 'bare'), webDist: join(dir, 'empty') });
  });
  afterAll(async () => {
    await server.close();
    await bare.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('API answers (success, 401, 404, 422) carry the security headers and Cache-Control: no-store', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const answers = [
      await fetch(`${server.url}/api/pathways`, { headers: auth }),
      await fetch(`${server.url}/api/cases?caseRef=NOPE`, { headers: auth }),
      await fetch(`${server.url}/api/me`),
      await fetch(`${server.url}/api/nowhere`, { headers: auth }),
      await fetch(`${server.url}/api/cases`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{"caseRef":',
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, expect.any(Number), 401, 404, 400]);
    for (const r of answers) {
      expectSecurityHeaders(r.headers);
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    for (const r of answers.slice(2)) expect(r.headers.get('content-type')).toBe('application/problem+json');
    // Only the API reference page allows its own inline <style>; nothing allows inline scripts.
    const docs = await fetch(`${server.url}/docs`);
    expectSecurityHeaders(docs.headers, DOCS_CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(DOCS_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('web files and the SPA fallback carry the security headers (and keep their own caching)', async () => {
    const asset = await fetch(`${server.url}/assets/app-abcdef12.js`);
    expectSecurityHeaders(asset.headers);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    const page = await fetch(`${server.url}/designer/some/route`);
    expectSecurityHeaders(page.headers);
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('the web-file handler refuses with problem+json: bad method, bad percent-encoding, app not built', async () => {
    const post = await fetch(`${server.url}/index.html`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const notBuilt = await fetch(`${bare.url}/`);
    expect(notBuilt.status).toBe(404);
    const badPath = await rawExchange(server.port, 'GET /% HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(badPath.status).toBe(400);
    expect(badPath.headers).toContain('content-type: application/problem+json');
    expect(JSON.parse(badPath.body)).toMatchObject({ status: 400, code: 'bad_path' });
    for (const r of [post, notBuilt]) {
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expectSecurityHeaders(r.headers);
      expect(await r.json()).toMatchObject({ status: r.status, code: expect.any(String) });
    }
  });

  it.each([
    ['an unknown method', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n', 400],
    ['a control character in the target', 'GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['an invalid absolute target', 'GET http://[bad/ HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['an invalid Host header', 'GET / HTTP/1.1\r\nHost: [bad\r\n\r\n', 400],
    ['a bad Content-Length', 'POST /api/cases HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n', 400],
    ['an Expect the server cannot meet', 'GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n', 417],
    ['a CONNECT (not a proxy)', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405],
    ['an HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 400],
    [
      'both Content-Length and chunked',
      'POST /api/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
    ],
    ['oversized headers', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ])('answers %s with problem+json and the security headers', async (_what, request, status) => {
    const answer = await rawExchange(server.port, request);
    expect(answer.status).toBe(status);
    expect(answer.headers).toContain('content-type: application/problem+json');
    expect(answer.headers).toContain("frame-ancestors 'none'");
    expect(answer.headers).toContain('x-content-type-options: nosniff');
    expect(answer.headers).toContain('referrer-policy: no-referrer');
    expect(JSON.parse(answer.body)).toMatchObject({
      status,
      code: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('still serves well-formed requests after refusing malformed ones', async () => {
    expect(
      (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
  });
});
