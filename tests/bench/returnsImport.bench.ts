// Benchmark: importing 10 years of an authority's statutory returns (a CIN census file and an
// SSDA903 return a year; 20,000 children in the census, 4,000 looked after; some histories with moves
// the pathway lacks, stored flagged as real returns need) into a fresh SQLite store
// with the real `continuum import` command, as a user runs it (process start included). Goal: under
// 30 s in all. Then the same files are imported again (every child already stored, so each is looked
// up and continued after its last stored date; nothing new is written), timed apart: the cost of the
// continuation path. Run: npm run bench -- returnsImport [cin children] [looked-after children]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateHmacKey, openStore, pseudonymise, storedPositions } from '@continuum/store';
import type { Ssda903File } from '../../packages/formats/src/ssda903/importSsda903.ts';
import { authorityReturns } from '../../packages/formats/src/testing/authorityReturns.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GOAL_SECONDS = 30;
const fmt = (n: number) => n.toLocaleString('en-GB');
const cinChildren = Number(process.argv[2] ?? 20_000);
const lookedAfter = Number(process.argv[3] ?? 4_000);

const dir = mkdtempSync(join(tmpdir(), 'continuum-bench-returns-'));
try {
  // Generated and written first (not timed).
  const generated = performance.now();
  const returns = authorityReturns({
    seed: 13,
    cinChildren,
    lookedAfterChildren: lookedAfter,
    firstYear: 2016,
    years: 10,
  });
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const cinFiles = returns.cin.map((f) => write(f.name, f.xml));
  const files903 = returns.ssda903.flatMap((y) =>
    [y.header, y.episodes, y.careLeavers].map((f) => write(f.name, csvOf(f))),
  );
  const mb = (paths: string[]) => (paths.reduce((n, p) => n + statSync(p).size, 0) / 1e6).toFixed(1);
  console.log(
    `generated ${returns.cin.length} CIN census files (${mb(cinFiles)} MB, ${fmt(cinChildren)} children) and ${returns.ssda903.length} SSDA903 returns (${mb(files903)} MB, ${fmt(lookedAfter)} children) in ${((performance.now() - generated) / 1000).toFixed(1)} s (not timed)`,
  );

  const cin = importFiles('CIN census', cinFiles);
  const s903 = importFiles('SSDA903', files903);
  const seconds = cin.seconds + s903.seconds;
  const events = cin.events + s903.events;
  console.log(
    `returns import (SQLite, 10 years, CIN + SSDA903): ${fmt(events)} events, ${fmt(cin.children + s903.children)} children in ${seconds.toFixed(1)} s = ${fmt(Math.round(events / seconds))} events/s (goal < ${GOAL_SECONDS} s) ${seconds < GOAL_SECONDS ? 'MET' : 'NOT MET'}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const cinAgain = importFiles('CIN census again', cinFiles);
  const s903Again = importFiles('SSDA903 again', files903);
  console.log(
    `returns import again (every child stored, continued): ${fmt(cinAgain.events + s903Again.events)} events written in ${(cinAgain.seconds + s903Again.seconds).toFixed(1)} s (CIN ${cinAgain.seconds.toFixed(1)} s, SSDA903 ${s903Again.seconds.toFixed(1)} s; first time ${cin.seconds.toFixed(1)} s and ${s903.seconds.toFixed(1)} s); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await lookupTimes([...returns.cinChildren, ...returns.lookedAfterChildren].map((c) => c.id));
  if (seconds >= GOAL_SECONDS) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The continuation path's lookup alone, in this process on the benchmark's store: every child's
 * stored position, in batches (storedPositions, as the importers use it) and one query per child
 * (as they did before), best of three each.
 */
async function lookupTimes(ids: readonly string[]): Promise<void> {
  const store = await openStore({ dataDir: dir });
  const key = loadOrCreateHmacKey(dir);
  try {
    const best = async (run: () => Promise<number>) => {
      let min = Number.POSITIVE_INFINITY;
      let found = 0;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        found = await run();
        min = Math.min(min, performance.now() - started);
      }
      return { ms: min, found };
    };
    const batch = await best(async () => (await storedPositions(store, key)(ids)).size);
    const perChild = await best(async () => {
      let n = 0;
      for (const id of ids) if (await store.cases.getByRef(pseudonymise(key, id))) n++;
      return n;
    });
    console.log(
      `stored children looked up (SQLite, ${fmt(ids.length)} children, ${fmt(batch.found)} found): in batches ${batch.ms.toFixed(0)} ms, one query per child ${perChild.ms.toFixed(0)} ms (${perChild.found === batch.found ? 'same children' : 'DIFFERENT children'}); load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await store.close();
  }
}

/** The CSV text of a generated SSDA903 table (the generator writes CSV tables). */
function csvOf(f: Ssda903File): string {
  if (!('csv' in f)) throw new Error(`${f.name}: expected a CSV table`);
  return f.csv;
}

/** Runs `continuum --json import <files>` on the benchmark's data folder and times it. */
function importFiles(label: string, files: string[]): { seconds: number; events: number; children: number } {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), '--json', 'import', ...files],
    {
      cwd: ROOT,
      env: { ...process.env, CONTINUUM_DATA_DIR: dir, DATABASE_URL: '', NO_COLOR: '1' },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0)
    throw new Error(`${label} import failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
  const out = JSON.parse(run.stdout) as {
    ingest: {
      rows: number;
      acceptedRows: number;
      outsidePathwayRows?: number;
      rejectedRows: number;
      casesCreated: number;
    };
    cin?: { children: number; elementsRead: number; counts: Record<string, number> };
    ssda903?: { children: number; tables: { rowsRead: number }[]; periodsOfCare: number };
  };
  const read = out.cin ? out.cin.elementsRead : out.ssda903!.tables.reduce((n, t) => n + t.rowsRead, 0);
  const children = out.cin?.children ?? out.ssda903!.children;
  console.log(
    `${label}: ${files.length} files, ${fmt(read)} ${out.cin ? 'elements' : 'rows'} read, ${fmt(children)} children, ${fmt(out.ingest.acceptedRows)} events written (${fmt(out.ingest.outsidePathwayRows ?? 0)} of them flagged outside the pathway, ${fmt(out.ingest.rejectedRows)} refused) in ${seconds.toFixed(1)} s${out.cin ? ` - ${JSON.stringify(out.cin.counts)}` : ''}`,
  );
  return { seconds, events: out.ingest.acceptedRows, children };
}
