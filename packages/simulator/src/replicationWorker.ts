import { parentPort, workerData } from 'node:worker_threads';
import { runReplication, type RunSettings } from './runReplication.ts';
import type { SimModel } from './SimModel.ts';

// A worker thread that runs the replications it is sent, one at a time, and posts back each
// result with its typed arrays transferred (not copied).
const { model, settings } = workerData as { model: SimModel; settings: RunSettings };
parentPort?.on('message', (replication: number) => {
  const r = runReplication(model, settings, replication);
  parentPort?.postMessage(r, [
    r.scalars.buffer,
    r.stock.buffer,
    r.queue.buffer,
    r.entries.buffer,
  ] as ArrayBuffer[]);
});
