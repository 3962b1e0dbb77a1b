import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { panToShow } from './panToShow.ts';

const pad = 16;
const margins = { top: 48, right: pad, bottom: 120, left: pad };
const view = fc.record({
  x: fc.integer({ min: -3000, max: 3000 }),
  y: fc.integer({ min: -3000, max: 3000 }),
  zoom: fc.constantFrom(0.5, 0.8, 1, 1.25),
});
const node = fc.record({
  x: fc.integer({ min: -2000, max: 2000 }),
  y: fc.integer({ min: -2000, max: 2000 }),
  width: fc.integer({ min: 40, max: 300 }),
  height: fc.integer({ min: 40, max: 200 }),
});
const screen = fc.record({
  width: fc.integer({ min: 500, max: 2000 }),
  height: fc.integer({ min: 400, max: 1200 }),
});
const near = 1e-6;

describe('panning a selected stage into view', () => {
  it('shows the stage whole inside the margins (its top left when larger than the room), at the same zoom', () => {
    fc.assert(
      fc.property(view, node, screen, (v, b, s) => {
        const next = panToShow(v, b, s, margins);
        expect(next.zoom).toBe(v.zoom);
        // Per axis: whole between the margins, or its start at the near margin when larger than the room.
        const axes = [
          [b.x, b.width, next.x, s.width, margins.left, margins.right],
          [b.y, b.height, next.y, s.height, margins.top, margins.bottom],
        ] as const;
        for (const [start, length, offset, room, nearMargin, farMargin] of axes) {
          const from = start * v.zoom + offset;
          if (length * v.zoom > room - nearMargin - farMargin) expect(from).toBeCloseTo(nearMargin);
          else {
            expect(from).toBeGreaterThanOrEqual(nearMargin - near);
            expect(from + length * v.zoom).toBeLessThanOrEqual(room - farMargin + near);
          }
        }
      }),
    );
  });

  it('does not move a view that already shows the stage whole', () => {
    fc.assert(
      fc.property(node, screen, (b, s) => {
        const v = { x: pad - b.x + 5, y: margins.top - b.y + 5, zoom: 1 };
        fc.pre(b.width + 2 * pad + 5 <= s.width && b.height + margins.top + margins.bottom + 5 <= s.height);
        expect(panToShow(v, b, s, margins)).toEqual(v);
      }),
    );
  });

  it('moves only as far as needed: a stage under the panel’s edge ends a margin inside it', () => {
    // 1440 px wide with the 340 px panel: the canvas is 1100 wide; a stage at 1076-1296 on screen.
    const next = panToShow(
      { x: 20, y: 0, zoom: 1 },
      { x: 1056, y: 100, width: 220, height: 92 },
      { width: 1100, height: 646 },
      margins,
    );
    expect(next).toEqual({ x: 20 - (1296 - (1100 - pad)), y: 0, zoom: 1 });
  });
});
