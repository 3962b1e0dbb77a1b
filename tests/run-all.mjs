#!/usr/bin/env node
// `npm test`: typecheck, lint, every vitest project; then names, loudly, each suite that could not run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runDir = mkdtempSync(join(tmpdir(), 'continuum-gaps-'));
const gapsFile = join(runDir, 'gaps.txt');
const env = { ...process.env, CONTINUUM_GAPS_FILE: gapsFile };
// Each vitest step also writes a JSON report, so the failures can be named again at the very end:
// CI shows only the tail of a long log, where vitest's own failure details have scrolled away.
const vitestReport = (name) => [
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(runDir, `${name}.json`)}`,
];
const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npx', ['biome', 'check', '.']],
  ['dependency rules (dependency-cruiser)', 'npm', ['run', '--silent', 'deps']],
  ['dead exports and dependencies (knip)', 'npm', ['run', '--silent', 'deadcode']],
  [
    'unit and component tests',
    'npx',
    ['vitest', 'run', '--project', 'unit', '--project', 'web', ...vitestReport('unit')],
  ],
  [
    'end-to-end tests (Chromium)',
    'npx',
    ['vitest', 'run', '--project', 'e2e', '--passWithNoTests', ...vitestReport('e2e')],
  ],
];
const failed = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) failed.push(name);
}
const gaps = existsSync(gapsFile)
  ? [...new Set(readFileSync(gapsFile, 'utf8').split('\n').filter(Boolean))]
  : [];
if (gaps.length > 0) {
  console.log(`\n${'!'.repeat(78)}`);
  console.log('SUITES NOT RUN ON THIS MACHINE (set CONTINUUM_REQUIRE_ALL=1 to make this a failure):');
  for (const g of gaps) console.log(`  - ${g}`);
  console.log('!'.repeat(78));
}
/** The failed tests of one vitest JSON report, each with the first lines of its message. */
function failedTests(file) {
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const out = [];
  for (const suite of report.testResults ?? []) {
    const failures = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (failures.length === 0 && suite.status === 'failed') {
      out.push(
        `${suite.name}\n      ${String(suite.message ?? '')
          .split('\n')
          .slice(0, 6)
          .join('\n      ')}`,
      );
    }
    for (const t of failures) {
      const message = (t.failureMessages ?? []).join('\n').split('\n').slice(0, 6).join('\n      ');
      out.push(`${suite.name} > ${t.fullName}\n      ${message}`);
    }
  }
  return out;
}
const failures = ['unit', 'e2e'].flatMap((name) => failedTests(join(runDir, `${name}.json`)));
if (failures.length > 0) {
  console.log('\nFAILED TESTS:');
  for (const f of failures) console.log(`  - ${f}`);
}
if (failed.length > 0) {
  console.log(`\nFAILED: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nAll checks passed.');
