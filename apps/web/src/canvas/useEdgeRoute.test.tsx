import { type Edge, type EdgeProps, type Node, Position } from '@xyflow/react';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Box, Point } from './geometry.ts';
import { stubResizeObserver } from '../testing/stubResizeObserver.ts';

// Counts the full routings while still routing for real.
vi.mock('./routeEdges.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./routeEdges.ts')>();
  return { ...actual, routeEdges: vi.fn(actual.routeEdges) };
});
// Counts the labels wrapped, still wrapping them for real.
vi.mock('./labelSize.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./labelSize.ts')>();
  return { ...actual, wrapLabel: vi.fn(actual.wrapLabel) };
});
const { routeEdges } = await import('./routeEdges.ts');
const { FlowCanvas } = await import('./FlowCanvas.tsx');
const { edgePath } = await import('./edgePath.ts');
const { labelBox, wrapLabel } = await import('./labelSize.ts');
const { useEdgeRoute } = await import('./useEdgeRoute.ts');
const { useNodePlacement } = await import('./useNodePlacement.ts');

beforeAll(() => {
  // React Flow measures its pane; jsdom has no layout.
  stubResizeObserver();
  // No canvas in jsdom: label widths are estimated (as labelSize does when it cannot measure).
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(cleanup);

const size = { width: 200, height: 80 };
// Sized nodes with declared handles: React Flow draws their edges without measuring the DOM.
const handles = [
  { type: 'source' as const, position: Position.Right, x: 200, y: 40, width: 1, height: 1, id: 'r' },
];
const start: Node[] = [
  { id: 'a', position: { x: 0, y: 0 } },
  { id: 'b', position: { x: 400, y: 0 } },
  { id: 'c', position: { x: 0, y: 300 } },
].map((n) => ({ ...n, type: 'box', data: {}, ...size, handles }));
const edges: Edge[] = [
  { id: 'a>b', source: 'a', target: 'b', type: 'routed' },
  { id: 'c>b', source: 'c', target: 'b', type: 'routed' },
];
const text = (e: Edge) => `move ${e.id}`;

function BoxNode({ id }: { id: string }) {
  return <div data-testid={`node-${id}`}>{id}</div>;
}
function RoutedEdge({ id }: EdgeProps) {
  const route = useEdgeRoute(id, text);
  return route ? <path data-testid={`edge-${id}`} d={edgePath(route.points)} /> : null;
}
const nodeTypes = { box: BoxNode };
const edgeTypes = { routed: RoutedEdge };

/** A controlled canvas as the designer and the map run it: positions kept by useNodePlacement. */
function Canvas() {
  const { positions, onNodesChange, withMeasured } = useNodePlacement();
  const nodes = withMeasured(start.map((n) => ({ ...n, position: positions[n.id] ?? n.position })));
  return (
    <div style={{ width: 900, height: 600 }}>
      <FlowCanvas
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        autoPanOnNodeDrag={false}
        nodeDragThreshold={0}
        fitView={false}
      />
    </div>
  );
}

const pathOf = (container: HTMLElement, id: string) =>
  container.querySelector(`[data-testid="edge-${id}"]`)?.getAttribute('d') ?? '';
/** Where a node is drawn (React Flow places it with a translate). */
function boxOf(container: HTMLElement, id: string): Box {
  const wrapper = container.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)!;
  const [, x, y] = wrapper.style.transform.match(/translate\(([-\d.]+)px, ?([-\d.]+)px\)/)!;
  return { x: Number(x), y: Number(y), ...size };
}
const firstPoint = (d: string): Point => {
  const [, x, y] = d.match(/^M ([-\d.]+) ([-\d.]+)/)!;
  return { x: Number(x), y: Number(y) };
};
/** A mouse event at drag frame f (20 px a frame), from the window d3-drag listens on. */
function mouse(target: EventTarget, type: string, f: number) {
  const event = new MouseEvent(type, {
    bubbles: true,
    cancelable: true,
    clientX: 100 + 20 * f,
    clientY: 340,
  });
  Object.defineProperty(event, 'view', { value: window });
  act(() => {
    target.dispatchEvent(event);
  });
}
const onBorder = (p: Point, b: Box) =>
  p.x >= b.x &&
  p.x <= b.x + b.width &&
  p.y >= b.y &&
  p.y <= b.y + b.height &&
  (p.x === b.x || p.x === b.x + b.width || p.y === b.y || p.y === b.y + b.height);

describe('routing while a stage is dragged', () => {
  it('routes on drop, not on every drag frame; the dragged stage’s move follows it meanwhile', () => {
    const routing = vi.mocked(routeEdges);
    const { container } = render(<Canvas />);
    expect(routing).toHaveBeenCalled();
    const untouched = pathOf(container, 'a>b');
    expect(untouched).toMatch(/^M/);
    expect(pathOf(container, 'c>b')).toMatch(/^M/);
    routing.mockClear();
    const wrapping = vi.mocked(wrapLabel);
    wrapping.mockClear();

    // Stage c dragged right by 20 px a frame, as React Flow reports a mouse drag.
    const frames = 12;
    const node = container.querySelector('.react-flow__node[data-id="c"]')!;
    mouse(node, 'mousedown', 0);
    for (let f = 1; f <= frames; f++) {
      mouse(window, 'mousemove', f);
      const c = boxOf(container, 'c');
      expect(c.x).toBe(20 * f);
      // The move from c starts on c's border wherever c now is; the other move stays as routed.
      expect(onBorder(firstPoint(pathOf(container, 'c>b')), c)).toBe(true);
      expect(pathOf(container, 'a>b')).toBe(untouched);
    }
    expect(routing).not.toHaveBeenCalled();
    // The moves' labels did not change: none was wrapped again for a frame.
    expect(wrapping).not.toHaveBeenCalled();

    mouse(window, 'mouseup', frames);
    // One full routing after the drop, for the stages where they now are: what is drawn is its result.
    expect(routing).toHaveBeenCalledTimes(1);
    const boxes = new Map(['a', 'b', 'c'].map((id) => [id, boxOf(container, id)]));
    expect(boxes.get('c')).toEqual({ x: 20 * frames, y: 300, ...size });
    const expected = routing(
      boxes,
      edges.map((e) => ({ ...e, label: labelBox(wrapLabel(text(e))) })),
      [],
    );
    for (const e of edges) expect(pathOf(container, e.id)).toBe(edgePath(expected.get(e.id)!.points));
  });

  it('a re-render with the same geometry routes nothing again', () => {
    const routing = vi.mocked(routeEdges);
    const { container, rerender } = render(<Canvas />);
    const before = pathOf(container, 'c>b');
    routing.mockClear();
    rerender(<Canvas />);
    rerender(<Canvas />);
    expect(routing).not.toHaveBeenCalled();
    expect(pathOf(container, 'c>b')).toBe(before);
  });
});
