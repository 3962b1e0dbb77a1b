import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFirstAdminToken, type RunningServer, startServer } from '@continuum/api';
import type { Store } from '@continuum/store';
import type { Command } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import type { Output } from '../output.ts';
import { loadDemoTracked } from './demo.ts';
import { wholeNumber } from './wholeNumber.ts';
import { withExamples } from './withExamples.ts';

/** The web app's folder and its build output, relative to this file (apps/cli/src/commands). */
const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));
/** Where versions before issue 11 kept the demo admin token in plaintext (removed on start). */
const LEGACY_DEMO_TOKEN_FILE = 'demo-token';

/**
 * `continuum serve`: migrates, loads the demo into an empty store (first start), builds the web app
 * if it has never been built, then serves API and web app on one port until Ctrl-C.
 */
export function registerServe(program: Command, deps: CommandDeps): void {
  withExamples(
    program
      .command('serve')
      .description('serve the API and the web app on one port (first start: migrate and load the demo)'),
    [
      'continuum serve',
      'PORT=8080 continuum serve --no-demo --no-build',
      'continuum serve --request-timeout 240',
    ],
  )
    .option('--no-demo', 'do not load the demo into an empty store')
    .option('--no-build', 'do not build the web app when apps/web/dist is missing')
    .option('--web-dist <dir>', 'serve the web app from this folder', join(WEB_DIR, 'dist'))
    .option('--no-worker', 'only queue simulation runs, for `continuum worker` processes (PostgreSQL)')
    .option(
      '--request-timeout <minutes>',
      'longest time one request may take to arrive, 1-1440 (a large upload over a slow line)',
      wholeNumber('--request-timeout', 1, 1440, 'minutes'),
      120,
    )
    .action(
      async (opts: {
        demo: boolean;
        build: boolean;
        webDist: string;
        worker: boolean;
        requestTimeout: number;
      }) => {
        if (!opts.worker && !deps.config().databaseUrl)
          throw new CliError(
            '--no-worker needs a shared PostgreSQL database (DATABASE_URL): with SQLite nothing else could run the simulations.',
            ExitCode.usage,
            'worker_needs_postgres',
          );
        const config = deps.config();
        const out = deps.output();
        const ctx = await openContext(config);
        let demoLoaded = false;
        let token: string | undefined;
        try {
          if (opts.demo && (await ctx.store.cases.counts()).cases === 0) {
            out.info('First start: loading the demo service (5 years of synthetic cases)...');
            const demo = await loadDemoTracked(out, ctx.store, ctx.hmacKey);
            out.info(`Demo loaded: ${demo.ingest.casesCreated} cases, ${demo.ingest.acceptedRows} events.`);
            demoLoaded = true;
          }
          token = await firstStartToken(ctx.store, config.dataDir, opts.demo, out);
        } finally {
          await ctx.store.close();
        }
        const webDist = opts.build ? ensureWebBuild(opts.webDist, out) : opts.webDist;
        let server: RunningServer;
        try {
          server = await startServer({
            port: config.port,
            host: config.host,
            dataDir: config.dataDir,
            databaseUrl: config.databaseUrl,
            hmacKey: config.hmacSecret,
            webDist: existsSync(join(webDist, 'index.html')) ? webDist : undefined,
            ...(opts.worker ? {} : { simulations: { worker: false } }),
            requestTimeoutMs: opts.requestTimeout * 60_000,
          });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EADDRINUSE' || code === 'EACCES') {
            throw new CliError(
              `Cannot listen on ${config.host}:${config.port} (${code}); set PORT.`,
              ExitCode.usage,
              'listen_failed',
            );
          }
          throw error;
        }
        const web = existsSync(join(webDist, 'index.html'));
        out.result(
          [
            `Continuum is running at ${server.url}/${web ? '' : ' (API only: the web app is not built)'}`,
            `API docs: ${server.url}/docs`,
            opts.worker
              ? `Simulations run in this process (${server.store.jobs.implementation} queue).`
              : 'Simulations are queued for continuum worker processes (--no-worker).',
            token
              ? `Admin token (shown this once; it is not stored, keep it safe): ${token}`
              : 'Admin tokens are shown only when created: continuum token create --role admin (list: continuum token list)',
            'Press Ctrl-C to stop.',
          ].join('\n'),
          {
            url: server.url,
            port: server.port,
            token: token ?? null,
            web,
            demoLoaded,
            requestTimeoutMinutes: server.requestTimeoutMs / 60_000,
          },
        );
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            out.info('Stopping...');
            server.close().then(resolve, resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        out.info('Stopped.');
      },
    );
}

/**
 * The admin token to print: only on the database's first start (createFirstAdminToken: none when an
 * admin exists or the first one was issued before, e.g. from another data folder on a shared
 * database). Nothing is kept on disk; a plaintext demo-token file left by an older version is removed.
 */
async function firstStartToken(
  store: Store,
  dataDir: string,
  demo: boolean,
  out: Output,
): Promise<string | undefined> {
  const legacy = join(dataDir, LEGACY_DEMO_TOKEN_FILE);
  if (existsSync(legacy)) {
    rmSync(legacy, { force: true });
    out.info(
      `Removed ${legacy}: tokens are no longer kept in plaintext (revoke it with continuum token list / revoke).`,
    );
  }
  return createFirstAdminToken(store, demo ? 'first admin (demo)' : 'first admin');
}

/** Builds apps/web with vite when its dist folder is missing; on failure the API is served alone. */
function ensureWebBuild(webDist: string, out: Output): string {
  if (existsSync(join(webDist, 'index.html')) || !existsSync(join(WEB_DIR, 'package.json'))) return webDist;
  if (webDist !== join(WEB_DIR, 'dist')) return webDist;
  out.info('Building the web app (first start)...');
  const r = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: WEB_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) out.info('The web app did not build; serving the API only.');
  return webDist;
}
