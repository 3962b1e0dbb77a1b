import type { Draft } from './draftModel.ts';
import type { Lane, Positions } from '../canvas/layout.ts';
import type { ProblemIndex } from './problemTargets.ts';
import type { StageFlowNode } from './StageNode.tsx';
import type { GroupFlowNode } from './GroupNode.tsx';
import type { LaneFlowNode } from './LaneNode.tsx';
import { markerFor, type TransitionFlowEdge } from './TransitionEdge.tsx';
import type { CanvasComparison } from './compareOnCanvas.ts';

/** What is selected on the canvas: a stage (or group) by id, or a move by index. */
export type Selection = { kind: 'stage'; id: string } | { kind: 'transition'; index: number } | null;

/** Every node the designer draws. */
export type DesignerNode = StageFlowNode | GroupFlowNode | LaneFlowNode;

/** Builds the canvas nodes (lanes behind stages and groups) from the draft and the layout. */
export function toNodes(
  draft: Draft,
  positions: Positions,
  lanes: Lane[],
  problems: ProblemIndex,
  selection: Selection,
  comparison?: CanvasComparison,
): DesignerNode[] {
  const fallback = (i: number) => ({ x: 40 + (i % 4) * 240, y: 520 + Math.floor(i / 4) * 120 });
  const laneNodes: LaneFlowNode[] = lanes.map((l) => ({
    id: `lane:${l.key}`,
    type: 'lane',
    position: { x: l.x, y: l.y },
    data: { lane: l.key, width: l.width, height: l.height },
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex: -1,
  }));
  const stageNodes: StageFlowNode[] = draft.stages.map((s, i) => ({
    id: s.id,
    type: 'stage',
    position: positions[s.id] ?? fallback(i),
    data: {
      stage: s,
      isEntry: s.id === draft.entry,
      problems: problems.byStage.get(s.id) ?? [],
      change: comparison?.stages.get(s.id),
    },
    selected: selection?.kind === 'stage' && selection.id === s.id,
    ariaLabel: `Stage ${s.label} (${s.id}), level ${s.level}`,
  }));
  const groupNodes: GroupFlowNode[] = (draft.groups ?? []).map((g, i) => ({
    id: g.id,
    type: 'stageGroup',
    position: positions[g.id] ?? fallback(draft.stages.length + i),
    data: {
      id: g.id,
      label: g.label,
      members: draft.stages.filter((s) => s.group === g.id).map((s) => s.id),
    },
    ariaLabel: `Group ${g.label}`,
  }));
  return [...laneNodes, ...stageNodes, ...groupNodes];
}

/** Builds one labelled edge per move, keyed by its index in the draft. */
export function toEdges(
  draft: Draft,
  problems: ProblemIndex,
  selection: Selection,
  onSelect: (index: number) => void,
  comparison?: CanvasComparison,
): TransitionFlowEdge[] {
  const ids = new Set([...draft.stages.map((s) => s.id), ...(draft.groups ?? []).map((g) => g.id)]);
  return draft.transitions.flatMap((t, index): TransitionFlowEdge[] =>
    ids.has(t.from) && ids.has(t.to)
      ? [
          {
            id: `t${index}`,
            type: 'transition',
            source: t.from,
            target: t.to,
            markerEnd: markerFor(t.kind),
            selected: selection?.kind === 'transition' && selection.index === index,
            data: {
              transition: t,
              index,
              problems: problems.byTransition.get(index) ?? [],
              onSelect,
              change: comparison?.moves.get(index),
            },
            ariaLabel: `Move ${t.event} from ${t.from} to ${t.to}`,
          },
        ]
      : [],
  );
}
