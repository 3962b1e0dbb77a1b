import type { Stage } from '@continuum/machines';

/**
 * The concurrent cases a stage holds: its `capacity`, or floor(workers x cases per worker) from its
 * staffing; undefined = unlimited. One rule, so the engine, scenarios and calibration agree.
 */
export function stageCapacity(stage: Pick<Stage, 'capacity' | 'staffing'>): number | undefined {
  if (stage.capacity !== undefined) return stage.capacity;
  if (stage.staffing === undefined) return undefined;
  return Math.max(1, Math.floor(stage.staffing.workers * stage.staffing.casesPerWorker + 1e-9));
}
