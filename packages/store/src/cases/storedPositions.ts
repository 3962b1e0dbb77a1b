import { pseudonymise } from '../anonymise/pseudonymise.ts';
import type { Store } from '../store.ts';

/** Where a stored child stands: its stage and the date (YYYY-MM-DD) of its last recorded event. */
export interface ChildPosition {
  stage: string;
  lastDate: string;
}

/**
 * Where an import's children already stand in the store (raw child id -> stage and last date), looked
 * up in batches: a later extract overlapping an earlier one continues each child after its last
 * recorded event (the log is append-only). Used by `continuum import` and `POST /api/ingest`.
 * @example importAnnexA(bytes, { storedPositions: storedPositions(store, hmacKey) })
 */
export function storedPositions(
  store: Store,
  hmacKey: Buffer,
): (childIds: readonly string[]) => Promise<Map<string, ChildPosition>> {
  return async (childIds) => {
    const refs = childIds.map((id) => pseudonymise(hmacKey, id));
    const cases = await store.cases.getManyByRef(refs);
    const out = new Map<string, ChildPosition>();
    childIds.forEach((id, i) => {
      const c = cases.get(refs[i]!);
      if (c) out.set(id, { stage: c.stage, lastDate: new Date(c.lastOccurredAt).toISOString().slice(0, 10) });
    });
    return out;
  };
}
