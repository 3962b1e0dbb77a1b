import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, startServer } from '@continuum/api';
import type { Store } from '@continuum/store';
import type { Command } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import type { Output } from '../output.ts';
import { loadDemoTracked } from './demo.ts';

/** The web app's folder and its build output, relative to this file (apps/cli/src/commands). */
const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));
const DEMO_TOKEN_FILE = 'demo-token';

/**
 * `continuum serve`: migrates, loads the demo into an empty store (first start), builds the web app
 * if it has never been built, then serves API and web app on one port until Ctrl-C.
 */
export function registerServe(program: Command, deps: CommandDeps): void {
  program
    .command('serve')
    .description('serve the API and the web app on one port (first start: migrate and load the demo)')
    .option('--no-demo', 'do not load the demo into an empty store')
    .option('--no-build', 'do not build the web app when apps/web/dist is missing')
    .option('--web-dist <dir>', 'serve the web app from this folder', join(WEB_DIR, 'dist'))
    .action(async (opts: { demo: boolean; build: boolean; webDist: string }) => {
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
        token = await demoToken(ctx.store, config.dataDir, opts.demo);
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
          token
            ? `Token (admin${demoLoaded ? ', demo' : ''}): ${token}`
            : 'Create a token with: continuum token create --role admin',
          'Press Ctrl-C to stop.',
        ].join('\n'),
        { url: server.url, port: server.port, token: token ?? null, web, demoLoaded },
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
    });
}

/**
 * The token to print: in demo mode a saved admin token (data/demo-token, mode 0600) so every start
 * shows a working one; otherwise a first admin token only when no admin exists (shown once).
 */
async function demoToken(store: Store, dataDir: string, demo: boolean): Promise<string | undefined> {
  const file = join(dataDir, DEMO_TOKEN_FILE);
  if (demo && existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (await store.tokens.verify(saved)) return saved;
  }
  if (!demo && (await store.tokens.countAdmins()) > 0) return undefined;
  const { token } = await store.tokens.create('admin', demo ? 'demo (serve)' : 'first admin');
  if (demo) writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
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
