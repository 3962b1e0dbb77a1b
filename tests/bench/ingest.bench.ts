// Benchmark: bulk ingest of 1,000,000 canonical events into SQLite, every move checked against the
// pathway's transition table. Goal: >= 200,000 events/s. Then the same 1,000,000 events into
// PostgreSQL (COPY into staging tables, merged per batch) when the server is there. Goal: >= 150,000
// events/s with the server on this machine. Run: npx tsx tests/bench/ingest.bench.ts [sqlite events] [postgres events]
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, defaultPathway, effectiveMoves } from '@continuum/machines';
import { loadOrCreateHmacKey, openStore, type Store } from '@continuum/store';
import pg from 'pg';
import { postgresAdminUrl, postgresAvailable } from '../support/environment.ts';
import { ingestFile, mulberry32, writeChunks } from './benchLog.ts';

const fmt = (n: number) => n.toLocaleString('en-GB');

const events = Number(process.argv[2] ?? 1_000_000);
const pgEvents = Number(process.argv[3] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'continuum-bench-ingest-'));
try {
  // The log is written to a file first (not timed), then streamed from disk like an upload.
  const file = join(dir, 'events.csv');
  await writeLog(file, events);
  await ingestInto('SQLite', await openStore({ dataDir: dir }), file, 200_000);
  if (pgEvents > 0 && (await postgresAvailable())) {
    const database = `continuum_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    try {
      const url = new URL(postgresAdminUrl);
      url.pathname = `/${database}`;
      let pgFile = file;
      if (pgEvents !== events) {
        pgFile = join(dir, 'events-pg.csv');
        await writeLog(pgFile, pgEvents);
      }
      const store = await openStore({ dataDir: dir, databaseUrl: url.href });
      await ingestInto('PostgreSQL', store, pgFile, 150_000, () => serverCpuSeconds(admin, database));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  } else if (pgEvents > 0) console.log('ingest (PostgreSQL): not run, no server at', postgresAdminUrl);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes a canonical log of about `count` events. */
function writeLog(file: string, count: number): Promise<void> {
  return writeChunks(file, canonicalCsv(count));
}

/**
 * CPU seconds used so far by the server processes serving `database` (PostgreSQL runs one process
 * per connection; Linux /proc). Background writers (WAL writer, checkpointer) are not included.
 */
async function serverCpuSeconds(admin: pg.Client, database: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    database,
  ]);
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // The process ended, or /proc is not there: not counted.
    }
  }
  return total;
}

/** Streams the file into a fresh store, atomically, and prints the rate (against `goal` when given). */
async function ingestInto(
  engine: string,
  store: Store,
  file: string,
  goal?: number,
  serverCpu?: () => Promise<number>,
): Promise<void> {
  await store.pathways.publish(defaultPathway);
  const server0 = serverCpu ? await serverCpu() : 0;
  const { report, seconds, cpuSeconds } = await ingestFile(store, file, loadOrCreateHmacKey(dir));
  const server = serverCpu ? `; server CPU ${((await serverCpu()) - server0).toFixed(2)} s` : '';
  const counts = await store.cases.counts();
  const rate = Math.round(report.rows / seconds);
  const verdict = goal ? ` (goal ${fmt(goal)}) ${rate >= goal ? 'MET' : 'NOT MET'}` : '';
  console.log(
    `ingest (${engine}, CSV file ${(statSync(file).size / 1e6).toFixed(0)} MB, atomic, every move checked): ${fmt(report.rows)} events, ` +
      `${fmt(counts.cases)} cases, ${fmt(counts.intervals)} stays in ${seconds.toFixed(2)} s = ${fmt(rate)} events/s${verdict}; ` +
      `CPU ${cpuSeconds.toFixed(2)} s in this process (${fmt(Math.round(report.rows / cpuSeconds))} events per CPU-second)${server}; ` +
      `load average ${loadavg()[0]!.toFixed(2)} on this machine`,
  );
  await store.close();
}

/**
 * Yields CSV chunks of a legal canonical event log of about `events` rows on the default pathway:
 * random walks by routing weight, cases interleaved in blocks of 500 sorted by time.
 */
function* canonicalCsv(events: number, seed = 1): Generator<string> {
  const pathway = compile(defaultPathway);
  const moves = effectiveMoves(pathway.definition);
  const rand = mulberry32(seed);
  const ageBands = ['under_1', '1_4', '5_9', '10_15', '16_17'];
  yield 'case_ref,stage,entered_at,event,event_id,age_band,primary_need\n';
  let written = 0;
  let caseNo = 0;
  const day = 86_400_000;
  // A million events span about 13 years of arrivals and stays: they start far enough back to end
  // before today (a row dated after the ingest began is refused).
  let clock = Date.parse('2005-01-01T00:00:00Z');
  while (written < events) {
    const block: [number, string][] = [];
    for (let c = 0; c < 500 && written < events; c++) {
      const ref = `C${++caseNo}`;
      clock += Math.floor(rand() * 3_600_000);
      let t = clock;
      let stage = pathway.definition.entry;
      block.push([
        t,
        `${ref},${stage},${new Date(t).toISOString()},,,${ageBands[caseNo % 5]},N${caseNo % 10}\n`,
      ]);
      written++;
      for (let step = 0; step < 12 && written < events; step++) {
        t += Math.floor(rand() * 60 * day) + 1000;
        if (rand() < 0.15) {
          block.push([t, `${ref},${stage},${new Date(t).toISOString()},management_oversight,,,\n`]);
          written++;
          continue;
        }
        const options = (moves.get(stage) ?? []).filter((m) => m.weight > 0);
        if (options.length === 0) break;
        const total = options.reduce((s, m) => s + m.weight, 0);
        const pick = rand() * total;
        let acc = 0;
        const move =
          options.find((m) => {
            acc += m.weight;
            return pick <= acc;
          }) ?? options[options.length - 1]!;
        if (pathway.definition.stages.find((s) => s.id === stage)?.terminal && rand() > move.weight) break;
        stage = move.to;
        const blank = rand() < 0.5 && pathway.eventsBetween(move.from, move.to).length === 1;
        block.push([t, `${ref},${stage},${new Date(t).toISOString()},${blank ? '' : move.event},,,\n`]);
        written++;
      }
    }
    block.sort((a, b) => a[0] - b[0]);
    let chunk = '';
    for (const [, line] of block) chunk += line;
    yield chunk;
  }
}
