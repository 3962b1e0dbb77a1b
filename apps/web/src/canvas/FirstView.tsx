import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';
import { readableViewport } from './readableViewport.ts';

/** Which first view to frame: a new key frames it again (after a layout); the entry is shown whole. */
export interface FirstViewRequest {
  key: string | number;
  entry?: string | undefined;
  /** The lowest zoom the first view may take (default readableZoom, 0.8; the map keeps 1). */
  minZoom?: number;
}

/**
 * Frames the canvas readably each time the request's key changes (see readableViewport): once the
 * laid-out nodes have reached the canvas' store, on the canvas' measured size.
 */
export function FirstView({ request }: { request: FirstViewRequest }) {
  const { getNodes, getNodesBounds, getInternalNode, setViewport } = useReactFlow();
  const store = useStoreApi();
  // biome-ignore lint/correctness/useExhaustiveDependencies: framed once per key
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    // A frame later: the nodes' new positions are synced into the store by React Flow's own effect;
    // until the canvas is measured and has nodes, try again (for a few seconds at most).
    const frame = (triesLeft: number) => {
      const { width, height } = store.getState();
      const nodes = getNodes().filter((n) => !n.hidden);
      if (!width || !height || nodes.length === 0) {
        if (triesLeft > 0) timer = setTimeout(() => frame(triesLeft - 1), 100);
        return;
      }
      const bounds = getNodesBounds(nodes);
      const node = request.entry ? getInternalNode(request.entry) : undefined;
      const entry = node && {
        ...node.internals.positionAbsolute,
        width: node.measured.width ?? 0,
        height: node.measured.height ?? 0,
      };
      const minZoom = request.minZoom;
      void setViewport(
        readableViewport(
          bounds,
          entry,
          { width, height },
          minZoom ? { minZoom, maxZoom: Math.max(1, minZoom) } : {},
        ),
      );
    };
    timer = setTimeout(() => frame(50), 60);
    return () => clearTimeout(timer);
  }, [request.key]);
  return null;
}
