import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './AppDeps.ts';
import { docsPage } from './http/docsPage.ts';
import { jsonBodyLimit } from './http/jsonBodyLimit.ts';
import { buildOpenApi } from './http/openapi.ts';
import { problemOf, sendProblem, toProblem } from './http/problem.ts';
import { RouteRegistry, type RouteSpec } from './http/RouteRegistry.ts';
import { pathWithoutPii } from './http/pathWithoutPii.ts';
import { refuseNulInUrl } from './http/refuseNulInUrl.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { calibrationRoutes } from './routes/calibration.ts';
import { caseRoutes } from './routes/caseRoutes.ts';
import { exportRoutes } from './routes/exports.ts';
import { importJobRoutes } from './routes/importJobRoutes.ts';
import { ingestRoutes } from './routes/ingestRoutes.ts';
import { meRoutes } from './routes/meRoutes.ts';
import { pathwayRoutes } from './routes/pathwayRoutes.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { simulationRoutes } from './routes/simulations.ts';
import { stageRoutes } from './routes/stageRoutes.ts';
import { worklistRoutes } from './routes/worklistRoutes.ts';
import { tokenRoutes } from './routes/tokenRoutes.ts';
import { type AppServices, createAppServices } from './services/AppServices.ts';

/**
 * The HTTP app with what it owns: `app.request()` and `app.fetch` as any Hono app, its services
 * (simulation runner, worker pool, analytics index), and `close()` to stop them.
 */
export type ContinuumApp = Hono<AppEnv> & {
  readonly services: AppServices;
  /**
   * Stops what the app started: running simulations are stopped and recorded failed ("the server
   * stopped during this run"; a run may take minutes, more than a shutdown waits), their final
   * status written before it resolves; then the worker pool's threads are terminated and the
   * analytics index's background load is awaited. The store stays open (it is the caller's).
   * Idempotent.
   */
  close(): Promise<void>;
};

const registries = new WeakMap<Hono<AppEnv>, RouteRegistry>();

/** The routes an app registered with their declared roles (tests walk them; OpenAPI is built from them). */
export function routesOf(app: Hono<AppEnv>): readonly RouteSpec[] {
  return registries.get(app)?.specs ?? [];
}

/**
 * Builds the HTTP app (no listening: server.ts does that, tests call `app.request()`) and the
 * services it owns. Every route declares its roles through the registry; errors leave as RFC 9457
 * problem+json (http/problem.ts maps every typed error in one place).
 */
export function createApp(deps: AppDeps): ContinuumApp {
  const services = createAppServices(deps.store, {
    ...deps.simulations,
    limits: deps.simulationLimits,
    hmacKey: deps.hmacKey,
    imports: deps.imports,
  });
  const app = Object.assign(new Hono<AppEnv>(), { services, close: () => services.close() });
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
  // Ingest and queued imports stream their bodies with their own (much larger) cap; every other body is small JSON.
  app.use('/api/*', (c, next) =>
    c.req.path === '/api/ingest' || c.req.path === '/api/imports' ? next() : jsonLimit(c, next),
  );
  app.use('/api/*', refuseNulInUrl());
  app.onError((error, c) => sendProblem(c, toProblem(error)));

  meRoutes(registry);
  pathwayRoutes(registry, deps);
  caseRoutes(registry, deps);
  stageRoutes(registry, deps);
  ingestRoutes(registry, deps);
  importJobRoutes(registry, deps, services);
  simulationRoutes(registry, deps, services);
  calibrationRoutes(registry, deps, services);
  scenarioRoutes(registry, deps, services);
  exportRoutes(registry, deps, services);
  analyticsRoutes(registry, deps, services);
  worklistRoutes(registry, deps, services);
  tokenRoutes(registry, deps);
  // Other areas mount here, one line each, e.g. analyticsRoutes(registry, deps).

  app.get('/openapi.json', (c) => c.json(buildOpenApi(registry.specs)));
  app.get('/docs', (c) => c.html(docsPage(registry.specs)));
  app.notFound((c) => {
    // A path the API has, asked with a method it does not answer there: 405 with the ones it does.
    const allowed = registry.methodsAt(c.req.path);
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return sendProblem(
        c,
        problemOf(
          405,
          'method_not_allowed',
          `${c.req.method} is not answered here; use ${allowed.join(' or ')}.`,
        ),
      );
    }
    return sendProblem(
      c,
      problemOf(404, 'not_found', `No route ${c.req.method} ${pathWithoutPii(c.req.path)}; see /docs.`),
    );
  });
  return app;
}
