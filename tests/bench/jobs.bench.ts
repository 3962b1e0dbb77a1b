// Benchmark: simulation runs as jobs on PostgreSQL shared by `continuum worker` processes.
//  4 Jersey runs (1,600 referrals a year, 1 y warm-up + 5 y, 1,000 replications each, seeds 1-4),
//  queued through the API (which runs none itself), finished by one worker process with one simulator
//  thread and by two such workers, alternately (1, 2, 2, 1; best of each). Goal: two workers take
//  about half the time of one.
//  Needs PostgreSQL at 127.0.0.1:5432 (CONTINUUM_TEST_PG_URL); the bench database is dropped after.
// Run: npx tsx tests/bench/jobs.bench.ts   (npm run bench -- jobs)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPathway } from '@continuum/machines';
import { withCapacitiesAt } from '@continuum/simulator';
import { openStore } from '@continuum/store';
import pg from 'pg';
import { createTestApp } from '../../apps/api/src/testing/testApp.ts';
import { postgresAdminUrl, postgresAvailable } from '../support/environment.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const admin = async (text: string) => {
  const c = new pg.Client({ connectionString: postgresAdminUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
};

console.log(`machine: ${availableParallelism()} cores, Node ${process.version}, load average ${load()}`);
if (!(await postgresAvailable())) {
  console.log(`jobs: not run, no PostgreSQL at ${postgresAdminUrl}`);
  process.exit(1);
}
const database = `continuum_bench_jobs_${process.pid}`;
await admin(`CREATE DATABASE ${database}`);
const u = new URL(postgresAdminUrl);
u.pathname = `/${database}`;
const url = u.toString();
const dir = mkdtempSync(join(tmpdir(), 'continuum-bench-jobs-'));
const store = await openStore({ dataDir: dir, databaseUrl: url });
const children: ChildProcess[] = [];
try {
  const jersey = {
    ...withCapacitiesAt({ ...defaultPathway, arrivals: { ...defaultPathway.arrivals, perYear: 1_600 } }, 0.9),
    id: 'jersey_bench',
    name: 'Jersey benchmark',
  };
  await store.pathways.publish(jersey);
  const api = await createTestApp(store, dir, {
    simulationLimits: { maxRunsPerToken: 8, maxRunsGlobal: 8 },
    simulations: { worker: false },
  });

  const startWorker = async (name: string): Promise<ChildProcess> => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'apps/cli/src/main.ts', 'worker', '--concurrency', '1', '--threads', '1'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, CONTINUUM_DATA_DIR: join(dir, name), NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += d;
        if (/is running simulation jobs/.test(out)) resolve();
      });
      child.once('close', (code) => reject(new Error(`worker exited with ${code}: ${out}`)));
    });
    return child;
  };
  /** CPU seconds a worker process has used (all its threads), from /proc (Linux), or NaN. */
  const cpuSeconds = (child: ChildProcess): number => {
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    } catch {
      return Number.NaN;
    }
  };
  const stopWorker = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.kill('SIGTERM');
    });

  const batch = async (workers: number): Promise<number> => {
    const running = [];
    for (let i = 0; i < workers; i++) running.push(await startWorker(`w${workers}-${i}`));
    const started = performance.now();
    const ids: string[] = [];
    for (let seed = 1; seed <= 4; seed++) {
      const res = await api.call('analyst', 'POST', '/api/simulations', {
        pathwayId: 'jersey_bench',
        replications: 1_000,
        warmupDays: 365,
        horizonDays: 1_826,
        seed,
      });
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
      ids.push(((await res.json()) as { id: string }).id);
    }
    for (;;) {
      const runs = await Promise.all(
        ids.map(async (id) => (await api.call('manager', 'GET', `/api/simulations/${id}`)).json()),
      );
      const bad = runs.find((r) => r.status === 'failed' || r.status === 'cancelled');
      if (bad) throw new Error(`a run ended ${bad.status}: ${JSON.stringify(bad.error)}`);
      if (runs.every((r) => r.status === 'done')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = running.map(cpuSeconds);
    for (const w of running) await stopWorker(w);
    const busy = cpu.reduce((x, y) => x + y, 0) / seconds;
    console.log(
      `jobs: 4 Jersey runs x 1,000 replications (1 y warm-up + 5 y) on ${workers} worker process${workers === 1 ? '' : 'es'} x 1 simulator thread: ${seconds.toFixed(2)} s wall, worker CPU ${cpu.map((c) => c.toFixed(1)).join(' + ')} s (${busy.toFixed(2)} cores busy; load average now ${load()})`,
    );
    return seconds;
  };

  // A-B-B-A, best of each: other work on the machine moves wall-clock figures by 2-3x, and drifts.
  const times = { 1: [] as number[], 2: [] as number[] };
  for (const workers of [1, 2, 2, 1] as const) times[workers].push(await batch(workers));
  const one = Math.min(...times[1]);
  const two = Math.min(...times[2]);
  console.log(
    `jobs: best of two: one worker ${one.toFixed(2)} s, two workers ${two.toFixed(2)} s = ${((two / one) * 100).toFixed(0)}% of one worker's time (goal about 50%; ${availableParallelism()} cores shared with PostgreSQL and the API)`,
  );
  await api.app.close();
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await store.close();
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
}
