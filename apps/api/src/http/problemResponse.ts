import type { Problem } from './problem.ts';
import { applySecurityHeaders } from './securityHeaders.ts';

/**
 * A problem as a plain Response, for error paths outside a Hono context (the web-file handler, the
 * request listener's own errors); it carries the security headers like every other answer.
 */
export function problemResponse(
  problem: Problem,
  path = '/',
  headers: Record<string, string> = {},
): Response {
  const response = new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
  applySecurityHeaders(response.headers, path);
  return response;
}
