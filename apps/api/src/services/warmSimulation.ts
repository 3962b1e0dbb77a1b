import { defaultWorkers, type LiveCase, runSimulation, type WorkerPool } from '@continuum/simulator';
import type { CompiledPathway } from '@continuum/machines';
import type { Store } from '@continuum/store';
import type { CalibrationSource } from './CalibrationSource.ts';
import { caseloadStartDate } from './liveCaseload.ts';

/**
 * Readies what an analyst's first what-if question needs, in the background after the server
 * starts: each published pathway's calibration and live stock (cached until a case moves), and
 * the simulation threads (started, the engine loaded and compiled, their heaps grown by a short run
 * like a question: two replications each of two years from the first calibrated pathway's open
 * cases; a run from empty leaves the next question ~0.5 CPU-s dearer), so the first question costs
 * what later ones do. Stops when `signal` aborts.
 */
export async function warmSimulation(
  store: Store,
  calibrations: CalibrationSource,
  threads: { pool: WorkerPool; workers?: number | undefined },
  signal: AbortSignal,
): Promise<void> {
  let first: { pathway: CompiledPathway; stock: LiveCase[]; asOf: number } | undefined;
  for (const p of await store.pathways.list()) {
    if (signal.aborted) return;
    const version = await store.pathways.get(p.pathwayId, p.latestVersion);
    if (!version) continue;
    const compiled = store.pathways.compiled(version);
    const calibration = await calibrations.calibration(version, compiled);
    const live = await calibrations.liveStock(version);
    first ??= { pathway: calibration?.compiled ?? compiled, ...live };
  }
  // Two replications per thread: every thread loads and runs the engine at least once.
  const workers = threads.workers ?? defaultWorkers(Number.POSITIVE_INFINITY);
  if (!first || workers === 0 || signal.aborted) return;
  await runSimulation({
    pathway: first.pathway,
    replications: 2 * workers,
    horizonDays: 730,
    startDate: caseloadStartDate(first),
    initialStock: first.stock,
    seed: 1,
    workers,
    pool: threads.pool,
    signal,
  });
}
