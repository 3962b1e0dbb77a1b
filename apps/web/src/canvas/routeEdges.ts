import { MinHeap } from './minHeap.ts';
import type { Box, EdgeRequest, Point } from './geometry.ts';
import { placeLabels } from './placeLabels.ts';

/** Where a move is drawn: an orthogonal polyline from border to border and its label's rectangle. */
export interface EdgeRoute {
  points: Point[];
  label: Box;
}

/** A background band (a swimlane): its top and height, in flow coordinates. */
export interface Band {
  y: number;
  height: number;
}

/** Clearance kept between a path and any node it does not start or end at. */
const clearance = 14;
const bendCost = 36;
const sharedCost = 90;
const crossCost = 12;
const portReuseCost = 30;
/** Extra cost per pixel of a horizontal run along a band's border or through its title row. */
const hugCost = 1.5;
const titleRow = 32;

/** True when a horizontal line at y would run along a band's border or through its title. */
const hugsBand = (bands: Band[], y: number) =>
  bands.some((b) => (y > b.y - 8 && y < b.y + titleRow) || Math.abs(y - (b.y + b.height)) < 8);

/** The middle of each gap between two bands: a track that runs between lanes, clear of both. */
const betweenBands = (bands: Band[]) =>
  [...bands]
    .sort((a, b) => a.y - b.y)
    .flatMap((b, i, all) => {
      const next = all[i + 1];
      const bottom = b.y + b.height;
      return next && next.y - bottom >= 12 ? [(bottom + next.y) / 2] : [];
    });
const dirs = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
] as const;

const uniqueSorted = (values: number[]) =>
  [...new Set(values.map((v) => Math.round(v)))].sort((a, b) => a - b);

/** Adds evenly spaced tracks inside wide gaps, so parallel edges find a lane of their own. */
function fill(values: number[], step: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out.push(v);
    const next = values[i + 1];
    if (next === undefined) continue;
    const n = Math.floor((next - v) / step);
    for (let k = 1; k < n; k++) out.push(v + ((next - v) * k) / n);
  }
  return uniqueSorted(out);
}

const inside = (b: Box, x: number, y: number, pad: number) =>
  x > b.x - pad && x < b.x + b.width + pad && y > b.y - pad && y < b.y + b.height + pad;

/** The points where a path may leave or enter a box: three per side, just outside its clearance. */
function ports(b: Box) {
  const list: { x: number; y: number; border: Point; dir: number }[] = [];
  for (const k of [0.5, 0.25, 0.75]) {
    const px = b.x + b.width * k;
    const py = b.y + b.height * k;
    list.push({ x: b.x + b.width + clearance, y: py, border: { x: b.x + b.width, y: py }, dir: 0 });
    list.push({ x: px, y: b.y + b.height + clearance, border: { x: px, y: b.y + b.height }, dir: 1 });
    list.push({ x: b.x - clearance, y: py, border: { x: b.x, y: py }, dir: 2 });
    list.push({ x: px, y: b.y - clearance, border: { x: px, y: b.y }, dir: 3 });
  }
  return list.map((p) => ({ ...p, x: Math.round(p.x), y: Math.round(p.y) }));
}

/** Drops repeated points and the middle point of three in a line. */
export function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const a = out.at(-2);
    const b = out.at(-1);
    if (b && p.x === b.x && p.y === b.y) continue;
    if (a && b && ((a.x === b.x && b.x === p.x) || (a.y === b.y && b.y === p.y))) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

/**
 * Routes every move as an orthogonal path that never crosses a node it does not join (a shortest
 * path over a grid of the free corridors between nodes, bends and shared tracks cost extra, so
 * parallel moves spread out; running along a lane's border or through its title costs extra, and
 * the middle of the gap between two lanes is a track of its own), then places each label on its own path where it covers no node and
 * no other label.
 */
