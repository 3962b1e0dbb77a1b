// Benchmark: bulk ingest of 1,000,000 canonical events into SQLite, every move checked against the
// pathway's transition table. Goal: >= 200,000 events/s. Run: npx tsx tests/bench/ingest.bench.ts [events]
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPathway } from '@continuum/machines';
import { csvBatches, ingestEvents, loadOrCreateHmacKey, openStore } from '@continuum/store';
import { canonicalCsv } from './eventLogGenerator.ts';

const events = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'continuum-bench-ingest-'));
try {
  const store = await openStore({ dataDir: dir });
  await store.pathways.publish(defaultPathway);
  const key = loadOrCreateHmacKey(dir);
  // The log is written to a file first (not timed), then streamed from disk like an upload.
  const file = join(dir, 'events.csv');
  const out = createWriteStream(file);
  for (const chunk of canonicalCsv(events)) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const report = await ingestEvents(store, csvBatches(createReadStream(file, { highWaterMark: 1 << 20 })), {
    mode: 'atomic',
    hmacKey: key,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (!report.committed || report.rejectedRows > 0) {
    console.error('ingest rejected rows:', report.rejected.slice(0, 5));
    process.exitCode = 1;
  }
  const counts = await store.cases.counts();
  const rate = Math.round(report.rows / seconds);
  console.log(
    `ingest (SQLite, CSV file ${(statSync(file).size / 1e6).toFixed(0)} MB, atomic, every move checked): ${report.rows.toLocaleString('en-GB')} events, ` +
      `${counts.cases.toLocaleString('en-GB')} cases, ${counts.intervals.toLocaleString('en-GB')} stays in ${seconds.toFixed(2)} s ` +
      `= ${rate.toLocaleString('en-GB')} events/s (goal 200,000) ${rate >= 200_000 ? 'MET' : 'NOT MET'}; ` +
      `CPU ${cpuSeconds.toFixed(2)} s (${Math.round(report.rows / cpuSeconds).toLocaleString('en-GB')} events per CPU-second)`,
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
