import { setup, type AnyStateMachine } from 'xstate';
import type { PathwayDefinition } from './schema.ts';
import { ancestorsOf } from './effectiveMoves.ts';

/** Context carried by every pathway machine: which document it was compiled from. */
export interface PathwayContext {
  pathwayId: string;
  version: number | null;
}

type StateConfig = {
  id?: string;
  initial?: string;
  states?: Record<string, StateConfig>;
  on?: Record<string, { target: string }>;
  tags?: string[];
  meta?: Record<string, unknown>;
};

/**
 * Builds the XState v5 machine for a (validated) definition: each stage is a state with its own id,
 * each group a parent state, so a move declared on a group is declared once for all its stages.
 */
export function buildMachine(def: PathwayDefinition): AnyStateMachine {
  const nodes = new Map<string, StateConfig>();
  for (const g of def.groups)
    nodes.set(g.id, { id: g.id, states: {}, meta: { label: g.label, group: true } });
  for (const s of def.stages)
    nodes.set(s.id, { id: s.id, tags: [`level_${s.level}`], meta: { label: s.label, level: s.level } });
  for (const t of def.transitions) {
    const node = nodes.get(t.from)!;
    node.on ??= {};
    node.on[t.event] = { target: `#${t.to}` };
  }
  const root: Record<string, StateConfig> = {};
  const attach = (id: string, parent: string | undefined) => {
    if (parent === undefined) root[id] = nodes.get(id)!;
    else {
      const group = nodes.get(parent)!;
      group.states = { ...group.states, [id]: nodes.get(id)! };
    }
  };
  for (const g of def.groups) attach(g.id, g.parent);
  for (const s of def.stages) attach(s.id, s.group);
  const entryPath = [...ancestorsOf(def, def.entry).reverse(), def.entry];
  for (const g of def.groups) {
    const node = nodes.get(g.id)!;
    const onEntryPath = entryPath.indexOf(g.id);
    const first = onEntryPath >= 0 ? entryPath[onEntryPath + 1] : Object.keys(node.states ?? {})[0];
    if (first === undefined) node.states = undefined;
    else node.initial = first;
  }
  // Record-only events (e.g. management oversight) are targetless: legal anywhere, the stage stays.
  // XState counts a targetless transition as enabled only when it has an action, hence `noteRecorded`.
  const on: Record<string, { actions: 'noteRecorded' }> = {};
  for (const e of def.recordEvents) on[e] = { actions: 'noteRecorded' };

  return setup({
    types: {} as { context: PathwayContext; events: { type: string } },
    actions: { noteRecorded: () => {} },
  }).createMachine({
    id: def.id,
    context: { pathwayId: def.id, version: def.version ?? null },
    initial: entryPath[0]!,
    states: root as never,
    on,
  }) as unknown as AnyStateMachine;
}
