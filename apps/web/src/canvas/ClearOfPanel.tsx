import { useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { clearOfEdge } from './clearOfEdge.ts';
import { panToShow } from './panToShow.ts';

/** Room kept around a stage panned into view: below the panel toggle, above the minimap and legend. */
const margins = { top: 48, right: 16, bottom: 120, left: 16 };

/**
 * Keeps the diagram clear of the side panel beside the canvas: when a stage is selected or the
 * canvas changes size (the panel opened or closed), the selected stage is panned into view whole
 * (clear of the panel toggle above it and the minimap and legend below);
 * with none selected, when the canvas changes size, a stage cut by the canvas' right edge (where the
 * panel begins) is moved just clear of it; a selection cleared moves nothing, so a view the user
 * panned stays where they put it. The zoom is kept.
 */
export function ClearOfPanel({ selected }: { selected: string | null | undefined }) {
  const { getInternalNode, getNodes, getViewport, setViewport } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  /** The canvas size the last pass saw (none yet: the first size is a change). */
  const sized = useRef<{ width: number; height: number }>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: on a new selection or canvas size only
  useEffect(() => {
    if (!width || !height) return;
    const resized = sized.current?.width !== width || sized.current?.height !== height;
    sized.current = { width, height };
    const view = getViewport();
    const node = selected ? getInternalNode(selected) : undefined;
    if (node) {
      const box = {
        ...node.internals.positionAbsolute,
        width: node.measured.width ?? 0,
        height: node.measured.height ?? 0,
      };
      const next = panToShow(view, box, { width, height }, margins);
      if (next.x !== view.x || next.y !== view.y) void setViewport(next);
      return;
    }
    if (!resized) return;
    const spans = getNodes()
      .filter((n) => n.type !== 'lane' && !n.hidden)
      .map((n) => {
        const at = getInternalNode(n.id);
        const left = (at?.internals.positionAbsolute.x ?? n.position.x) * view.zoom + view.x;
        return { left, right: left + (at?.measured.width ?? 0) * view.zoom };
      });
    const shift = clearOfEdge(spans, width);
    if (shift !== 0) void setViewport({ ...view, x: view.x + shift });
  }, [selected, width, height]);
  return null;
}
