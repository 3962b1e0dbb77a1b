// Benchmark: the analyst's question on the demo, as the web app asks it. "Early help capacity +20%,
// 2 years, 200 replications", from today's caseload, on the calibrated baseline, compared with the
// baseline (common random numbers): POST /api/simulations on the app the server builds, over a
// SQLite store holding the demo (5 years of a Jersey-sized service). Goal: the answer in under 5 s.
// Reported: the calibration list the page loads first (cold: the calibration is computed; warm:
// cached), then the run from POST to its result (twice: threads cold, then warm), and the answer.
// Run: npm run bench -- analystQuestion
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@continuum/store';
import { createTestApp } from '../../apps/api/src/testing/testApp.ts';
import { loadDemo } from '../../apps/cli/src/demo/loadDemo.ts';
import { loadOrCreateHmacKey } from '@continuum/store';

console.log(
  `machine: ${availableParallelism()} cores, Node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const dir = mkdtempSync(join(tmpdir(), 'continuum-analyst-bench-'));
const store = await openStore({ dataDir: dir });
const t = await createTestApp(store, dir);
await loadDemo(store, loadOrCreateHmacKey(dir), () => {});
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);

for (const pass of ['cold', 'warm']) {
  const t0 = performance.now();
  const list = await (await t.call('analyst', 'GET', '/api/calibration?pathwayId=continuum_of_need')).json();
  console.log(
    `calibration list (${pass}): ${seconds(t0)} s; today's caseload ${list.calibrations[0].openCases} open cases`,
  );
}
const request = {
  pathwayId: 'continuum_of_need',
  calibrationId: 'continuum_of_need@1',
  scenario: { name: 'Early help +20%', capacityMultiplier: { early_help: 1.2 } },
  compare: true,
  horizonDays: 730,
  replications: 200,
  seed: 1,
  startFrom: 'live',
};
for (const pass of ['threads cold', 'threads warm']) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { id } = await (await t.call('analyst', 'POST', '/api/simulations', request)).json();
  await t.app.services.runner.idle();
  const run = await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (run.status !== 'done') throw new Error(`run ${run.status}: ${JSON.stringify(run.error)}`);
  console.log(
    `early help +20%, 2 y, 200 replications x 2 (baseline + scenario), ${pass}: ${wall.toFixed(2)} s wall, ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s (load ${loadavg()[0]!.toFixed(1)}) goal 5 s ${wall < 5 ? 'MET' : 'NOT MET'}`,
  );
  const d = (stage: string) =>
    run.result.difference.stages.find((s: { stage: string }) => s.stage === stage).stats;
  const f = (s: { mean: number; ciLow: number; ciHigh: number }) =>
    `${s.mean.toFixed(1)} (90% CI ${s.ciLow.toFixed(1)} to ${s.ciHigh.toFixed(1)})`;
  const eh = run.result.baseline.stages.find((s: { stage: string }) => s.stage === 'early_help').stats;
  console.log(
    `  answer: CIN mean caseload ${f(d('child_in_need').meanStock)}, CIN entries ${f(d('child_in_need').entries)}, ` +
      `front-door entries ${f(d('front_door').entries)}, early help wait ${eh.meanWaitAll.mean.toFixed(1)} days -> ${f(d('early_help').meanWaitAll)} difference; ` +
      `capacity-bound: baseline ${run.result.baseline.capacityBound.join(', ') || 'none'}, scenario ${run.result.scenario.capacityBound.join(', ') || 'none'}`,
  );
}
await t.app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
