import type { Point } from './geometry.ts';

/**
 * An arrowhead of a fixed size at a routed path's end (an SVG marker would grow with the line's
 * width: a thick map edge got a 100 px arrow), and the path shortened to the arrow's base so a thick
 * line does not poke through the tip. Length 8 + 1.2 x width, half as wide as long.
 */
export function arrowHead(points: Point[], strokeWidth: number): { shaft: Point[]; head: string } {
  const tip = points.at(-1);
  const before = points.at(-2);
  if (!tip || !before) return { shaft: points, head: '' };
  const segment = Math.hypot(tip.x - before.x, tip.y - before.y);
  if (segment === 0) return { shaft: points, head: '' };
  const length = Math.min(segment, 8 + 1.2 * strokeWidth);
  const ux = (tip.x - before.x) / segment;
  const uy = (tip.y - before.y) / segment;
  const base = { x: tip.x - ux * length, y: tip.y - uy * length };
  const half = length / 2;
  const left = { x: base.x - uy * half, y: base.y + ux * half };
  const right = { x: base.x + uy * half, y: base.y - ux * half };
  return {
    shaft: [...points.slice(0, -1), base],
    head: `M ${tip.x} ${tip.y} L ${left.x} ${left.y} L ${right.x} ${right.y} Z`,
  };
}
