import { appendFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { existsSync } from 'node:fs';

/** Set by CI: a suite that cannot run (no PostgreSQL, no Chromium, no xmllint) is a failure, not a skip. */
export const requireAll = process.env.CONTINUUM_REQUIRE_ALL === '1';

/** The PostgreSQL server the suites use; each suite creates and drops its own database on it. */
export const postgresAdminUrl =
  process.env.CONTINUUM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** True when something accepts connections on the test PostgreSQL port. */
export async function postgresAvailable(): Promise<boolean> {
  const url = new URL(postgresAdminUrl);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(Number(url.port || 5432), url.hostname);
  });
}

/** True when Debian's Chromium is installed where the end-to-end suites expect it. */
export const chromiumPath = '/usr/bin/chromium';
/** Whether the browser for end-to-end tests is present. */
export const chromiumAvailable = () => existsSync(chromiumPath);

/**
 * Records a suite that could not run, so `npm test` can name it loudly at the end; under CI
 * (CONTINUUM_REQUIRE_ALL=1) it throws instead, turning the gap into a failure.
 */
export function reportGap(suite: string, howToEnable: string): void {
  const line = `${suite}: not run. ${howToEnable}`;
  if (requireAll) throw new Error(`Required suite cannot run: ${line}`);
  const file = process.env.CONTINUUM_GAPS_FILE;
  if (file) appendFileSync(file, `${line}\n`);
  console.warn(`\n!!! ${line}\n`);
}
