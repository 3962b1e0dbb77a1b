// Benchmark: the what-if simulator on the default pathway with capacities sized for ~90% utilisation.
//  1. Jersey scale: 1,600 referrals a year, 5 years (+1 year warm-up), 1,000 replications over pooled worker threads
//     (cold pool, warm pool, and warm pool without warm-up). Goal < 5 s.
//  2. England scale: 650,000 referrals a year, 5 years, one replication on one core (this thread). Goal < 5 s.
//  3. Memory: peak heap for 100 vs 1,000 replications in this thread (statistics are online).
// Run: npx tsx --expose-gc tests/bench/simulator.bench.ts   (npm run bench runs every tests/bench/*.bench.ts)
import { availableParallelism, loadavg } from 'node:os';
import { defaultPathway, type PathwayDefinitionInput } from '@continuum/machines';
import {
  defaultWorkers,
  offeredLoad,
  runSimulation,
  withCapacitiesAt,
  workerPool,
} from '@continuum/simulator';

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });
// The benchmark model as before early help had staffing and a give-up rule: capacities at 90% of the
// offered load, every waiting case patient (so the figures stay comparable across versions).
const at = (perYear: number): PathwayDefinitionInput =>
  withCapacitiesAt(
    {
      ...defaultPathway,
      arrivals: { ...defaultPathway.arrivals, perYear },
      stages: defaultPathway.stages.map(({ whenFull: _w, ...s }) => s),
    },
    0.9,
  );
const gc = (globalThis as { gc?: () => void }).gc;

console.log(
  `machine: ${availableParallelism()} cores, Node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

// 1. Jersey scale
const jersey = at(1_600);
const caps = jersey.stages.filter((s) => !s.terminal).map((s) => `${s.id} ${s.capacity}`);
console.log(`Jersey model capacities (90% of offered load): ${caps.join(', ')}`);
const workers = defaultWorkers(1_000);
// Threads come from a process-wide pool: the first run starts them (each compiles the engine's
// TypeScript), later runs reuse them. Both are reported, and a run without the 1-year warm-up.
const jerseyRun = async (label: string, warmupDays: number) => {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage(); // process-wide: includes the worker threads
  const r = await runSimulation({
    pathway: jersey,
    replications: 1_000,
    seed: 1,
    warmupDays,
    horizonDays: 1_826,
    workers,
  });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  console.log(
    `Jersey ${label}: 1,000 replications x (${warmupDays > 0 ? '1 y warm-up + ' : ''}5 y) over ${workers} worker threads: ${seconds.toFixed(2)} s wall ` +
      `(${fmt(r.events)} events, ${fmt(r.events / seconds)} events/s; ${cpuSeconds.toFixed(1)} CPU-s = ` +
      `${fmt(r.events / cpuSeconds)} events per CPU-second; load ${loadavg()[0]!.toFixed(1)}) goal 5 s ${seconds < 5 ? 'MET' : 'NOT MET'}`,
  );
  return r;
};
const j = await jerseyRun('cold pool (threads start)', 365);
await jerseyRun('warm pool', 365);
await jerseyRun('warm pool, no warm-up', 0);
const ehWait = j.stages.find((s) => s.stage === 'early_help')!.stats.meanWait;
console.log(
  `  early help mean wait ${ehWait.mean.toFixed(1)} days (90% CI ${ehWait.ciLow.toFixed(1)}-${ehWait.ciHigh.toFixed(1)})`,
);

// 2. England scale, one core
const england = at(650_000);
const load = offeredLoad(england).reduce((s, l) => s + l.load, 0);
let t = performance.now();
const cpu0 = process.cpuUsage();
const e = await runSimulation({
  pathway: england,
  replications: 1,
  seed: 1,
  warmupDays: 0,
  horizonDays: 1_826,
  workers: 0,
});
const englandSeconds = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(
  `England: 650,000 referrals/y, 5 y from empty, 1 replication in this thread: ${englandSeconds.toFixed(2)} s wall, ` +
    `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (${fmt(e.events)} events, ${fmt(e.events / englandSeconds)} events/s; ` +
    `steady-state open cases ~${fmt(load)}; load ${loadavg()[0]!.toFixed(1)}) goal 5 s ${englandSeconds < 5 ? 'MET' : 'NOT MET'} (CPU ${(cpu.user + cpu.system) / 1e6 < 5 ? 'MET' : 'NOT MET'})`,
);

// 3. Memory flat in replications (in this thread, so the heap measured is the one holding the statistics)
for (const replications of [100, 1_000]) {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  t = performance.now();
  await runSimulation({
    pathway: jersey,
    replications,
    seed: 2,
    warmupDays: 365,
    horizonDays: 1_826,
    workers: 0,
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    },
  });
  gc?.();
  console.log(
    `memory: ${fmt(replications)} replications in one thread: heap before ${fmt(before / 1e6, 1)} MB, peak ${fmt(peak / 1e6, 1)} MB, ` +
      `after ${fmt(process.memoryUsage().heapUsed / 1e6, 1)} MB (${((performance.now() - t) / 1000).toFixed(1)} s)${gc ? '' : ' [run with --expose-gc for exact figures]'}`,
  );
}
await workerPool.close();
