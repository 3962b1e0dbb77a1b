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
import { Legend } from './Legend.tsx';

/**
 * The diagram both the designer and the process map draw: loose connections that land anywhere on a
 * stage, no delete key, fitted to view, with the background, the zoom controls, a minimap and the
 * legend of move kinds.
 */
export function FlowCanvas<N extends Node, E extends Edge>(props: ReactFlowProps<N, E>) {
  return (
    <>
      <ReactFlow
        connectionMode={ConnectionMode.Loose}
        connectionRadius={40}
        deleteKeyCode={null}
        fitView
        minZoom={0.2}
        {...props}
      >
        <Background />
        <Controls />
        <MiniMap
          pannable
          zoomable
          ariaLabel="Overview of the diagram"
          nodeColor={(n) => (n.type === 'lane' ? '#eef1f5' : '#8a94a3')}
          nodeStrokeWidth={0}
          style={{ width: 160, height: 100 }}
        />
      </ReactFlow>
      <Legend />
    </>
  );
}
