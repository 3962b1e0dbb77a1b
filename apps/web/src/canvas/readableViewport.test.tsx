import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readableViewport, readableZoom } from './readableViewport.ts';

const box = fc.record({
  x: fc.integer({ min: -2000, max: 2000 }),
  y: fc.integer({ min: -2000, max: 2000 }),
  width: fc.integer({ min: 200, max: 4000 }),
  height: fc.integer({ min: 100, max: 3000 }),
});
const screen = fc.record({
  width: fc.integer({ min: 400, max: 2400 }),
  height: fc.integer({ min: 300, max: 1400 }),
});
const pad = 16;

/** The flow rectangle a viewport shows on a screen. */
const shown = (v: { x: number; y: number; zoom: number }, s: { width: number; height: number }) => ({
  left: -v.x / v.zoom,
  top: -v.y / v.zoom,
  right: (s.width - v.x) / v.zoom,
  bottom: (s.height - v.y) / v.zoom,
});
const near = 1e-6;

describe('the readable first view', () => {
  it('fits the whole diagram when it fits at the readable zoom, centred, never above 100%', () => {
    const v = readableViewport({ x: 0, y: 0, width: 800, height: 400 }, undefined, {
      width: 1100,
      height: 800,
    });
    expect(v.zoom).toBe(1);
    expect(v.x).toBe(150);
    expect(v.y).toBe(200);
    const fitted = readableViewport({ x: 0, y: 0, width: 1300, height: 500 }, undefined, {
      width: 1100,
      height: 800,
    });
    expect(fitted.zoom).toBeCloseTo((1100 - 2 * pad) / 1300);
  });

  it('never goes below the readable zoom, and then starts at the top left with the entry whole', () => {
    // The default pathway's size at 1024x768 with the panel closed: 0.8, from the left edge.
    const v = readableViewport(
      { x: -24, y: -6, width: 1676, height: 900 },
      { x: 0, y: 214, width: 220, height: 92 },
      { width: 1024, height: 646 },
    );
    expect(v.zoom).toBe(readableZoom);
    expect(v.x).toBeCloseTo(pad + 24 * readableZoom);
    expect(v.y).toBeCloseTo(pad + 6 * readableZoom);
  });

  it('property: zoom within [readable, 1]; the whole diagram, or the entry whole and no empty margin past the diagram', () => {
    fc.assert(
      fc.property(
        box,
        screen,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (b, s, fx, fy) => {
          const entry = {
            x: b.x + fx * (b.width - 200),
            y: b.y + fy * (b.height - 90),
            width: 200,
            height: 90,
          };
          const v = readableViewport(b, entry, s);
          expect(v.zoom).toBeGreaterThanOrEqual(readableZoom - near);
          expect(v.zoom).toBeLessThanOrEqual(1 + near);
          const view = shown(v, s);
          const fits =
            Math.min((s.width - 2 * pad) / b.width, (s.height - 2 * pad) / b.height) >= readableZoom;
          if (fits) {
            expect(view.left).toBeLessThanOrEqual(b.x + near);
            expect(view.right).toBeGreaterThanOrEqual(b.x + b.width - near);
            expect(view.top).toBeLessThanOrEqual(b.y + near);
            expect(view.bottom).toBeGreaterThanOrEqual(b.y + b.height - near);
            return;
          }
          // The entry is whole whenever it can be (it is smaller than the screen at this zoom).
          if (entry.width * v.zoom <= s.width - 2 * pad) {
            expect(view.left).toBeLessThanOrEqual(entry.x + near);
            expect(view.right).toBeGreaterThanOrEqual(entry.x + entry.width - near);
          }
          if (entry.height * v.zoom <= s.height - 2 * pad) {
            expect(view.top).toBeLessThanOrEqual(entry.y + near);
            expect(view.bottom).toBeGreaterThanOrEqual(entry.y + entry.height - near);
          }
          // An axis too long for the screen shows no more than the margin beyond either end.
          if (b.width * v.zoom > s.width - 2 * pad) {
            expect(view.left).toBeGreaterThanOrEqual(b.x - pad / v.zoom - near);
            expect(view.right).toBeLessThanOrEqual(b.x + b.width + pad / v.zoom + near);
          }
          if (b.height * v.zoom > s.height - 2 * pad) {
            expect(view.top).toBeGreaterThanOrEqual(b.y - pad / v.zoom - near);
            expect(view.bottom).toBeLessThanOrEqual(b.y + b.height + pad / v.zoom + near);
          }
        },
      ),
    );
  });
});
