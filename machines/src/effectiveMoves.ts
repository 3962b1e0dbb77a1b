import type { PathwayDefinition, TransitionKind } from './schema.ts';

/** A move as one stage sees it, after group moves are inherited and overridden. */
export interface EffectiveMove {
  from: string;
  to: string;
  event: string;
  kind: TransitionKind;
  weight: number;
  kpiTags: string[];
  /** Index of the declaring transition in `definition.transitions`. */
  transitionIndex: number;
}

/** Ancestors of a stage, nearest group first; stops on a cycle so invalid drafts cannot hang. */
export function ancestorsOf(
  definition: Pick<PathwayDefinition, 'stages' | 'groups'>,
  stageId: string,
): string[] {
  const parentOf = new Map(definition.groups.map((g) => [g.id, g.parent]));
  const chain: string[] = [];
  let current = definition.stages.find((s) => s.id === stageId)?.group;
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    current = parentOf.get(current);
  }
  return chain;
}

/**
 * The moves each stage can make, mirroring XState's rule that a child's transition for an event
 * overrides its parent's. Used by validation and routing; legality itself is asked of the machine.
 */
export function effectiveMoves(definition: PathwayDefinition): Map<string, EffectiveMove[]> {
  const bySource = new Map<string, number[]>();
  definition.transitions.forEach((t, i) => {
    const list = bySource.get(t.from) ?? [];
    list.push(i);
    bySource.set(t.from, list);
  });
  const result = new Map<string, EffectiveMove[]>();
  for (const stage of definition.stages) {
    const seen = new Set<string>();
    const moves: EffectiveMove[] = [];
    for (const source of [stage.id, ...ancestorsOf(definition, stage.id)]) {
      for (const i of bySource.get(source) ?? []) {
        const t = definition.transitions[i]!;
        if (seen.has(t.event)) continue;
        seen.add(t.event);
        const weight = t.weightBySource?.[stage.id] ?? t.weight;
        moves.push({
          from: stage.id,
          to: t.to,
          event: t.event,
          kind: t.kind,
          weight,
          kpiTags: t.kpiTags,
          transitionIndex: i,
        });
      }
    }
    result.set(stage.id, moves);
  }
  return result;
}
