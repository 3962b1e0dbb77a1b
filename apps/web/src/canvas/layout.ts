import ELK from 'elkjs/lib/elk.bundled.js';
import type { PathwayDefinitionInput as Draft } from '@continuum/machines';

/** Top-left corners of nodes by id. */
export type Positions = Record<string, { x: number; y: number }>;

/** Node sizes the layout reserves; the renderers are drawn to fit them. */
export const nodeSize = { stage: { width: 220, height: 92 }, group: { width: 220, height: 84 } };

/**
 * Room between two columns and between two rows: enough for routed moves and their labels, and no
 * more, so that the default pathway reads at a zoom where its text is 10 px or more.
 */
const gap = { x: 132, y: 88 };
/** Lane background beyond the outermost nodes, left and right. */
const laneMargin = 24;
const laneTitleHeight = 34;

const elk = new ELK();

/** Which band a stage sits in: its level, or the closing band at the bottom edge when terminal. */
export type LaneKey = 1 | 2 | 3 | 4 | 'closed';

/** The level->lane rule: a stage sits in its level's lane; a terminal stage in the closing band. */
export function laneOf(stage: { level: number; terminal?: boolean | undefined }): LaneKey {
  if (stage.terminal) return 'closed';
  return Math.min(4, Math.max(1, Math.round(stage.level))) as LaneKey;
}

/** Lanes from top to bottom: acute needs on top, so a step-up points up; closing last. */
const laneOrder: LaneKey[] = [4, 3, 2, 1, 'closed'];

/** A group's lane: the highest-need lane of its members' (the group draws their shared moves). */
function groupLane(draft: Draft, groupId: string): LaneKey {
  const lanes = draft.stages.filter((s) => s.group === groupId).map(laneOf);
  return laneOrder.find((l) => lanes.includes(l)) ?? 3;
}

/** The lane of every stage and group of a pathway. */
export function lanesOf(draft: Draft): Map<string, LaneKey> {
  return new Map<string, LaneKey>([
    ...draft.stages.map((s) => [s.id, laneOf(s)] as const),
    ...(draft.groups ?? []).map((g) => [g.id, groupLane(draft, g.id)] as const),
  ]);
}

/**
 * Columns by the flow: the longest chain of forward moves from the entry (step-downs, re-referrals,
 * moves back into the entry and group moves do not push a stage right); terminal stages share the
 * last column (they sit in the closing band below it); a group sits just right of its members.
 */
export function flowColumns(draft: Draft): Map<string, number> {
  const stageIds = new Set(draft.stages.map((s) => s.id));
  const terminal = new Set(draft.stages.filter((s) => s.terminal).map((s) => s.id));
  const forward = new Map<string, string[]>();
  for (const t of draft.transitions) {
    if (!stageIds.has(t.from) || !stageIds.has(t.to) || t.from === t.to) continue;
    if (t.kind === 'step-down' || t.kind === 're-referral' || t.to === draft.entry) continue;
    if (terminal.has(t.from) || terminal.has(t.to)) continue;
    forward.set(t.from, [...(forward.get(t.from) ?? []), t.to]);
  }
  // Depth-first from the entry (then any stage not reached); an edge closing a cycle is skipped.
  const column = new Map<string, number>();
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const next of forward.get(id) ?? []) if (!state.has(next)) visit(next);
    state.set(id, 'done');
    order.push(id);
  };
  const roots = [draft.entry, ...draft.stages.map((s) => s.id)].filter((id) => stageIds.has(id));
  for (const id of roots) if (!state.has(id) && !terminal.has(id)) visit(id);
  const rank = new Map(order.map((id, i) => [id, i]));
  for (const id of [...order].reverse()) {
    const c = column.get(id) ?? 0;
    column.set(id, c);
    // Only edges that go forward in the depth-first finish order (no cycle-closing edge).
    for (const next of forward.get(id) ?? [])
      if ((rank.get(next) ?? -1) < (rank.get(id) ?? -1))
        column.set(next, Math.max(column.get(next) ?? 0, c + 1));
  }
  const last = Math.max(0, ...column.values());
  for (const id of terminal) column.set(id, last);
  for (const g of draft.groups ?? []) {
    const members = draft.stages.filter((s) => s.group === g.id).map((s) => column.get(s.id) ?? 0);
    column.set(g.id, members.length ? Math.max(...members) + 1 : 0);
  }
  return column;
}

