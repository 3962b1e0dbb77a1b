import type { Node, NodeChange } from '@xyflow/react';
import { useCallback, useState } from 'react';
import type { Positions } from './layout.ts';

type Size = { width: number; height: number };

/**
 * Where a controlled React Flow canvas's nodes are (laid out, then dragged), how big they were
 * measured and which are being dragged, kept across re-renders: the designer and the process map
 * both need exactly this.
 */
export function useNodePlacement() {
  const [positions, setPositions] = useState<Positions>({});
  const [measured, setMeasured] = useState<Record<string, Size>>({});
  const [dragging, setDragging] = useState<ReadonlySet<string>>(new Set());
  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const moved: Positions = {};
    const sized: Record<string, Size> = {};
    const drag = new Map<string, boolean>();
    for (const c of changes) {
      if (c.type === 'position' && c.position) moved[c.id] = c.position;
      if (c.type === 'position' && c.dragging !== undefined) drag.set(c.id, c.dragging);
      if (c.type === 'dimensions' && c.dimensions) sized[c.id] = c.dimensions;
    }
    if (Object.keys(moved).length) setPositions((p) => ({ ...p, ...moved }));
    if (Object.keys(sized).length) setMeasured((m) => ({ ...m, ...sized }));
    // A new set only when a drag starts or ends, not on every frame of it.
    if (drag.size)
      setDragging((d) => {
        if ([...drag].every(([id, on]) => d.has(id) === on)) return d;
        const next = new Set(d);
        for (const [id, on] of drag) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      });
  }, []);
  /**
   * Gives nodes back what the canvas reported about them: their measured size (a controlled canvas
   * would otherwise re-measure them) and whether they are being dragged (edges route after the drop).
   */
  const withMeasured = useCallback(
    <N extends Node>(nodes: N[]): N[] =>
      nodes.map((n) => {
        const size = measured[n.id];
        const dragged = dragging.has(n.id);
        return size || dragged
          ? { ...n, ...(size && { measured: size }), ...(dragged && { dragging: true }) }
          : n;
      }),
    [measured, dragging],
  );
  return { positions, setPositions, onNodesChange, withMeasured };
}
