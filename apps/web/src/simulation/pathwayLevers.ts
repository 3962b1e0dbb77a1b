import type { PathwayDefinitionInput } from '@continuum/machines';
import type { ParamStage } from './ParameterPanel.tsx';
import type { RoutableMove } from './RoutingLevers.tsx';

/**
 * What the scenario levers and results need from a pathway version: stages with their places
 * (capacity, or workers x caseload per worker), the moves whose share can be scaled (a group's
 * moves once per member stage), the child in need / child protection / looked-after stages (by
 * KPI tag) and the terminal stages.
 */
export function pathwayLevers(def: PathwayDefinitionInput | undefined): {
  stages: ParamStage[];
  moves: RoutableMove[];
  levels: string[];
  lookedAfter: string | undefined;
  terminal: ReadonlySet<string>;
} {
  if (!def) return { stages: [], moves: [], levels: [], lookedAfter: undefined, terminal: new Set() };
  const label = new Map(def.stages.map((s) => [s.id, s.label]));
  const stages = def.stages.map((s) => {
    const places =
      s.capacity ?? (s.staffing ? Math.floor(s.staffing.workers * s.staffing.casesPerWorker) : undefined);
    return {
      id: s.id,
      label: s.label,
      ...(places !== undefined ? { capacity: places } : {}),
      ...(s.terminal ? { terminal: true } : {}),
    };
  });
  const members = (from: string) => {
    const group = (def.groups ?? []).find((g) => g.id === from);
    return group ? def.stages.filter((s) => s.group === group.id).map((s) => s.id) : [from];
  };
  const moves: RoutableMove[] = [];
  const seen = new Set<string>();
  for (const t of def.transitions)
    for (const from of members(t.from)) {
      const key = `${from}.${t.event}`;
      if (seen.has(key) || def.stages.find((s) => s.id === from)?.terminal) continue;
      seen.add(key);
      moves.push({
        from,
        event: t.event,
        label: `${label.get(from) ?? from} → ${label.get(t.to) ?? t.to} (${t.event.replaceAll('_', ' ')})`,
      });
    }
  moves.sort((a, b) => a.label.localeCompare(b.label));
  const tagged = (tag: string, fallback: string) =>
    def.stages.find((s) => s.kpiTags?.includes(tag))?.id ?? (label.has(fallback) ? fallback : undefined);
  const levels = [
    tagged('cin_plan', 'child_in_need'),
    tagged('cp_plan', 'child_protection'),
    tagged('looked_after', 'looked_after'),
  ].filter((x): x is string => x !== undefined);
  return {
    stages,
    moves,
    levels,
    lookedAfter: tagged('looked_after', 'looked_after'),
    terminal: new Set(def.stages.filter((s) => s.terminal).map((s) => s.id)),
  };
}
