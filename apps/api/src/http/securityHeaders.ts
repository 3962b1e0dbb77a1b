import type { MiddlewareHandler } from 'hono';

/**
 * The Content-Security-Policy of every response. Scripts and styles only from this origin: the Vite
 * build has no inline script or style, and React Flow and uPlot set styles through the CSSOM, which
 * CSP allows (checked in Chromium on the designer, map and simulation views: no violation with
 * style-src 'self'); `data:` images for icons CSS may embed; no framing, plugins or <base>.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The API reference at /docs is one self-contained page with a <style> block (and no script). */
export const DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  "style-src 'self' 'unsafe-inline'",
);

/** Headers every answer carries (API, web files, error paths): no sniffing, framing or referrer leaks. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** True for paths whose answers may carry case-level data: never kept by a browser or proxy cache. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** Sets the security headers (and `Cache-Control: no-store` for API paths) on a response's headers. */
export function applySecurityHeaders(headers: Headers, path: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  if (path === '/docs') headers.set('content-security-policy', DOCS_CONTENT_SECURITY_POLICY);
  if (isApiPath(path)) headers.set('cache-control', 'no-store');
}

/** The Hono middleware form, so in-process `app.request()` answers carry the same headers as the socket. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    applySecurityHeaders(c.res.headers, c.req.path);
  };
}
