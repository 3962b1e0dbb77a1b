import { type Edge, type Node, useStore } from '@xyflow/react';
import { nodeSize } from './layout.ts';
import { labelBox, wrapLabel } from './labelSize.ts';
import type { Box } from './geometry.ts';
import { type Band, type EdgeRoute, routeEdges } from './routeEdges.ts';

/** The text an edge's label shows (one function per kind of canvas, kept stable across renders). */
export type LabelText = (edge: Edge) => string;

/** A routed edge with its label's lines. */
export interface RoutedEdge extends EdgeRoute {
  lines: string[];
}

const cache = new WeakMap<Node[], WeakMap<Edge[], Map<string, RoutedEdge>>>();

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

/** Routes every edge of the canvas once per change of nodes or edges, shared by all edge components. */
function routesFor(nodes: Node[], edges: Edge[], text: LabelText): Map<string, RoutedEdge> {
  let byEdges = cache.get(nodes);
  if (!byEdges) {
    byEdges = new WeakMap();
    cache.set(nodes, byEdges);
  }
  const hit = byEdges.get(edges);
  if (hit) return hit;
  const lines = new Map(edges.map((e) => [e.id, wrapLabel(text(e))]));
  const routes = routeEdges(
    boxesOf(nodes),
    edges
      .filter((e) => !e.hidden)
      .map((e) => ({ id: e.id, source: e.source, target: e.target, label: labelBox(lines.get(e.id) ?? []) })),
    bandsOf(nodes),
  );
  const out = new Map([...routes].map(([id, r]) => [id, { ...r, lines: lines.get(id) ?? [] }]));
  byEdges.set(edges, out);
  return out;
}

/**
 * Where this edge is drawn and where its label sits, from a routing of the whole canvas (so labels
 * avoid each other and every node); undefined until the edge can be routed.
 */
export function useEdgeRoute(id: string, text: LabelText): RoutedEdge | undefined {
  const nodes = useStore((s) => s.nodes);
  const edges = useStore((s) => s.edges);
  return routesFor(nodes, edges, text).get(id);
}
