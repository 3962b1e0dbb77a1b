import type { Migration } from 'kysely';
import * as initial from './001_initial.ts';
import * as openStayIndex from './002_open_stay_index.ts';
import * as dropUnusedIndexes from './003_drop_unused_indexes.ts';
import * as simulations from './004_simulations.ts';
import * as nameCodes from './005_name_codes.ts';
import * as tokensAndKeys from './006_tokens_and_keys.ts';
import * as draftBaseVersion from './007_draft_base_version.ts';
import * as outsidePathway from './008_outside_pathway.ts';
import * as runAttempts from './009_run_attempts.ts';
import * as importJobs from './010_import_jobs.ts';
import * as runKinds from './011_run_kinds.ts';
import * as importFiles from './012_import_files.ts';

/**
 * Every migration; the store's migrator reads this list (no directory scanning, so tsx/vitest work)
 * and applies them in name order. Names must never change once released.
 */
export const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_open_stay_index': openStayIndex,
  '003_drop_unused_indexes': dropUnusedIndexes,
  '004_simulations': simulations,
  '005_name_codes': nameCodes,
  '006_tokens_and_keys': tokensAndKeys,
  '007_draft_base_version': draftBaseVersion,
  '008_outside_pathway': outsidePathway,
  '009_run_attempts': runAttempts,
  '010_import_jobs': importJobs,
  '011_run_kinds': runKinds,
  '012_import_files': importFiles,
};
