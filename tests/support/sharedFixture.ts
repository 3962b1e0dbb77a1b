import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportGap } from './environment.ts';

/**
 * The external sample files (real formats, public sources) kept beside the repository in
 * `../shared/fixtures`, never copied into it: a fresh clone does not have them.
 */
export const sharedFixturesDir = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

const HOW_TO_ENABLE = `put the shared fixtures folder beside the repository (${sharedFixturesDir}); see its README for the sources`;

/** What a vitest test context offers to skip the running test. */
interface Skippable {
  skip(note?: string): never;
}

/**
 * The absolute path of a shared fixture (e.g. `annex-a/Annex_A_sample.xlsx`). When it is absent the
 * gap is reported loudly (a failure under CONTINUUM_REQUIRE_ALL=1) and the calling test is skipped.
 * @example it('reads the sample', (ctx) => { const file = sharedFixture('xes/x.xsd', ctx); ... })
 */
export function sharedFixture(path: string, ctx: Skippable): string {
  const file = sharedFixtureOrGap(path, `test on the shared fixture ${path}`);
  if (file === undefined) return ctx.skip(`shared fixture ${path} is absent`);
  return file;
}

/**
 * The same for a check inside a larger test that must still run: the path, or undefined after
 * reporting the gap (a failure under CONTINUUM_REQUIRE_ALL=1).
 */
export function sharedFixtureOrGap(path: string, suite: string): string | undefined {
  const file = join(sharedFixturesDir, path);
  if (existsSync(file)) return file;
  reportGap(suite, HOW_TO_ENABLE);
  return undefined;
}
