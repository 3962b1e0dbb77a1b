import type { z } from 'zod';
import { GroupSchema, PathwayDefinitionSchema, StageSchema, TransitionSchema } from './schema.ts';

/** One element both the draft and the newer version changed differently (the draft's side was kept). */
export interface RebaseConflict {
  /** e.g. `stages.assessment`, `transitions.front_door/accept_referral`, `name`. */
  path: string;
  message: string;
}

type Json = Record<string, unknown>;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** With the schema's defaults applied when it parses, so a default left out is not a change. */
const normal = (schema: z.ZodType, x: unknown): unknown => {
  const parsed = schema.safeParse(x);
  return parsed.success ? parsed.data : x;
};

/** Keyed elements of a definition collection; anything unkeyable keeps its index. */
function keyed(list: unknown, key: (x: Json) => string, schema: z.ZodType): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(list)) return map;
  list.forEach((x, i) => {
    map.set(x && typeof x === 'object' ? key(x as Json) : `#${i}`, normal(schema, x));
  });
  return map;
}

/** Top-level fields as the schema reads them (defaults applied), element by element. */
function topLevel(x: unknown): Json {
  const d = (x && typeof x === 'object' ? x : {}) as Json;
  const defaults = PathwayDefinitionSchema.safeParse(d);
  return defaults.success ? { ...d, ...only(defaults.data as Json, ['groups', 'recordEvents']) } : d;
}
const only = (o: Json, keys: string[]): Json => Object.fromEntries(keys.map((k) => [k, o[k]]));

/**
 * Re-applies a draft's changes (base -> draft) onto a newer published version (base -> latest):
 * a three-way merge by element (stages and groups by id, moves by source and event, other fields
 * whole). An element only one side changed takes that side; one both changed differently keeps the
 * draft's and is reported as a conflict for the designer to review. The result may need fixing (a
 * move to a stage the newer version removed): it is a draft, validated as usual.
 */
export function rebaseDefinition(
  base: unknown,
  draft: unknown,
  latest: unknown,
): { definition: Json; conflicts: RebaseConflict[] } {
  const b = topLevel(base);
  const d = topLevel(draft);
  const l = topLevel(latest);
  const conflicts: RebaseConflict[] = [];
  const pick = (path: string, bv: unknown, dv: unknown, lv: unknown): unknown => {
    if (same(dv, bv)) return lv;
    if (same(lv, bv) || same(dv, lv)) return dv;
    conflicts.push({
      path,
      message: `"${path}" was changed both in the draft and in the newer version; the draft's ${dv === undefined ? 'removal' : 'version'} was kept.`,
    });
    return dv;
  };
  const byId = (x: Json) => String(x.id);
  const collections: Record<string, [(x: Json) => string, z.ZodType]> = {
    stages: [byId, StageSchema],
    groups: [byId, GroupSchema],
    transitions: [(x) => `${String(x.from)}/${String(x.event)}`, TransitionSchema],
  };
  const out: Json = {};
  const fields = new Set([...Object.keys(l), ...Object.keys(d), ...Object.keys(b)]);
  fields.delete('version');
  for (const field of fields) {
    const collection = collections[field];
    if (!collection) {
      const v = pick(field, b[field], d[field], l[field]);
      if (v !== undefined) out[field] = v;
      continue;
    }
    const [key, schema] = collection;
    const [bm, dm, lm] = [b, d, l].map((side) => keyed(side[field], key, schema)) as [
      Map<string, unknown>,
      Map<string, unknown>,
      Map<string, unknown>,
    ];
    const order = [...lm.keys(), ...[...dm.keys()].filter((k) => !lm.has(k))];
    const merged: unknown[] = [];
    for (const k of new Set(order)) {
      const v = pick(`${field}.${k}`, bm.get(k), dm.get(k), lm.get(k));
      if (v !== undefined) merged.push(v);
    }
    out[field] = merged;
  }
  return { definition: out, conflicts };
}
