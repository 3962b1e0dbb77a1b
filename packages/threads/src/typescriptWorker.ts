import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const TSX_CJS_API = join(
  dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
  'dist/cjs/api/index.cjs',
);
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.entry);
`;

/**
 * Starts a worker thread running a TypeScript module from source, like the rest of the monorepo (no
 * build step): a tiny eval'd CommonJS bootstrap registers tsx's require hook inside the thread, then
 * requires the module (its imports become requires). tsx's ESM `register()` would start a
 * module-hooks thread per worker (~0.3 s each here); the in-thread require hook starts in ~0.05 s.
 * So the module must not need ESM-only features (top-level await, import.meta), and hot code should
 * not read imported bindings (each read is a getter call there). The module reads its own data as
 * `workerData.data`. (`execArgv: ['--import', 'tsx']` does not reach Node 20 workers.)
 */
export function typescriptWorker(
  entry: URL,
  data: unknown,
  options: Omit<WorkerOptions, 'eval' | 'workerData'> = {},
): Worker {
  return new Worker(BOOTSTRAP, {
    ...options,
    eval: true,
    workerData: { entry: fileURLToPath(entry), tsx: TSX_CJS_API, data },
  });
}
