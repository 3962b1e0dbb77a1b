import { SimulationEngine, type InitialCase } from '../engine/SimulationEngine.ts';
import type { ReplicationResult } from '../engine/ReplicationResult.ts';
import type { SimModel } from '../engine/SimModel.ts';

/** The run settings every replication shares (plain data, sent to workers as is). */
export interface RunSettings {
  seed: number;
  /** Epoch ms of the start of warm-up. */
  originMs: number;
  warmupDays: number;
  horizonDays: number;
  bucketDays: number;
  initialStock?: InitialCase[];
}

/**
 * Runs one replication to the end of its horizon. Its result depends only on (model, settings,
 * replication), never on which thread runs it: that is what makes worker counts irrelevant.
 */
export function runReplication(
  model: SimModel,
  settings: RunSettings,
  replication: number,
): ReplicationResult {
  return new SimulationEngine(model, { ...settings, replication }).finish();
}
