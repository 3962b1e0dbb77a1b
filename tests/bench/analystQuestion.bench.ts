// Benchmark: the analyst's question on the demo, as the web app asks it. "Early help capacity +20%,
// 2 years, 200 replications", from today's caseload, on the calibrated baseline, compared with the
// baseline (common random numbers), over a SQLite store holding the demo (5 years of a
// Jersey-sized service), through the app the server builds. Goal: the answer in under 5 s.
// Each round builds a new app (its own simulation threads and calibration cache, as after a server
// start) and measures, as the web app's calls:
// - the calibration list the page loads first: cold (calibrated from every stay) and warm (cached
//   under the store's change mark);
// - a run: POST /api/simulations, then its SSE progress stream until `done`, then GET the result:
//   1. the first question after the server starts (simulation threads cold),
//   2. a first question on a running server (threads warm, another seed: nothing kept),
//   3. the analyst's next question on the same baseline (early help +30%: the baseline is kept);
// then, with a new app per round that ran the server's warm-up first (calibration and live stock
// cached, threads started), the list and the first question together.
// Wall seconds depend on the machine's load (noted); CPU-seconds (all threads) much less.
// Run: npm run bench -- analystQuestion  (BENCH_ROUNDS=n, default 3)
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateHmacKey, openStore } from '@continuum/store';
import { createTestApp, type TestApp } from '../../apps/api/src/testing/testApp.ts';
import { loadDemo } from '../../apps/cli/src/demo/loadDemo.ts';

