import { type Edge, type Node, useStore, useStoreApi } from '@xyflow/react';
import { nodeSize } from './layout.ts';
import { labelBox, wrapLabel } from './labelSize.ts';
import type { Box, EdgeRequest } from './geometry.ts';
import { previewRoute } from './previewRoute.ts';
import { type Band, type EdgeRoute, routeEdges } from './routeEdges.ts';

/** The text an edge's label shows (one function per kind of canvas, kept stable across renders). */
export type LabelText = (edge: Edge) => string;

/** A routed edge with its label's lines. */
export interface RoutedEdge extends EdgeRoute {
  lines: string[];
}

type Routes = Map<string, RoutedEdge>;

/** What the router sees of a canvas: obstacles, lanes and moves (positions, sizes, label sizes). */
interface Geometry {
  boxes: Map<string, Box>;
  bands: Band[];
  requests: EdgeRequest[];
  lines: Map<string, string[]>;
}

/** Nodes that are obstacles (lanes are backgrounds) as boxes, sized as measured or as the layout reserved. */
function boxesOf(nodes: Node[]): Map<string, Box> {
  return new Map(
    nodes
      .filter((n) => n.type !== 'lane' && !n.hidden)
      .map((n) => [
        n.id,
        {
          x: n.position.x,
          y: n.position.y,
          width: n.measured?.width ?? n.width ?? nodeSize.stage.width,
          height: n.measured?.height ?? n.height ?? nodeSize.stage.height,
        },
      ]),
  );
}

/** The swimlanes behind the nodes (lane nodes), which routes keep their borders and titles clear of. */
function bandsOf(nodes: Node[]): Band[] {
  return nodes
    .filter((n) => n.type === 'lane' && !n.hidden)
    .map((n) => ({
      y: n.position.y,
      height: n.measured?.height ?? n.height ?? Number((n.data as { height?: number }).height ?? 0),
    }));
}

function geometryOf(nodes: Node[], edges: Edge[], text: LabelText): Geometry {
  const lines = linesOf(edges, text);
  const requests = edges
    .filter((e) => !e.hidden)
    .map((e) => ({ id: e.id, source: e.source, target: e.target, label: labelBox(lines.get(e.id) ?? []) }));
  return { boxes: boxesOf(nodes), bands: bandsOf(nodes), requests, lines };
}

/** Per edges array: its labels wrapped into lines (a drag moves stages, not moves: no re-wrap per frame). */
const wrapped = new WeakMap<Edge[], { text: LabelText; lines: Map<string, string[]> }>();

function linesOf(edges: Edge[], text: LabelText): Map<string, string[]> {
  const hit = wrapped.get(edges);
  if (hit?.text === text) return hit.lines;
  const lines = new Map(edges.map((e) => [e.id, wrapLabel(text(e))]));
  wrapped.set(edges, { text, lines });
  return lines;
}

/** Everything a routing depends on, as one string: equal strings route the same. */
const keyOf = ({ boxes, bands, requests }: Geometry) =>
  JSON.stringify([
    [...boxes].map(([id, b]) => [id, b.x, b.y, b.width, b.height]),
    bands.map((b) => [b.y, b.height]),
    requests.map((r) => [r.id, r.source, r.target, r.label.width, r.label.height]),
  ]);

const withLines = (routes: Map<string, EdgeRoute>, lines: Map<string, string[]>): Routes =>
  new Map([...routes].map(([id, r]) => [id, { ...r, lines: lines.get(id) ?? [] }]));

/** Per canvas (its store): the last full routing and the geometry it was made for. */
const settled = new WeakMap<object, { key: string; routes: Routes }>();
/** Per nodes and edges arrays: the routes all edge components of one render share. */
const shared = new WeakMap<Node[], WeakMap<Edge[], Routes>>();

/**
 * While stages are dragged, the moves that join them follow as cheap previews and every other move
 * keeps its last full route (or a preview, before there is one).
 */
function duringDrag(geometry: Geometry, dragged: Set<string>, last: Routes | undefined): Routes {
  const out: Routes = new Map();
  for (const r of geometry.requests) {
    if (last && !dragged.has(r.source) && !dragged.has(r.target)) {
      const kept = last.get(r.id);
      if (kept) out.set(r.id, kept);
      continue;
    }
    const source = geometry.boxes.get(r.source);
    const target = geometry.boxes.get(r.target);
    if (!source || !target || r.source === r.target) continue;
    out.set(r.id, { ...previewRoute(source, target, r.label), lines: geometry.lines.get(r.id) ?? [] });
  }
  return out;
}

/**
 * The canvas' routes: computed once per render for all edges, fully routed only when the geometry
 * changed since the last full routing (a re-render with new arrays but the same positions, sizes and
 * labels reuses it), and never during a drag (routing takes longer than a frame): the dragged
 * stages' moves are previewed, and the drop routes everything once.
 */
function routesFor(canvas: object, nodes: Node[], edges: Edge[], text: LabelText): Routes {
  let byEdges = shared.get(nodes);
  if (!byEdges) {
    byEdges = new WeakMap();
    shared.set(nodes, byEdges);
  }
  const hit = byEdges.get(edges);
  if (hit) return hit;
  const geometry = geometryOf(nodes, edges, text);
  const dragged = new Set(nodes.filter((n) => n.dragging).map((n) => n.id));
  const last = settled.get(canvas);
  let routes: Routes;
  if (dragged.size > 0) routes = duringDrag(geometry, dragged, last?.routes);
  else {
    const key = keyOf(geometry);
    if (last?.key === key) routes = last.routes;
    else {
      routes = withLines(routeEdges(geometry.boxes, geometry.requests, geometry.bands), geometry.lines);
      settled.set(canvas, { key, routes });
    }
  }
  byEdges.set(edges, routes);
  return routes;
}

/**
 * Where this edge is drawn and where its label sits, from a routing of the whole canvas (so labels
 * avoid each other and every node); undefined until the edge can be routed.
 */
export function useEdgeRoute(id: string, text: LabelText): RoutedEdge | undefined {
  const canvas = useStoreApi();
  const nodes = useStore((s) => s.nodes);
  const edges = useStore((s) => s.edges);
  return routesFor(canvas, nodes, edges, text).get(id);
}
