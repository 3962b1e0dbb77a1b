import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './AppDeps.ts';
import { docsPage } from './http/docsPage.ts';
import { jsonBodyLimit } from './http/jsonBodyLimit.ts';
import { buildOpenApi } from './http/openapi.ts';
import { problemOf, sendProblem, toProblem } from './http/problem.ts';
import { RouteRegistry, type RouteSpec } from './http/RouteRegistry.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { caseRoutes } from './routes/caseRoutes.ts';
import { exportRoutes } from './routes/exports.ts';
import { ingestRoutes } from './routes/ingestRoutes.ts';
import { meRoutes } from './routes/meRoutes.ts';
import { pathwayRoutes } from './routes/pathwayRoutes.ts';
import { simulationRoutes } from './routes/simulations.ts';
import { stageRoutes } from './routes/stageRoutes.ts';
import { tokenRoutes } from './routes/tokenRoutes.ts';

const registries = new WeakMap<Hono<AppEnv>, RouteRegistry>();

/** The routes an app registered with their declared roles (tests walk them; OpenAPI is built from them). */
export function routesOf(app: Hono<AppEnv>): readonly RouteSpec[] {
  return registries.get(app)?.specs ?? [];
}

/**
 * Builds the HTTP app (no listening: server.ts does that, tests call `app.request()`). Every route
 * declares its roles through the registry; errors leave as RFC 9457 problem+json.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const registry = new RouteRegistry(app, deps.store, deps.tokenCacheMs, deps.failedAuthLimits);
  registries.set(app, registry);
  // First, so every answer (routes, errors, 404s) gets the security headers and API no-store.
  app.use('*', securityHeaders());

  const jsonLimit = jsonBodyLimit(deps.jsonBodyLimit ?? 1024 * 1024, (c) =>
    sendProblem(
      c,
      problemOf(
        413,
        'payload_too_large',
        `The body is larger than ${deps.jsonBodyLimit ?? 1024 * 1024} bytes.`,
        'body',
      ),
    ),
  );
  // Ingest streams its body with its own (much larger) cap; every other body is small JSON.
  app.use('/api/*', (c, next) => (c.req.path === '/api/ingest' ? next() : jsonLimit(c, next)));
  app.onError((error, c) => sendProblem(c, toProblem(error)));

  meRoutes(registry);
  pathwayRoutes(registry, deps);
  caseRoutes(registry, deps);
  stageRoutes(registry, deps);
  ingestRoutes(registry, deps);
  simulationRoutes(registry, deps);
  exportRoutes(registry, deps);
  analyticsRoutes(registry, deps);
  tokenRoutes(registry, deps);
  // Other areas mount here, one line each, e.g. analyticsRoutes(registry, deps).

  app.get('/openapi.json', (c) => c.json(buildOpenApi(registry.specs)));
  app.get('/docs', (c) => c.html(docsPage(registry.specs)));
  app.notFound((c) =>
    sendProblem(c, problemOf(404, 'not_found', `No route ${c.req.method} ${c.req.path}; see /docs.`)),
  );
  return app;
}
