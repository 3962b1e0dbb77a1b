import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Box, Point } from './geometry.ts';
import { previewRoute } from './previewRoute.ts';

const box = fc.record({
  x: fc.integer({ min: -1000, max: 1000 }),
  y: fc.integer({ min: -1000, max: 1000 }),
  width: fc.integer({ min: 20, max: 300 }),
  height: fc.integer({ min: 20, max: 200 }),
});
const label = fc.record({
  width: fc.integer({ min: 10, max: 130 }),
  height: fc.integer({ min: 10, max: 60 }),
});

const onBorder = (p: Point, b: Box) =>
  p.x >= b.x &&
  p.x <= b.x + b.width &&
  p.y >= b.y &&
  p.y <= b.y + b.height &&
  (p.x === b.x || p.x === b.x + b.width || p.y === b.y || p.y === b.y + b.height);
const onSegment = (p: Point, a: Point, b: Point) =>
  (a.x === b.x && p.x === a.x && p.y >= Math.min(a.y, b.y) && p.y <= Math.max(a.y, b.y)) ||
  (a.y === b.y && p.y === a.y && p.x >= Math.min(a.x, b.x) && p.x <= Math.max(a.x, b.x));

describe('the preview of a move while a stage is dragged', () => {
  it('runs from the source’s border to the target’s in straight horizontal and vertical steps, its label centred on it', () => {
    const touching = { x: 200, y: 0, width: 100, height: 80 };
    fc.assert(
      fc.property(box, box, label, (source, target, size) => {
        const { points, label: at } = previewRoute(source, target, size);
        expect(onBorder(points[0]!, source)).toBe(true);
        expect(onBorder(points.at(-1)!, target)).toBe(true);
        for (let i = 1; i < points.length; i++) {
          const [a, b] = [points[i - 1]!, points[i]!];
          expect(a.x === b.x || a.y === b.y).toBe(true);
          expect(a.x === b.x && a.y === b.y).toBe(false);
        }
        expect({ width: at.width, height: at.height }).toEqual(size);
        const centre = { x: at.x + at.width / 2, y: at.y + at.height / 2 };
        // (Two stages side by side with no gap between them: the move is a single point.)
        expect(points.some((p, i) => onSegment(centre, points[i - 1] ?? p, p))).toBe(true);
      }),
      { examples: [[{ x: 0, y: 0, width: 200, height: 80 }, touching, { width: 40, height: 20 }]] },
    );
  });

  it('leaves by the side facing the target: right to left for a stage ahead, down for one below', () => {
    const a = { x: 0, y: 0, width: 200, height: 80 };
    expect(
      previewRoute(a, { x: 400, y: 100, width: 200, height: 80 }, { width: 60, height: 20 }).points,
    ).toEqual([
      { x: 200, y: 40 },
      { x: 300, y: 40 },
      { x: 300, y: 140 },
      { x: 400, y: 140 },
    ]);
    expect(
      previewRoute(a, { x: 0, y: 300, width: 200, height: 80 }, { width: 60, height: 20 }).points,
    ).toEqual([
      { x: 100, y: 80 },
      { x: 100, y: 300 },
    ]);
  });
});
