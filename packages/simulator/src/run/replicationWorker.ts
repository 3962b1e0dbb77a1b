import { parentPort } from 'node:worker_threads';
import { runReplication, type RunSettings } from './runReplication.ts';
import type { SimModel } from '../engine/SimModel.ts';

/** Messages a pooled worker accepts: a run's model once, then replication numbers of that run. */
export type WorkerRequest =
  | { type: 'run'; runId: number; model: SimModel; settings: RunSettings }
  | { type: 'replication'; runId: number; replication: number };

// A pooled worker thread: it keeps the current run's model, runs the replications it is sent one
// at a time and posts back each result with its typed arrays transferred (not copied).
let current: { runId: number; model: SimModel; settings: RunSettings } | undefined;
parentPort?.on('message', (m: WorkerRequest) => {
  if (m.type === 'run') {
    current = { runId: m.runId, model: m.model, settings: m.settings };
    return;
  }
  if (current === undefined || current.runId !== m.runId)
    throw new Error(`Worker has no model for run ${m.runId}.`);
  const r = runReplication(current.model, current.settings, m.replication);
  parentPort?.postMessage({ runId: m.runId, result: r }, [
    r.scalars.buffer,
    r.stock.buffer,
    r.queue.buffer,
    r.entries.buffer,
  ] as ArrayBuffer[]);
});
