import type { Migration } from 'kysely';
import * as initial from './001_initial.ts';
import * as openStayIndex from './002_open_stay_index.ts';
import * as dropUnusedIndexes from './003_drop_unused_indexes.ts';
import * as simulations from './002_simulations.ts';

/** Every migration in order; the store's migrator reads this list (no directory scanning, so tsx/vitest work). */
export const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_open_stay_index': openStayIndex,
  '003_drop_unused_indexes': dropUnusedIndexes,
  '002_simulations': simulations,
};
