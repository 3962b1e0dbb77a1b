import { defaultWorkers, runSimulation, type WorkerPool } from '@continuum/simulator';
import type { CompiledPathway } from '@continuum/machines';
import type { Store } from '@continuum/store';
import type { CalibrationSource } from './CalibrationSource.ts';

/**
 * Readies what an analyst's first what-if question needs, in the background after the server
 * starts: each published pathway's calibration and live stock (cached until a case moves), and
 * the simulation threads (started, the engine loaded and compiled by a short run of the first
 * calibrated pathway), so the first question costs what later ones do. Stops when `signal` aborts.
 */
export async function warmSimulation(
  store: Store,
  calibrations: CalibrationSource,
  threads: { pool: WorkerPool; workers?: number | undefined },
  signal: AbortSignal,
): Promise<void> {
  let first: CompiledPathway | undefined;
  for (const p of await store.pathways.list()) {
    if (signal.aborted) return;
    const version = await store.pathways.get(p.pathwayId, p.latestVersion);
    if (!version) continue;
    const compiled = store.pathways.compiled(version);
    const calibration = await calibrations.calibration(version, compiled);
    await calibrations.liveStock(version);
    first ??= calibration?.compiled ?? compiled;
  }
  // Two replications per thread: every thread loads and runs the engine at least once.
  const workers = threads.workers ?? defaultWorkers(Number.POSITIVE_INFINITY);
  if (!first || workers === 0 || signal.aborted) return;
  await runSimulation({
    pathway: first,
    replications: 2 * workers,
    horizonDays: 365,
    warmupDays: 0,
    seed: 1,
    workers,
    pool: threads.pool,
    signal,
  });
}
