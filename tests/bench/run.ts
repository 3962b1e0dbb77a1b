// `npm run bench`: runs every tests/bench/*.bench.ts in turn with tsx (each in its own process, so
// one benchmark's heap and threads do not disturb the next) and prints their figures at the end.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const results: { file: string; status: number | null; lines: string[]; seconds: number }[] = [];
console.log(
  `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = performance.now();
  // --expose-gc lets the simulator's memory figures collect garbage before each reading.
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout ?? '');
  results.push({
    file,
    status: r.status,
    lines: (r.stdout ?? '').split('\n').filter((l) => l.trim() !== ''),
    seconds: (performance.now() - started) / 1000,
  });
}
console.log('\n=== figures ===');
for (const r of results) {
  console.log(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${r.file} (${r.seconds.toFixed(0)} s)`);
  for (const line of r.lines.slice(-5)) console.log(`     ${line}`);
}
if (results.some((r) => r.status !== 0)) process.exitCode = 1;