export function routeEdges(
  boxes: Map<string, Box>,
  edges: EdgeRequest[],
  bands: Band[] = [],
): Map<string, EdgeRoute> {
  const all = [...boxes.values()];
  const routes = new Map<string, Point[]>();
  if (all.length === 0) return new Map();
  const minX = Math.min(...all.map((b) => b.x)) - 60;
  const maxX = Math.max(...all.map((b) => b.x + b.width)) + 60;
  const minY = Math.min(...all.map((b) => b.y)) - 60;
  const maxY = Math.max(...all.map((b) => b.y + b.height)) + 60;
  const portList = new Map([...boxes].map(([id, b]) => [id, ports(b)]));
  const xs = fill(
    uniqueSorted([minX, maxX, ...[...portList.values()].flat().map((p) => p.x)]).filter(
      (x) => x >= minX && x <= maxX,
    ),
    40,
  );
  const ys = fill(
    uniqueSorted([
      minY,
      maxY,
      ...[...portList.values()].flat().map((p) => p.y),
      ...betweenBands(bands),
    ]).filter((y) => y >= minY && y <= maxY),
    40,
  );
  const nx = xs.length;
  const ny = ys.length;
  const hugging = ys.map((y) => hugsBand(bands, y));
  const xi = new Map(xs.map((x, i) => [x, i]));
  const yi = new Map(ys.map((y, i) => [y, i]));
  const blocked = new Uint8Array(nx * ny);
  // A step between neighbours is blocked when its midpoint lies inside a node's clearance.
  const blockedStep = new Uint8Array(nx * ny * 2);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const x = xs[i]!;
      const y = ys[j]!;
      if (all.some((b) => inside(b, x, y, clearance))) blocked[j * nx + i] = 1;
      if (i + 1 < nx && all.some((b) => inside(b, (x + xs[i + 1]!) / 2, y, clearance)))
        blockedStep[(j * nx + i) * 2] = 1;
      if (j + 1 < ny && all.some((b) => inside(b, x, (y + ys[j + 1]!) / 2, clearance)))
        blockedStep[(j * nx + i) * 2 + 1] = 1;
    }
  // How many routed paths use each step (horizontal: 0, vertical: 1), to spread later ones out.
  const used = new Uint16Array(nx * ny * 2);
  const portUse = new Map<string, number>();
  const dist = new Float64Array(nx * ny * 4);
  const prev = new Int32Array(nx * ny * 4);

  for (const edge of edges) {
    const from = portList.get(edge.source);
    const to = portList.get(edge.target);
    if (!from || !to || edge.source === edge.target) continue;
    dist.fill(Number.POSITIVE_INFINITY);
    prev.fill(-1);
    const heap = new MinHeap();
    // A* towards the target's clearance box: the distance to it never overestimates what is left.
    const t = boxes.get(edge.target)!;
    const h = (cell: number) => {
      const x = xs[cell % nx]!;
      const y = ys[Math.floor(cell / nx)]!;
      const dx = Math.max(0, t.x - clearance - x, x - (t.x + t.width + clearance));
      const dy = Math.max(0, t.y - clearance - y, y - (t.y + t.height + clearance));
      return dx + dy;
    };
    for (const p of from) {
      const i = xi.get(p.x);
      const j = yi.get(p.y);
      if (i === undefined || j === undefined || blocked[j * nx + i]) continue;
      const s = (j * nx + i) * 4 + p.dir;
      const cost = clearance + (portUse.get(`${edge.source}:${p.x},${p.y}`) ?? 0) * portReuseCost;
      if (cost < dist[s]!) {
        dist[s] = cost;
        heap.push(s, cost + h(s >> 2));
      }
    }
    const goals = new Map<number, (typeof to)[number]>();
    for (const p of to) {
      const i = xi.get(p.x);
      const j = yi.get(p.y);
      if (i === undefined || j === undefined || blocked[j * nx + i]) continue;
      // Arriving at a port means moving against the direction that leaves by it.
      goals.set((j * nx + i) * 4 + ((p.dir + 2) % 4), p);
    }
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    while (heap.size > 0) {
      const [s, priority] = heap.pop();
      const cost = dist[s]!;
      if (priority > cost + h(s >> 2) + 1e-6) continue;
      if (priority >= bestCost) break;
      const goal = goals.get(s);
      if (goal) {
        const total =
          cost + clearance + (portUse.get(`${edge.target}:${goal.x},${goal.y}`) ?? 0) * portReuseCost;
        if (total < bestCost) {
          bestCost = total;
          best = s;
        }
      }
      const cell = s >> 2;
      const dir = s & 3;
      const i = cell % nx;
      const j = (cell - i) / nx;
      for (let d = 0; d < 4; d++) {
        if (d === (dir + 2) % 4) continue;
        const [dx, dy] = dirs[d]!;
        const ni = i + dx;
        const nj = j + dy;
        if (ni < 0 || nj < 0 || ni >= nx || nj >= ny || blocked[nj * nx + ni]) continue;
        const stepCell = dx !== 0 ? j * nx + Math.min(i, ni) : Math.min(j, nj) * nx + i;
        const stepIndex = stepCell * 2 + (dx !== 0 ? 0 : 1);
        if (blockedStep[stepIndex]) continue;
        const length = Math.abs(xs[ni]! - xs[i]!) + Math.abs(ys[nj]! - ys[j]!);
        const crossIndex = (nj * nx + ni) * 2 + (dx !== 0 ? 1 : 0);
        const next =
          cost +
          length +
          (dx !== 0 && hugging[j] ? length * hugCost : 0) +
          (d === dir ? 0 : bendCost) +
          (used[stepIndex] ?? 0) * sharedCost +
          ((used[crossIndex] ?? 0) > 0 ? crossCost : 0);
        const ns = (nj * nx + ni) * 4 + d;
        if (next < dist[ns]!) {
          dist[ns] = next;
          prev[ns] = s;
          heap.push(ns, next + h(ns >> 2));
        }
      }
    }
    if (best < 0) continue;
    const cells: number[] = [];
    for (let s = best; s >= 0; s = prev[s]!) cells.push(s >> 2);
    cells.reverse();
    for (let k = 1; k < cells.length; k++) {
      const a = cells[k - 1]!;
      const b = cells[k]!;
      const horizontal = Math.abs(a - b) === 1;
      const idx = horizontal ? Math.min(a, b) * 2 : Math.min(a, b) * 2 + 1;
      used[idx] = (used[idx] ?? 0) + 1;
    }
    const pts = cells.map((c) => ({ x: xs[c % nx]!, y: ys[Math.floor(c / nx)]! }));
    const start = from.find((p) => p.x === pts[0]!.x && p.y === pts[0]!.y)!;
    const end = goals.get(best)!;
    portUse.set(
      `${edge.source}:${start.x},${start.y}`,
      (portUse.get(`${edge.source}:${start.x},${start.y}`) ?? 0) + 1,
    );
    portUse.set(
      `${edge.target}:${end.x},${end.y}`,
      (portUse.get(`${edge.target}:${end.x},${end.y}`) ?? 0) + 1,
    );
    routes.set(edge.id, simplify([start.border, ...pts, end.border]));
  }
  const labels = placeLabels(all, edges, routes);
  const out = new Map<string, EdgeRoute>();
  for (const [id, points] of routes) {
    const label = labels.get(id);
    if (label) out.set(id, { points, label });
  }
  return out;
}