const load = () => loadavg()[0]!.toFixed(1);
console.log(
  `machine: ${availableParallelism()} cores, Node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const dir = mkdtempSync(join(tmpdir(), 'continuum-analyst-bench-'));
const store = await openStore({ dataDir: dir });
// The first app publishes the default pathway the demo runs on.
await (await createTestApp(store, dir)).app.close();
await loadDemo(store, loadOrCreateHmacKey(dir), () => {});
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const request = (seed: number, factor: number) => ({
  pathwayId: 'continuum_of_need',
  calibrationId: 'continuum_of_need@1',
  scenario: {
    name: `Early help +${Math.round((factor - 1) * 100)}%`,
    capacityMultiplier: { early_help: factor },
  },
  compare: true,
  horizonDays: 730,
  replications: 200,
  seed,
  startFrom: 'live',
});

/** Times a piece of work: wall seconds and CPU-seconds of every thread of this process. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await work();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** A run as the web app makes it: POST, the SSE stream until its end, then GET the result. */
async function ask(t: TestApp, body: unknown) {
  const phases: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    phases[name] = (performance.now() - t0) / 1000;
    t0 = performance.now();
  };
  const { id } = await (await t.call('analyst', 'POST', '/api/simulations', body)).json();
  lap('post');
  const events = await (await t.call('analyst', 'GET', `/api/simulations/${id}/events`)).text();
  if (!/event: done/.test(events)) throw new Error(`run did not finish: ${events.slice(-400)}`);
  lap('run');
  const run = await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json();
  lap('result');
  if (run.status !== 'done') throw new Error(`run ${run.status}: ${JSON.stringify(run.error)}`);
  return { run, phases };
}

const figures: Record<string, { wall: number[]; cpu: number[] }> = {};
const note = (name: string, wall: number, cpu: number) => {
  figures[name] ??= { wall: [], cpu: [] };
  figures[name].wall.push(wall);
  figures[name].cpu.push(cpu);
};
let answer = '';
for (let round = 1; round <= rounds; round++) {
  const t = await createTestApp(store, dir);
  for (const pass of ['cold', 'warm']) {
    const {
      value: list,
      wall,
      cpu,
    } = await timed(async () =>
      (await t.call('analyst', 'GET', '/api/calibration?pathwayId=continuum_of_need')).json(),
    );
    note(`calibration list (${pass})`, wall, cpu);
    console.log(
      `round ${round} calibration list (${pass}): ${wall.toFixed(2)} s, ${cpu.toFixed(2)} CPU-s (load ${load()}); ` +
        `today's caseload ${list.calibrations[0].openCases} open cases`,
    );
  }
  const passes = [
    { name: '1. first question, threads cold', body: request(1, 1.2) },
    { name: '2. first question, threads warm', body: request(2, 1.2) },
    { name: '3. next question (+30%), baseline kept', body: request(1, 1.3) },
  ];
  for (const { name, body } of passes) {
    const { value, wall, cpu } = await timed(() => ask(t, body));
    note(name, wall, cpu);
    const p = value.phases;
    console.log(
      `round ${round} ${name}: ${wall.toFixed(2)} s wall (POST ${p.post!.toFixed(2)}, run to its done event ` +
        `${p.run!.toFixed(2)}, result ${p.result!.toFixed(2)}), ${cpu.toFixed(1)} CPU-s (load ${load()})`,
    );
    if (round === 1 && name.startsWith('1.')) {
      const result = value.run.result;
      const d = (stage: string) =>
        result.difference.stages.find((s: { stage: string }) => s.stage === stage).stats;
      const f = (s: { mean: number; ciLow: number; ciHigh: number }) =>
        `${s.mean.toFixed(1)} (90% CI ${s.ciLow.toFixed(1)} to ${s.ciHigh.toFixed(1)})`;
      const eh = result.baseline.stages.find((s: { stage: string }) => s.stage === 'early_help').stats;
      answer =
        `answer (+20%, seed 1): CIN mean caseload ${f(d('child_in_need').meanStock)}, CIN entries ${f(d('child_in_need').entries)}, ` +
        `front-door entries ${f(d('front_door').entries)}, early help wait ${eh.meanWaitAll.mean.toFixed(1)} days -> ${f(d('early_help').meanWaitAll)} difference; ` +
        `capacity-bound: baseline ${result.baseline.capacityBound.join(', ') || 'none'}, scenario ${result.scenario.capacityBound.join(', ') || 'none'}`;
      console.log(`  ${answer}`);
    }
  }
  await t.app.close();
}
// A server that has started and warmed up (as `continuum serve` does): the calibration and live
// stock cached, the threads started; then the page's list and the first question.
for (let round = 1; round <= rounds; round++) {
  const t = await createTestApp(store, dir);
  const warm = await timed(() => t.app.services.warmUp((e) => console.error(e)));
  note('server warm-up', warm.wall, warm.cpu);
  const list = await timed(async () =>
    (await t.call('analyst', 'GET', '/api/calibration?pathwayId=continuum_of_need')).json(),
  );
  const first = await timed(() => ask(t, request(1, 1.2)));
  note('after warm-up: list + first question', list.wall + first.wall, list.cpu + first.cpu);
  console.log(
    `round ${round} after the server's warm-up (${warm.wall.toFixed(2)} s, ${warm.cpu.toFixed(1)} CPU-s): ` +
      `calibration list ${list.wall.toFixed(2)} s, first question ${first.wall.toFixed(2)} s wall, ` +
      `${first.cpu.toFixed(1)} CPU-s (load ${load()})`,
  );
  await t.app.close();
}
await store.close();
rmSync(dir, { recursive: true, force: true });

// Summary (the last lines are what `npm run bench` repeats): best and range over the rounds.
const range = (xs: number[]) =>
  `${Math.min(...xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;
console.log(
  `summary over ${rounds} round(s), load average now ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; best (range):`,
);
const line = (names: string[]) =>
  names
    .map((n) => {
      const fig = figures[n]!;
      const best = Math.min(...fig.wall);
      return `${n}: ${range(fig.wall)} s, ${range(fig.cpu)} CPU-s${n.includes('question') ? ` goal 5 s ${best < 5 ? 'MET' : 'NOT MET'}` : ''}`;
    })
    .join('; ');
console.log(`  ${line(['calibration list (cold)', 'calibration list (warm)', 'server warm-up'])}`);
console.log(`  ${line(['1. first question, threads cold', 'after warm-up: list + first question'])}`);
console.log(`  ${line(['2. first question, threads warm', '3. next question (+30%), baseline kept'])}`);
console.log(`  ${answer}`);
