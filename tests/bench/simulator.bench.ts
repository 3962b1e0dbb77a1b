// Benchmark: the what-if simulator on the default pathway with capacities sized for ~90% utilisation.
//  1. Jersey scale: 1,600 referrals a year, 5 years (+1 year warm-up), 1,000 replications over worker threads. Goal < 5 s.
//  2. England scale: 650,000 referrals a year, 5 years, one replication on one core (this thread). Goal < 5 s.
//  3. Memory: peak heap for 100 vs 1,000 replications in this thread (statistics are online).
// Run: npx tsx --expose-gc tests/bench/simulator.bench.ts   (npm run bench runs every tests/bench/*.bench.ts)
import { availableParallelism, loadavg } from 'node:os';
import { defaultPathway, type PathwayDefinitionInput } from '@continuum/machines';
import { defaultWorkers, offeredLoad, runSimulation, withCapacitiesAt } from '@continuum/simulator';

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });
const at = (perYear: number): PathwayDefinitionInput =>
  withCapacitiesAt({ ...defaultPathway, arrivals: { ...defaultPathway.arrivals, perYear } }, 0.9);
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
let t = performance.now();
const jerseyCpu0 = process.cpuUsage(); // process-wide: includes the worker threads
const j = await runSimulation({
  pathway: jersey,
  replications: 1_000,
  seed: 1,
  warmupDays: 365,
  horizonDays: 1_826,
  workers,
});
const jerseySeconds = (performance.now() - t) / 1000;
const jerseyCpu = process.cpuUsage(jerseyCpu0);
const jerseyCpuSeconds = (jerseyCpu.user + jerseyCpu.system) / 1e6;
console.log(
  `Jersey: 1,000 replications x (1 y warm-up + 5 y) over ${workers} worker threads: ${jerseySeconds.toFixed(2)} s ` +
    `(${fmt(j.events / jerseySeconds)} events/s, ${fmt(j.events)} events; ${jerseyCpuSeconds.toFixed(1)} CPU-s = ` +
    `${fmt(j.events / jerseyCpuSeconds)} events per CPU-second) goal 5 s ${jerseySeconds < 5 ? 'MET' : 'NOT MET'}`,
);
const ehWait = j.stages.find((s) => s.stage === 'early_help')!.stats.meanWait;
console.log(
  `  early help mean wait ${ehWait.mean.toFixed(1)} days (90% CI ${ehWait.ciLow.toFixed(1)}-${ehWait.ciHigh.toFixed(1)})`,
);

// 2. England scale, one core
const england = at(650_000);
const load = offeredLoad(england).reduce((s, l) => s + l.load, 0);
t = performance.now();
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
    `steady-state open cases ~${fmt(load)}) goal 5 s ${englandSeconds < 5 ? 'MET' : 'NOT MET'}`,
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
