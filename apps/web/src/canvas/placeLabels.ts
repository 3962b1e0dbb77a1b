import type { Box, EdgeRequest, Point } from './routeEdges.ts';

const labelGap = 4;
const fractions = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9];

/** True when two rectangles, each grown by `pad`, overlap. */
export const overlaps = (a: Box, b: Box, pad = 0) =>
  a.x - pad < b.x + b.width &&
  b.x - pad < a.x + a.width &&
  a.y - pad < b.y + b.height &&
  b.y - pad < a.y + a.height;

interface Candidate {
  box: Box;
  score: number;
}

/** Label positions along a path: centred on each segment at several points, long segments first. */
function candidates(points: Point[], size: { width: number; height: number }): Candidate[] {
  const out: Candidate[] = [];
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!;
    const b = points[k]!;
    const length = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    if (length < 8) continue;
    const horizontal = a.y === b.y;
    const fit = horizontal ? length - size.width : length - size.height;
    fractions.forEach((f, rank) => {
      const cx = a.x + (b.x - a.x) * f;
      const cy = a.y + (b.y - a.y) * f;
      const box = { x: cx - size.width / 2, y: cy - size.height / 2, ...size };
      out.push({
        box,
        score: rank * 10 - Math.min(length, 400) / 4 + (fit < 0 ? 60 : 0) + (horizontal ? 0 : 15),
      });
      // Beside the segment as well, so labels of parallel moves can sit next to each other.
      for (const side of [-1, 1])
        out.push({
          box: horizontal
            ? { ...box, y: cy + side * (size.height / 2 + 6) - size.height / 2 }
            : { ...box, x: cx + side * (size.width / 2 + 6) - size.width / 2 },
          score: rank * 10 - Math.min(length, 400) / 4 + 40,
        });
    });
  }
  return out;
}

/**
 * Puts every label on (or beside) its own path where it covers no node and no label placed before
 * it; moves with the fewest free spots are placed first. When nothing is free, the spot with the
 * least overlap is taken (the end-to-end test measures that this does not happen on the default
 * pathway).
 */
export function placeLabels(
  nodes: Box[],
  edges: EdgeRequest[],
  routes: Map<string, Point[]>,
): Map<string, Box> {
  const options = edges.flatMap((e) => {
    const points = routes.get(e.id);
    if (!points) return [];
    const list = candidates(points, e.label)
      .filter((c) => !nodes.some((n) => overlaps(c.box, n, labelGap)))
      .sort((a, b) => a.score - b.score);
    const fallback = candidates(points, e.label).sort((a, b) => a.score - b.score);
    return [{ id: e.id, list, fallback }];
  });
  options.sort((a, b) => a.list.length - b.list.length);
  const placed: Box[] = [];
  const out = new Map<string, Box>();
  for (const o of options) {
    const free = o.list.find((c) => !placed.some((p) => overlaps(c.box, p, labelGap)));
    const chosen =
      free ??
      [...(o.list.length ? o.list : o.fallback)].sort(
        (a, b) =>
          placed.filter((p) => overlaps(a.box, p)).length - placed.filter((p) => overlaps(b.box, p)).length,
      )[0];
    if (!chosen) continue;
    placed.push(chosen.box);
    out.set(o.id, chosen.box);
  }
  return out;
}
