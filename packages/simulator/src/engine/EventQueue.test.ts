import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './EventQueue.ts';

describe('EventQueue', () => {
  it('pops every event in time order, across buckets, with pushes interleaved as in the engine', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true })),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        fc.constantFrom(0.25, 1, 7),
        (items, width) => {
          const end = 60;
          const q = new EventQueue(end, width);
          // ids 0..n-1 start pending; each popped id is rescheduled once at now + delay (if <= end).
          const delay = items.map(([, d]) => d);
          const rescheduled = new Uint8Array(items.length);
          items.forEach(([t], id) => {
            q.push(t, 0, id, 0);
          });
          const popped: number[] = [];
          let expected = items.length;
          for (;;) {
            const t = q.peekTime();
            if (t === Number.POSITIVE_INFINITY) break;
            const id = q.move(q.pop());
            popped.push(t);
            if (!rescheduled[id] && t + delay[id]! <= end) {
              rescheduled[id] = 1;
              q.push(t + delay[id]!, t, id, 0);
              expected++;
            }
          }
          expect(popped.length).toBe(expected);
          for (let i = 1; i < popped.length; i++) expect(popped[i]!).toBeGreaterThanOrEqual(popped[i - 1]!);
          expect(q.length).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('peekTime with an earlier outside event does not open later buckets', () => {
    const q = new EventQueue(100, 1);
    q.push(50.5, 0, 1, 0);
    expect(q.peekTime(3.2)).toBe(Number.POSITIVE_INFINITY); // nothing due before the arrival at 3.2
    expect(q.length).toBe(1);
    expect(q.peekTime()).toBe(50.5);
    expect(q.move(q.pop())).toBe(1);
  });
});
