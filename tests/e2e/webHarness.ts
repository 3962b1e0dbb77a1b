import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken, type RunningServer, startServer } from '@continuum/api';
import { loadOrCreateHmacKey, type Role } from '@continuum/store';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadDemo } from '../../apps/cli/src/demo/loadDemo.ts';
import { chromiumAvailable, chromiumPath, reportGap } from '../support/environment.ts';

const root = join(import.meta.dirname, '..', '..');
/** Where the end-to-end suites leave their screenshots (gitignored) for a person to look at. */
export const screenshotDir = join(import.meta.dirname, 'screenshots');

/** The real server with the demo data, a browser, and one token per role. */
export interface WebHarness {
  server: RunningServer;
  browser: Browser;
  tokens: Record<Role, string>;
  close(): Promise<void>;
}

/** True when Chromium is installed; otherwise reports the gap (a failure under CI) and returns false. */
export function browserReady(suite: string): boolean {
  if (chromiumAvailable()) return true;
  reportGap(suite, `install Debian's Chromium at ${chromiumPath} (apt-get install -y chromium)`);
  return false;
}

/**
 * Builds the web app, starts the real server on a free port with a temporary data directory, loads
 * the demo data (the simulator's five-year synthetic service, ingested through the store) and
 * launches Debian's Chromium. Nothing is mocked.
 */
export async function startWebHarness(): Promise<WebHarness> {
  execFileSync('npm', ['run', 'build', '-w', '@continuum/web'], { cwd: root, stdio: 'pipe' });
  mkdirSync(screenshotDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'continuum-e2e-'));
  const server = await startServer({ port: 0, dataDir, webDist: join(root, 'apps', 'web', 'dist') });
  try {
    await loadDemo(server.store, loadOrCreateHmacKey(dataDir));
    const roles: Role[] = ['admin', 'designer', 'manager', 'analyst', 'viewer'];
    const tokens = Object.fromEntries(
      await Promise.all(roles.map(async (r) => [r, await createToken(server.store, r, `e2e ${r}`)] as const)),
    ) as Record<Role, string>;
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    return {
      server,
      browser,
      tokens,
      close: async () => {
        await browser.close();
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Opens the app at 1280x800 and signs in through the sign-in form with a role's token. */
export async function signIn(h: WebHarness, role: Role, size = { width: 1280, height: 800 }): Promise<Page> {
  const page = await h.browser.newPage({ viewport: size });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${h.server.url}/`);
  await page.getByLabel('API token').fill(h.tokens[role]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('role').filter({ hasText: role }).waitFor();
  return page;
}
