import ELK from 'elkjs/lib/elk.bundled.js';
import type { Draft } from './draftModel.ts';

/** Top-left corners of nodes by id. */
export type Positions = Record<string, { x: number; y: number }>;

/** Node sizes the layout reserves; the renderers are drawn to fit them. */
export const nodeSize = { stage: { width: 200, height: 84 }, group: { width: 190, height: 48 } };

const elk = new ELK();

const levelOfGroup = (draft: Draft, groupId: string) => {
  const levels = draft.stages.filter((s) => s.group === groupId).map((s) => s.level);
  return levels.length ? Math.min(...levels) : 1;
};

/**
 * Lays the pathway out left to right with elkjs' layered algorithm, one partition per continuum
 * level, so level 1 sits on the left and level 4 on the right: step-ups point right, step-downs left.
 */
export async function layoutPathway(draft: Draft): Promise<Positions> {
  const groups = (draft.groups ?? []).map((g) => g.id);
  const ids = new Set([...draft.stages.map((s) => s.id), ...groups]);
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.partitioning.activate': 'true',
      'elk.spacing.nodeNode': '36',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
    },
    children: [
      ...draft.stages.map((s) => ({
        id: s.id,
        ...nodeSize.stage,
        layoutOptions: { 'elk.partitioning.partition': String(s.level) },
      })),
      ...groups.map((g) => ({
        id: g,
        ...nodeSize.group,
        layoutOptions: { 'elk.partitioning.partition': String(levelOfGroup(draft, g)) },
      })),
    ],
    edges: draft.transitions
      .filter((t) => ids.has(t.from) && ids.has(t.to) && t.from !== t.to)
      .map((t, i) => ({ id: `e${i}`, sources: [t.from], targets: [t.to] })),
  };
  const result = await elk.layout(graph);
  const positions: Positions = {};
  for (const child of result.children ?? [])
    positions[child.id] = { x: child.x ?? 0, y: (child.y ?? 0) + 40 };
  return positions;
}

/** A lane's rectangle: one per continuum level present in the pathway. */
export interface Lane {
  level: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Computes a background lane per level around that level's nodes, all lanes the same height. */
export function lanesFor(draft: Draft, positions: Positions): Lane[] {
  const byLevel = new Map<number, { x: number; w: number; y: number; h: number }[]>();
  const put = (level: number, id: string, size: { width: number; height: number }) => {
    const p = positions[id];
    if (!p) return;
    byLevel.set(level, [...(byLevel.get(level) ?? []), { x: p.x, w: size.width, y: p.y, h: size.height }]);
  };
  for (const s of draft.stages) put(s.level, s.id, nodeSize.stage);
  for (const g of draft.groups ?? []) put(levelOfGroup(draft, g.id), g.id, nodeSize.group);
  const all = [...byLevel.values()].flat();
  if (all.length === 0) return [];
  const top = Math.min(...all.map((b) => b.y)) - 44;
  const bottom = Math.max(...all.map((b) => b.y + b.h)) + 20;
  return [...byLevel.entries()]
    .sort(([a], [b]) => a - b)
    .map(([level, boxes]) => {
      const left = Math.min(...boxes.map((b) => b.x)) - 20;
      const right = Math.max(...boxes.map((b) => b.x + b.w)) + 20;
      return { level, x: left, y: top, width: right - left, height: bottom - top };
    });
}
