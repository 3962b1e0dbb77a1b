import type { Store } from '@continuum/store';
import type { Kysely } from 'kysely';

const TABLES = [
  'pathway_versions',
  'pathway_drafts',
  'cases',
  'names',
  'case_events',
  'stage_intervals',
  'audit_log',
  'scenarios',
  'simulation_runs',
  'deployment_settings',
] as const;

/**
 * Every row of every table that can hold user-supplied text, as one JSON string, so a test can
 * assert that a refused value is nowhere in the database afterwards (both engines).
 */
export async function dumpTables(store: Store): Promise<string> {
  const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await db.selectFrom(table).selectAll().execute();
  return JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
}

/** The probe forms found in a text (empty when none leaked). */
export function leaksIn(text: string, forms: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return forms.filter((f) => lower.includes(f.toLowerCase()));
}
