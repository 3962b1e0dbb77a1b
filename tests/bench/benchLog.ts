// Shared by the benchmarks that ingest a generated log (run.ts only runs *.bench.ts files).
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { csvBatches, type IngestReport, ingestEvents, type Store } from '@continuum/store';

/** Small seeded PRNG (mulberry32), so every benchmark run generates the same log. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes generated chunks to a file (not timed), respecting back-pressure. */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/**
 * Streams a canonical CSV file into the store atomically, like an upload, and times it (wall, and
 * CPU of this process: the main thread and the SQLite writer thread). Refused rows fail the benchmark.
 */
export async function ingestFile(
  store: Store,
  file: string,
  hmacKey: Buffer,
): Promise<{ report: IngestReport; seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const report = await ingestEvents(store, csvBatches(createReadStream(file, { highWaterMark: 1 << 20 })), {
    mode: 'atomic',
    hmacKey,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (!report.committed || report.rejectedRows > 0) {
    throw new Error(
      `ingest rejected rows: ${report.rejectedRows} (first: ${JSON.stringify(report.rejected[0])})`,
    );
  }
  return { report, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
