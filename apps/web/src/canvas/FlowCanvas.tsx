import {
  Background,
  ConnectionMode,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  ReactFlow,
  type ReactFlowProps,
} from '@xyflow/react';
import { ClearOfPanel } from './ClearOfPanel.tsx';
import { FirstView, type FirstViewRequest } from './FirstView.tsx';
import { Legend } from './Legend.tsx';

/**
 * The canvas' props: React Flow's, the readable first view to frame after each layout, and the
 * selected stage, kept whole beside the side panel.
 */
export type FlowCanvasProps<N extends Node, E extends Edge> = ReactFlowProps<N, E> & {
  firstView?: FirstViewRequest;
  keepInView?: string | null;
};

/**
 * The diagram both the designer and the process map draw: loose connections that land anywhere on a
 * stage, no delete key, a readable first view (the whole diagram when it fits at a zoom where text is
 * 10 px or more, else that zoom from the entry stage; without `firstView`, fitted to view), with the
 * background, the zoom controls (whose fit button shows everything), a minimap and the legend; kept
 * clear of the side panel beside it (see ClearOfPanel).
 */
export function FlowCanvas<N extends Node, E extends Edge>({
  firstView,
  keepInView,
  ...props
}: FlowCanvasProps<N, E>) {
  return (
    <>
      <ReactFlow
        connectionMode={ConnectionMode.Loose}
        connectionRadius={40}
        deleteKeyCode={null}
        fitView={!firstView}
        minZoom={0.2}
        {...props}
      >
        <Background />
        <Controls fitViewOptions={{ padding: 0.04 }} />
        <MiniMap
          pannable
          zoomable
          ariaLabel="Overview of the diagram"
          nodeColor={(n) => (n.type === 'lane' ? '#eef1f5' : '#8a94a3')}
          nodeStrokeWidth={0}
          style={{ width: 160, height: 100 }}
        />
        {firstView && <FirstView request={firstView} />}
        <ClearOfPanel selected={keepInView} />
      </ReactFlow>
      <Legend />
    </>
  );
}
