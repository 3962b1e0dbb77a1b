import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { problemOf } from './http/problem.ts';
import { problemResponse } from './http/problemResponse.ts';
import { applySecurityHeaders } from './http/securityHeaders.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves the built web app: files under `root` by path (never outside it), and index.html for any
 * other GET so client-side routes work on reload (SPA fallback). Every answer carries the security
 * headers; every refusal is problem+json.
 */
export function staticFiles(root: string): (request: Request) => Response {
  const base = resolve(root);
  const index = join(base, 'index.html');
  return (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return problemResponse(
        problemOf(405, 'method_not_allowed', `The web app answers GET and HEAD only, not ${request.method}.`),
        url.pathname,
        { allow: 'GET, HEAD' },
      );
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return problemResponse(
        problemOf(400, 'bad_path', 'The path has a malformed percent-encoding.', 'path'),
        url.pathname,
      );
    }
    const file = normalize(join(base, path));
    const inside = file === base || file.startsWith(base + sep);
    const target = inside && existsSync(file) && statSync(file).isFile() ? file : index;
    if (!existsSync(target)) {
      return problemResponse(
        problemOf(404, 'web_app_not_built', 'The web app is not built: run `npm run build`.'),
        url.pathname,
      );
    }
    const type = TYPES[extname(target)] ?? 'application/octet-stream';
    const immutable = target !== index && /[.-][0-9a-zA-Z_-]{8,}\.(js|css|woff2|svg|png)$/.test(target);
    const response = new Response(request.method === 'HEAD' ? null : readFileSync(target), {
      headers: {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
    applySecurityHeaders(response.headers, url.pathname);
    return response;
  };
}
