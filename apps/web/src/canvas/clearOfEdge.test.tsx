import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearOfEdge, type Span } from './clearOfEdge.ts';

const spans = fc.array(
  fc.record({ left: fc.integer({ min: -400, max: 2400 }), width: fc.integer({ min: 60, max: 260 }) }),
  { minLength: 1, maxLength: 12 },
);
const toSpans = (list: { left: number; width: number }[]): Span[] =>
  list.map((s) => ({ left: s.left, right: s.left + s.width }));
const cut = (s: Span, edge: number) => s.left < edge && s.right > edge;
const whole = (s: Span, edge: number) => s.left >= 0 && s.right <= edge;

describe('keeping stages clear of the panel’s edge', () => {
  it('after the shift no stage is cut by the edge and every stage shown whole still is, or nothing moves', () => {
    fc.assert(
      fc.property(spans, fc.integer({ min: 500, max: 1800 }), (list, edge) => {
        const before = toSpans(list);
        const shift = clearOfEdge(before, edge);
        expect(Math.abs(shift)).toBeLessThanOrEqual(160);
        if (shift === 0) return;
        const after = before.map((s) => ({ left: s.left + shift, right: s.right + shift }));
        expect(after.filter((s) => cut(s, edge))).toEqual([]);
        before.forEach((s, i) => {
          if (whole(s, edge)) expect(whole(after[i]!, edge)).toBe(true);
        });
      }),
    );
  });

  it('leaves a view alone when no stage is cut', () => {
    expect(
      clearOfEdge(
        toSpans([
          { left: 20, width: 220 },
          { left: 1120, width: 220 },
        ]),
        1100,
      ),
    ).toBe(0);
  });

  it('at 1440 px with the panel open: the map’s fifth column, cut 24 px in, is pushed just past the edge', () => {
    const columns = [20, 372, 724, 1076, 1428].map((left) => ({ left, width: 220 }));
    expect(clearOfEdge(toSpans(columns), 1100)).toBe(24);
  });

  it('pulls a stage cut near its end in whole, when that moves less', () => {
    expect(
      clearOfEdge(
        toSpans([
          { left: 200, width: 220 },
          { left: 900, width: 220 },
        ]),
        1100,
      ),
    ).toBe(-36);
  });
});
