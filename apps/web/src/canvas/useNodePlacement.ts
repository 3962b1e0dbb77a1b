import type { Node, NodeChange } from '@xyflow/react';
import { useCallback, useState } from 'react';
import type { Positions } from './layout.ts';

type Size = { width: number; height: number };

/**
 * Where a controlled React Flow canvas's nodes are (laid out, then dragged) and how big they were
 * measured, kept across re-renders: the designer and the process map both need exactly this.
 */
export function useNodePlacement() {
  const [positions, setPositions] = useState<Positions>({});
  const [measured, setMeasured] = useState<Record<string, Size>>({});
  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const moved: Positions = {};
    const sized: Record<string, Size> = {};
    for (const c of changes) {
      if (c.type === 'position' && c.position) moved[c.id] = c.position;
      if (c.type === 'dimensions' && c.dimensions) sized[c.id] = c.dimensions;
    }
    if (Object.keys(moved).length) setPositions((p) => ({ ...p, ...moved }));
    if (Object.keys(sized).length) setMeasured((m) => ({ ...m, ...sized }));
  }, []);
  /** Gives nodes their measured size back (a controlled canvas would otherwise re-measure them). */
  const withMeasured = useCallback(
    <N extends Node>(nodes: N[]): N[] =>
      nodes.map((n) => (measured[n.id] ? { ...n, measured: measured[n.id] } : n)),
    [measured],
  );
  return { positions, setPositions, onNodesChange, withMeasured };
}
