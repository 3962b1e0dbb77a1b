import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The XES schema shipped with the shared fixtures. */
export const XES_SCHEMA = fileURLToPath(
  new URL('../../../../../shared/fixtures/xes/xes-ieee-1849-2016.xsd', import.meta.url),
);

/** True when Debian's xmllint (package libxml2-utils) is on the PATH. */
export function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

/** Validates an XML document against the XES schema; returns xmllint's verdict and messages. */
export function validateXes(xml: string): { ok: boolean; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'continuum-xes-')), 'log.xes');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', XES_SCHEMA, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
