import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportGap } from '../../../../tests/support/environment.ts';
import { sharedFixtureOrGap } from '../../../../tests/support/sharedFixture.ts';

/** The XES schema, one of the shared fixtures (absent on a fresh clone). */
export const XES_SCHEMA_FIXTURE = 'xes/xes-ieee-1849-2016.xsd';

/** True when Debian's xmllint (package libxml2-utils) is on the PATH. */
export function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

/** Validates an XML document against a schema file; returns xmllint's verdict and messages. */
function validateAgainst(schema: string, xml: string): { ok: boolean; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'continuum-xes-')), 'log.xes');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/**
 * A validator against the XES (IEEE 1849-2016) schema, or undefined when xmllint or the shared
 * schema is missing: each gap is reported loudly (a failure under CONTINUUM_REQUIRE_ALL=1).
 */
export function xesValidator(suite: string): ((xml: string) => { ok: boolean; output: string }) | undefined {
  if (!xmllintAvailable()) {
    reportGap(suite, 'install xmllint: apt-get install -y libxml2-utils');
    return undefined;
  }
  const schema = sharedFixtureOrGap(XES_SCHEMA_FIXTURE, suite);
  return schema === undefined ? undefined : (xml) => validateAgainst(schema, xml);
}
