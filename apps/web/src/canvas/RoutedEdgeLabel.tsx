import { EdgeLabelRenderer } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { Box } from './geometry.ts';

/**
 * Places an edge's label in the box the router reserved for it (exact size, so what is drawn is what
 * was checked for overlaps), or centred on a point when the edge has no route yet.
 */
export function RoutedEdgeLabel({
  box,
  at,
  children,
}: {
  box: Box | undefined;
  at: { x: number; y: number };
  children: ReactNode;
}) {
  return (
    <EdgeLabelRenderer>
      <div
        className="nodrag nopan edge-label-slot"
        style={
          box
            ? {
                position: 'absolute',
                transform: `translate(${box.x}px, ${box.y}px)`,
                width: box.width,
                height: box.height,
              }
            : { position: 'absolute', transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }
        }
      >
        {children}
      </div>
    </EdgeLabelRenderer>
  );
}
