import {
  CaseService,
  checkHmacKey,
  loadOrCreateHmacKey,
  ROLES,
  type Role,
  type Store,
} from '@continuum/store';
import type { AppDeps } from '../AppDeps.ts';
import { publishDefaultPathwayIfEmpty } from '../bootstrap.ts';
import { type ContinuumApp, createApp } from '../createApp.ts';

/** An app over a test store with one token per role, and a helper to call it with a role. */
export interface TestApp {
  /** The app as the server builds it (createApp), with its services and close(). */
  app: ContinuumApp;
  deps: AppDeps;
  tokens: Record<Role, string>;
  /** `app.request` with the role's bearer token and, for objects, a JSON body. */
  call(
    role: Role | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

/**
 * Builds a TestApp through the server's own factory (createApp), so tests exercise the same wiring;
 * `overrides` carry anything AppDeps can (limits, simulation runner options, clock...).
 */
export async function createTestApp(
  store: Store,
  dataDir: string,
  overrides: Partial<AppDeps> = {},
): Promise<TestApp> {
  await publishDefaultPathwayIfEmpty(store);
  const hmacKey = loadOrCreateHmacKey(dataDir);
  await checkHmacKey(store.settings, hmacKey);
  // Generous failed-auth limits: suites that walk every route without a token are not throttle
  // tests (those pass their own limits).
  const deps: AppDeps = {
    store,
    hmacKey,
    cases: new CaseService(store, hmacKey),
    failedAuthLimits: {
      perAddress: { burst: 100_000, perMinute: 100_000 },
      global: { burst: 100_000, perMinute: 100_000 },
    },
    ...overrides,
  };
  const app = createApp(deps);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await store.tokens.create(role, `test ${role}`)).token;
  return {
    app,
    deps,
    tokens,
    call: (role, method, path, body, headers = {}) => {
      const h: Record<string, string> = { ...headers };
      if (role) h.authorization = `Bearer ${tokens[role]}`;
      let payload: string | undefined;
      if (body !== undefined) {
        payload = typeof body === 'string' ? body : JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
      return Promise.resolve(app.request(path, { method, headers: h, body: payload }));
    },
  };
}
