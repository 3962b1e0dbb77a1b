import { defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { laneOf, lanesFor, layoutPathway, nodeSize } from './layout.ts';
import { overlaps } from './placeLabels.ts';
import { routeEdges } from './routeEdges.ts';

const base = () => structuredClone(defaultPathway);
const laneContaining = (lanes: ReturnType<typeof lanesFor>, y: number) =>
  lanes.find((l) => y >= l.y && y + nodeSize.stage.height <= l.y + l.height)?.key;

describe('the level -> lane rule', () => {
  it('a stage sits in its level lane, a terminal stage in the closing band', () => {
    expect(laneOf({ level: 3 })).toBe(3);
    expect(laneOf({ level: 1, terminal: true })).toBe('closed');
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), (level) => laneOf({ level }) === level));
  });

  it('lays the default pathway out by the flow: the entry first, closed at the bottom edge', async () => {
    const draft = base();
    const at = await layoutPathway(draft);
    const lanes = lanesFor(draft, at);
    expect(lanes.map((l) => l.key)).toEqual([4, 3, 2, 'closed']);
    for (const s of draft.stages) expect(laneContaining(lanes, at[s.id]!.y)).toBe(laneOf(s));
    const xs = draft.stages.map((s) => at[s.id]!.x);
    expect(at.front_door!.x).toBe(Math.min(...xs));
    expect(at.closed!.y).toBe(Math.max(...draft.stages.map((s) => at[s.id]!.y)));
    expect(at.s47_enquiry!.x).toBeLessThan(at.child_protection!.x);
    expect(at.child_protection!.x).toBeLessThan(at.looked_after!.x);
  });

  it('changing a stage level moves it to that lane (and back)', async () => {
    for (const level of [1, 2, 4, 3]) {
      const draft = base();
      draft.stages = draft.stages.map((s) => (s.id === 'early_help' ? { ...s, level } : s));
      const at = await layoutPathway(draft);
      expect(laneContaining(lanesFor(draft, at), at.early_help!.y)).toBe(level);
    }
  });
});

describe('edge routing on the default pathway', () => {
  it('routes every move around the nodes, clear of lane borders and titles, and places labels that overlap no node and no other label', async () => {
    const draft = base();
    const at = await layoutPathway(draft);
    const boxes = new Map(
      Object.entries(at).map(([id, p]) => [
        id,
        { ...p, ...(id === 'section_17' ? nodeSize.group : nodeSize.stage) },
      ]),
    );
    const edges = draft.transitions.map((t, i) => ({
      id: `t${i}`,
      source: t.from,
      target: t.to,
      label: { width: 124, height: 44 },
    }));
    const lanes = lanesFor(draft, at);
    const routes = routeEdges(boxes, edges, lanes);
    expect(routes.size).toBe(edges.length);
    const labels = [...routes.values()].map((r) => r.label);
    for (const [i, a] of labels.entries()) {
      for (const b of boxes.values()) expect(overlaps(a, b)).toBe(false);
      for (const b of labels.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
    for (const [id, r] of routes) {
      const e = edges.find((x) => x.id === id)!;
      // Every segment is horizontal or vertical and stays out of nodes it does not join.
      for (let k = 1; k < r.points.length; k++) {
        const p = r.points[k - 1]!;
        const q = r.points[k]!;
        expect(p.x === q.x || p.y === q.y).toBe(true);
        // No run along a lane's border or through its title row (the gap between lanes is a track).
        if (p.y === q.y && p.x !== q.x)
          for (const l of lanes) {
            expect(p.y > l.y - 8 && p.y < l.y + 32, `${id} runs through lane ${l.key}'s title`).toBe(false);
            expect(Math.abs(p.y - (l.y + l.height)) < 8, `${id} hugs lane ${l.key}'s border`).toBe(false);
          }
        const seg = {
          x: Math.min(p.x, q.x),
          y: Math.min(p.y, q.y),
          width: Math.abs(q.x - p.x),
          height: Math.abs(q.y - p.y),
        };
        for (const [bid, b] of boxes)
          if (bid !== e.source && bid !== e.target)
            expect(overlaps(seg, b, -1), `${id} crosses ${bid}`).toBe(false);
      }
    }
  });
});
