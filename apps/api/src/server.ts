import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { CaseService, checkHmacKey, loadOrCreateHmacKey, openStore, type Store } from '@continuum/store';
import type { AppDeps } from './AppDeps.ts';
import { publishDefaultPathwayIfEmpty } from './bootstrap.ts';
import { type ContinuumApp, createApp } from './createApp.ts';
import { answerClientError, answerConnect, answerUnmetExpectation } from './http/preRouteAnswers.ts';
import { problemOf, toProblem } from './http/problem.ts';
import { problemResponse } from './http/problemResponse.ts';
import { staticFiles } from './staticFiles.ts';

/** How to start the server; the CLI maps flags and environment variables onto this. */
export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  dataDir: string;
  /** PostgreSQL URL; SQLite under dataDir when absent. */
  databaseUrl?: string | undefined;
  /** The built web app (apps/web/dist) to serve at `/`. */
  webDist?: string | undefined;
  /** Pseudonymisation key; generated into dataDir on first start when absent. */
  hmacKey?: string | undefined;
  calendar?: AppDeps['calendar'];
  /** How simulation runs are run (worker threads, lease timing, `worker: false` to only queue them); tests shrink them. */
  simulations?: AppDeps['simulations'];
  /**
   * Longest time to receive one whole request, ms (default 2 hours: an upload of up to 2 GiB over
   * a slow line; Node's own default of 5 minutes cut off large imports). Headers must still arrive
   * within Node's 60 s, and a background upload with no piece for 10 minutes is failed anyway.
   */
  requestTimeoutMs?: number;
}

/** The default longest time to receive one request, ms. */
const REQUEST_TIMEOUT_MS = 2 * 60 * 60_000;

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  app: ContinuumApp;
  /** The longest time one request may take to arrive, ms, as the listening server has it. */
  requestTimeoutMs: number;
  /**
   * Stops accepting connections, stops running simulations (recorded failed, see ContinuumApp.close)
   * and closes the worker pool, finishes in-flight requests (progress streams end once their run
   * has), then closes the store. SIGTERM in `continuum serve` calls it.
   */
  close(): Promise<void>;
}

/**
 * Opens (creating on first start) the store, publishes the default pathway if there is none, and
 * listens: API, /openapi.json, /docs, and the web build at `/`.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const store = await openStore({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  let created: ContinuumApp | undefined;
  try {
    await publishDefaultPathwayIfEmpty(store);
    const hmacKey = loadOrCreateHmacKey(options.dataDir, options.hmacKey);
    // Records the key's fingerprint on first start; another key on the same database is refused.
    await checkHmacKey(store.settings, hmacKey);
    const deps: AppDeps = {
      store,
      hmacKey,
      cases: new CaseService(store, hmacKey),
      calendar: options.calendar,
      ...(options.simulations ? { simulations: options.simulations } : {}),
    };
    const app = createApp(deps);
    created = app;
    // This instance's own job workers (unless simulations.worker is false) take jobs queued by any
    // instance from now on, not only after its first run or import.
    await app.services.startWorkers();
    const web = options.webDist ? staticFiles(options.webDist) : undefined;
    // `env` carries node-server's { incoming, outgoing }: jsonBodyLimit reads JSON bodies from it.
    const fetch = (request: Request, env?: unknown) => {
      if (!web) return app.fetch(request, env);
      const path = new URL(request.url).pathname;
      if (path.startsWith('/api/') || path === '/api' || path === '/openapi.json' || path === '/docs') {
        return app.fetch(request, env);
      }
      return web(request);
    };
    const host = options.host ?? '127.0.0.1';
    const listener = getRequestListener(fetch, {
      hostname: host,
      // A request node-server cannot turn into a Request (bad target or Host) arrives as a
      // RequestError; anything else thrown outside the app is a 500. Both leave as problem+json.
      errorHandler: (error) =>
        error instanceof Error && error.name === 'RequestError'
          ? problemResponse(
              problemOf(
                400,
                'malformed_request',
                `The request target or Host is not valid: ${error.message}.`,
              ),
            )
          : problemResponse(toProblem(error)),
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = createServer({ requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS }, listener);
      // Requests Node's parser refuses (bad method, oversized headers, broken framing) never reach
      // the listener; without this Node answers them with an empty 400/431.
      s.on('clientError', answerClientError);
      s.on('checkExpectation', (_request, response) => answerUnmetExpectation(response));
      s.on('connect', (_request, socket) => answerConnect(socket));
      s.once('error', reject);
      s.listen(options.port, host, () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    let closing: Promise<void> | undefined;
    // Build the analytics index in the background now, so the first map request does not wait for
    // it (about 50 s at 10 M events); requests arriving meanwhile join the same load.
    app.services.warmUp((error) => console.error(`Analytics index could not be loaded: ${String(error)}`));
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      port,
      store,
      app,
      requestTimeoutMs: server.requestTimeout,
      close: () => {
        closing ??= (async () => {
          const closeIdle = () =>
            (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          const stopped = new Promise<void>((resolve) => {
            server.close(() => resolve());
            closeIdle();
          });
          // Runs end (and record why) while the store is open; their progress streams then end too,
          // and each connection is closed as soon as its last response is sent (not after keep-alive).
          await app.close();
          const sweep = setInterval(closeIdle, 50);
          closeIdle();
          await stopped.finally(() => clearInterval(sweep));
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await created?.close();
    await store.close();
    throw error;
  }
}
