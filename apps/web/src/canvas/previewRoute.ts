import type { Box, Point } from './geometry.ts';
import { type EdgeRoute, simplify } from './routeEdges.ts';

/** The middle of one side of a box: 0 right, 1 bottom, 2 left, 3 top (routeEdges' directions). */
function sideMiddle(b: Box, side: number): Point {
  if (side === 0) return { x: b.x + b.width, y: b.y + b.height / 2 };
  if (side === 1) return { x: b.x + b.width / 2, y: b.y + b.height };
  if (side === 2) return { x: b.x, y: b.y + b.height / 2 };
  return { x: b.x + b.width / 2, y: b.y };
}

/**
 * A cheap stand-in for a move while one of its stages is being dragged (full routing takes
 * 12-25 ms, longer than a frame): an orthogonal elbow from the middle of the source's facing side
 * to the middle of the target's, with the label centred on its middle segment. It may cross other
 * nodes; the full route replaces it once the drag ends.
 */
export function previewRoute(source: Box, target: Box, label: { width: number; height: number }): EdgeRoute {
  const gapX = Math.max(target.x - (source.x + source.width), source.x - (target.x + target.width));
  const gapY = Math.max(target.y - (source.y + source.height), source.y - (target.y + target.height));
  const sideBySide = gapX >= gapY;
  const ahead = sideBySide
    ? target.x + target.width / 2 >= source.x + source.width / 2
    : target.y + target.height / 2 >= source.y + source.height / 2;
  const out = sideBySide ? (ahead ? 0 : 2) : ahead ? 1 : 3;
  const a = sideMiddle(source, out);
  const b = sideMiddle(target, (out + 2) % 4);
  const mid = sideBySide ? { x: (a.x + b.x) / 2, y: 0 } : { x: 0, y: (a.y + b.y) / 2 };
  const points = simplify(
    sideBySide
      ? [a, { x: mid.x, y: a.y }, { x: mid.x, y: b.y }, b]
      : [a, { x: a.x, y: mid.y }, { x: b.x, y: mid.y }, b],
  );
  const centre = sideBySide ? { x: mid.x, y: (a.y + b.y) / 2 } : { x: (a.x + b.x) / 2, y: mid.y };
  return {
    points,
    label: { x: centre.x - label.width / 2, y: centre.y - label.height / 2, ...label },
  };
}