/**
 * Lays a pathway out as swimlanes: one horizontal lane per continuum level (and a closing band at the
 * bottom), the flow running left to right in columns (flowColumns: the entry first). Each stage takes
 * its column and its lane's row, so changing a stage's level moves it to that level's lane. Where
 * stages share a column and a lane, elkjs' layered crossing minimisation (layers fixed to our
 * columns) orders them. The moves are routed afterwards, between the placed nodes (routeEdges).
 */
export async function layoutPathway(draft: Draft): Promise<Positions> {
  const lanes = lanesOf(draft);
  const columns = flowColumns(draft);
  const ids = [...lanes.keys()];
  const size = (id: string) => (draft.stages.some((s) => s.id === id) ? nodeSize.stage : nodeSize.group);
  const pitch = nodeSize.stage.width + gap.x;
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.layering.strategy': 'INTERACTIVE',
      'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
    },
    children: ids.map((id) => ({
      id,
      ...size(id),
      x: (columns.get(id) ?? 0) * pitch,
      y: laneOrder.indexOf(lanes.get(id) ?? 3) * 300,
    })),
    edges: draft.transitions
      .filter((t) => lanes.has(t.from) && lanes.has(t.to) && t.from !== t.to)
      .map((t, i) => ({ id: `e${i}`, sources: [t.from], targets: [t.to] })),
  });
  const elkY = new Map((result.children ?? []).map((c) => [c.id, c.y ?? 0]));
  // Nodes sharing a column and a lane stack in rows, in elkjs' order; a lane is as tall as its fullest column.
  const cells = new Map<string, string[]>();
  for (const id of [...ids].sort((a, b) => (elkY.get(a) ?? 0) - (elkY.get(b) ?? 0))) {
    const key = `${columns.get(id) ?? 0}|${lanes.get(id)}`;
    cells.set(key, [...(cells.get(key) ?? []), id]);
  }
  const rowsIn = (lane: LaneKey) =>
    Math.max(0, ...[...cells].filter(([k]) => k.endsWith(`|${lane}`)).map(([, list]) => list.length));
  const rowHeight = nodeSize.stage.height + gap.y;
  const laneTop = new Map<LaneKey, number>();
  let y = laneTitleHeight;
  for (const lane of laneOrder) {
    const rows = rowsIn(lane);
    if (rows === 0) continue;
    laneTop.set(lane, y);
    y += rows * rowHeight;
  }
  const positions: Positions = {};
  for (const [key, list] of cells) {
    const [column, lane] = key.split('|');
    const laneKey = (lane === 'closed' ? 'closed' : Number(lane)) as LaneKey;
    list.forEach((id, row) => {
      positions[id] = { x: Number(column) * pitch, y: (laneTop.get(laneKey) ?? 0) + row * rowHeight };
    });
  }
  return positions;
}

/** A lane's rectangle: one per level present in the pathway, and the closing band. */
export interface Lane {
  key: LaneKey;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Computes a background band per lane around that lane's nodes, all bands as wide as the diagram. */
export function lanesFor(draft: Draft, positions: Positions): Lane[] {
  const lanes = lanesOf(draft);
  const boxes = [...lanes].flatMap(([id, lane]) => {
    const p = positions[id];
    if (!p) return [];
    const s = draft.stages.some((st) => st.id === id) ? nodeSize.stage : nodeSize.group;
    return [{ lane, x: p.x, y: p.y, w: s.width, h: s.height }];
  });
  if (boxes.length === 0) return [];
  const left = Math.min(...boxes.map((b) => b.x)) - laneMargin;
  const right = Math.max(...boxes.map((b) => b.x + b.w)) + laneMargin;
  return laneOrder.flatMap((key) => {
    const mine = boxes.filter((b) => b.lane === key);
    if (!mine.length) return [];
    const top = Math.min(...mine.map((b) => b.y)) - laneTitleHeight - 6;
    const bottom = Math.max(...mine.map((b) => b.y + b.h)) + 20;
    return [{ key, x: left, y: top, width: right - left, height: bottom - top }];
  });
}
