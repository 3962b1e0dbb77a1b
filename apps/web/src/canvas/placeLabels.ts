import type { Box, EdgeRequest, Point } from './geometry.ts';

const labelGap = 4;
const fractions = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9, 0.27, 0.43, 0.57, 0.73, 0.15, 0.85];

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
 * it; moves with the fewest free spots are placed first. When a label finds no free spot, one label
 * in its way is moved to another free spot of its own path to make room; when even that fails, the
 * spot with the least overlap is taken (the end-to-end test measures that this does not happen on
 * the default pathway).
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
  const spots = new Map(options.map((o) => [o.id, o.list]));
  const out = new Map<string, Box>();
  const blocking = (box: Box) => [...out].filter(([, p]) => overlaps(box, p, labelGap)).map(([id]) => id);
  /** Moves the one label in the way of `box` to another free spot of its own; true when it could. */
  const makeRoom = (box: Box): boolean => {
    const inWay = blocking(box);
    if (inWay.length !== 1) return false;
    const other = inWay[0]!;
    const alternative = (spots.get(other) ?? []).find(
      (c) => !overlaps(c.box, box, labelGap) && blocking(c.box).every((id) => id === other),
    );
    if (alternative) out.set(other, alternative.box);
    return alternative !== undefined;
  };
  for (const o of options) {
    const chosen =
      o.list.find((c) => blocking(c.box).length === 0) ??
      o.list.find((c) => makeRoom(c.box)) ??
      [...(o.list.length ? o.list : o.fallback)].sort(
        (a, b) => blocking(a.box).length - blocking(b.box).length,
      )[0];
    if (chosen) out.set(o.id, chosen.box);
  }
  return out;
}
