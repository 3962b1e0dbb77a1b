import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrowHead } from './arrowHead.ts';

describe('the arrowhead of a routed edge', () => {
  it('is a fixed-size triangle at the tip, the shaft ending at its base', () => {
    const { shaft, head } = arrowHead(
      [
        { x: 0, y: 0 },
        { x: 100, y: 0 },
        { x: 100, y: 50 },
      ],
      8,
    );
    // 8 + 1.2 x 8 = 17.6 long, pointing down onto (100, 50).
    expect(shaft.at(-1)).toEqual({ x: 100, y: 50 - 17.6 });
    expect(head).toBe('M 100 50 L 91.2 32.4 L 108.8 32.4 Z');
  });

  it('property: never longer than its segment or than 8 + 1.2 x width, whatever the width', () => {
    const point = fc.record({
      x: fc.integer({ min: -500, max: 500 }),
      y: fc.integer({ min: -500, max: 500 }),
    });
    fc.assert(
      fc.property(point, point, fc.double({ min: 1, max: 8, noNaN: true }), (a, b, width) => {
        fc.pre(a.x !== b.x || a.y !== b.y);
        const { shaft, head } = arrowHead([a, b], width);
        const base = shaft.at(-1)!;
        const length = Math.hypot(b.x - base.x, b.y - base.y);
        expect(length).toBeLessThanOrEqual(
          Math.min(Math.hypot(b.x - a.x, b.y - a.y), 8 + 1.2 * width) + 1e-9,
        );
        expect(head.startsWith(`M ${b.x} ${b.y} `)).toBe(true);
        expect(shaft).toHaveLength(2);
      }),
    );
  });
});
