#!/usr/bin/env node
// `npm test`: typecheck, lint, every vitest project; then names, loudly, each suite that could not run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gapsFile = join(mkdtempSync(join(tmpdir(), 'continuum-gaps-')), 'gaps.txt');
const env = { ...process.env, CONTINUUM_GAPS_FILE: gapsFile };
const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npx', ['biome', 'check', '.']],
  ['dependency rules (dependency-cruiser)', 'npm', ['run', '--silent', 'deps']],
  ['dead exports and dependencies (knip)', 'npm', ['run', '--silent', 'deadcode']],
  ['unit and component tests', 'npx', ['vitest', 'run', '--project', 'unit', '--project', 'web']],
  ['end-to-end tests (Chromium)', 'npx', ['vitest', 'run', '--project', 'e2e', '--passWithNoTests']],
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
if (failed.length > 0) {
  console.log(`\nFAILED: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nAll checks passed.');
