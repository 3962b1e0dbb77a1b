import ELK from 'elkjs/lib/elk.bundled.js';
import type { PathwayDefinitionInput as Draft } from '@continuum/machines';

/** Top-left corners of nodes by id. */
export type Positions = Record<string, { x: number; y: number }>;

/** Node sizes the layout reserves; the renderers are drawn to fit them. */
export const nodeSize = { stage: { width: 200, height: 84 }, group: { width: 200, height: 76 } };

const elk = new ELK();

const levelOfGroup = (draft: Draft, groupId: string) => {
  const levels = draft.stages.filter((s) => s.group === groupId).map((s) => s.level);
  return levels.length ? Math.min(...levels) : 1;
};

/** Horizontal distance between the left edges of two level columns. */
export const columnWidth = nodeSize.stage.width + 170;
const rowGap = 56;

/**
 * Lays the pathway out in one column per continuum level (level 1 on the left, level 4 on the
 * right, so step-ups point right and step-downs left). elkjs' layered algorithm, run top to bottom
 * over the whole graph, decides the vertical order, so the flow reads downwards inside each column.
 */
export async function layoutPathway(draft: Draft): Promise<Positions> {
  const groups = (draft.groups ?? []).map((g) => g.id);
  const ids = new Set([...draft.stages.map((s) => s.id), ...groups]);
  const levelOf = new Map<string, number>([
    ...draft.stages.map((s) => [s.id, s.level] as const),
    ...groups.map((g) => [g, levelOfGroup(draft, g)] as const),
  ]);
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '30',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
    },
    children: [
      ...draft.stages.map((s) => ({ id: s.id, ...nodeSize.stage })),
      ...groups.map((g) => ({ id: g, ...nodeSize.group })),
    ],
    edges: draft.transitions
      .filter((t) => ids.has(t.from) && ids.has(t.to) && t.from !== t.to)
      .map((t, i) => ({ id: `e${i}`, sources: [t.from], targets: [t.to] })),
  };
  const result = await elk.layout(graph);
  const byColumn = new Map<number, { id: string; y: number; h: number }[]>();
  for (const child of result.children ?? []) {
    const level = levelOf.get(child.id) ?? 1;
    const list = byColumn.get(level) ?? [];
    list.push({ id: child.id, y: child.y ?? 0, h: child.height ?? nodeSize.stage.height });
    byColumn.set(level, list);
  }
  const positions: Positions = {};
  for (const [level, list] of byColumn) {
    list.sort((a, b) => a.y - b.y);
    let next = 0;
    for (const n of list) {
      positions[n.id] = { x: (level - 1) * columnWidth + 40, y: next + 40 };
      next += n.h + rowGap;
    }
  }
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
