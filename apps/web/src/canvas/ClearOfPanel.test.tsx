import { type Node, ReactFlowProvider } from '@xyflow/react';
import { act, cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlowCanvas } from './FlowCanvas.tsx';
import { stubResizeObserver } from '../testing/stubResizeObserver.ts';

/** The canvas' width and height as the browser lays it out (the side panel takes its right part). */
let canvas = { width: 900, height: 600 };
const offset = {
  width: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth'),
  height: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight'),
};
beforeAll(() => {
  // React Flow measures its pane; jsdom has no layout: the pane is given the canvas' size.
  stubResizeObserver();
  const laidOut = (side: 'width' | 'height') => ({
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('react-flow__renderer') ? canvas[side] : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', laidOut('width'));
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', laidOut('height'));
});
afterAll(() => {
  if (offset.width) Object.defineProperty(HTMLElement.prototype, 'offsetWidth', offset.width);
  if (offset.height) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', offset.height);
});
afterEach(() => {
  cleanup();
  canvas = { width: 900, height: 600 };
});

const size = { width: 200, height: 80 };
// Two stages side by side, measured (jsdom has no layout): b is 800-1000 px across at 100%.
const nodes: Node[] = [
  { id: 'a', position: { x: 0, y: 0 } },
  { id: 'b', position: { x: 800, y: 0 } },
].map((n) => ({ ...n, data: { label: n.id }, ...size, measured: size }));

/** The canvas as the map and the designer draw it, with `selected` the stage kept in view. */
function Canvas({ selected }: { selected: string | null }) {
  return (
    <ReactFlowProvider>
      <FlowCanvas nodes={nodes} edges={[]} keepInView={selected} fitView={false} />
    </ReactFlowProvider>
  );
}

/** Where the diagram is drawn: the viewport's pan (px) and zoom, as React Flow transforms it. */
function viewOf(container: HTMLElement) {
  const style = container.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
  const [, x, y, zoom] = style.match(/translate\(([-\d.]+)px, ?([-\d.]+)px\) scale\(([\d.]+)\)/)!;
  return { x: Number(x), y: Number(y), zoom: Number(zoom) };
}

/** The user pans the diagram to `x`, `y` by dragging the pane (the viewport React Flow keeps). */
function pan(container: HTMLElement, x: number, y: number) {
  const pane = container.querySelector<HTMLElement>('.react-flow__pane')!;
  const at = viewOf(container);
  const mouse = (type: string, dx: number, dy: number) => {
    const event = new MouseEvent(type, {
      bubbles: true,
      cancelable: true,
      clientX: 300 + dx,
      clientY: 300 + dy,
      button: 0,
    });
    Object.defineProperty(event, 'view', { value: window });
    act(() => {
      (type === 'mousedown' ? pane : window).dispatchEvent(event);
    });
  };
  mouse('mousedown', 0, 0);
  mouse('mousemove', x - at.x, y - at.y);
  mouse('mouseup', x - at.x, y - at.y);
}

/** The canvas takes a new size (the side panel opened or closed). */
function resize(width: number, height: number) {
  canvas = { width, height };
  act(() => {
    window.dispatchEvent(new Event('resize'));
  });
}

describe('the canvas kept clear of the side panel', () => {
  it('clearing the selection leaves a view the user panned where they put it', () => {
    const { container, rerender } = render(<Canvas selected="a" />);
    pan(container, -20, 60);
    // Stage b is now cut by the canvas' right edge (780-980 px across a 900 px canvas).
    expect(viewOf(container)).toEqual({ x: -20, y: 60, zoom: 1 });
    rerender(<Canvas selected={null} />);
    expect(viewOf(container)).toEqual({ x: -20, y: 60, zoom: 1 });
  });

  it('the panel opening with nothing selected moves a stage it would cut just clear of its edge', () => {
    canvas = { width: 1200, height: 600 };
    const { container } = render(<Canvas selected={null} />);
    expect(viewOf(container)).toEqual({ x: 0, y: 0, zoom: 1 });
    resize(900, 600);
    // b (800-1000 px) pushed past the edge at 900; a stays whole.
    expect(viewOf(container)).toEqual({ x: 100, y: 0, zoom: 1 });
  });

  it('a stage selected under the panel is panned into view whole, clear of the controls', () => {
    canvas = { width: 1200, height: 600 };
    const { container, rerender } = render(<Canvas selected={null} />);
    resize(900, 600);
    pan(container, 0, 200);
    rerender(<Canvas selected="b" />);
    // b's right side 16 px inside the edge (1000 - 116 = 884); its top already clear of the toggle.
    expect(viewOf(container)).toEqual({ x: -116, y: 200, zoom: 1 });
  });
});
