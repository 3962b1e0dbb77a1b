import type { Migration } from 'kysely';
import * as initial from './001_initial.ts';
import * as openStayIndex from './002_open_stay_index.ts';
import * as dropUnusedIndexes from './003_drop_unused_indexes.ts';
import * as simulations from './004_simulations.ts';

/**
 * Every migration; the store's migrator reads this list (no directory scanning, so tsx/vitest work)
 * and applies them in name order. Names must never change once released; two areas may add a
 * migration with the same number, which is fine (the migrator allows unordered application).
 */
export const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_open_stay_index': openStayIndex,
  // Released first as 002_simulations: databases that recorded that name must still find it (Kysely
  // refuses a recorded migration that is missing), so it stays as a no-op and 004 does the work.
  '002_simulations': { up: async () => {} },
  '003_drop_unused_indexes': dropUnusedIndexes,
  '004_simulations': simulations,
};
