import {
  Background,
  ConnectionMode,
  Controls,
  type Edge,
  type Node,
  ReactFlow,
  type ReactFlowProps,
} from '@xyflow/react';
import { Legend } from './Legend.tsx';

/**
 * The diagram both the designer and the process map draw: loose connections, no delete key, fitted
 * to view, with the background, the zoom controls and the legend of move kinds.
 */
export function FlowCanvas<N extends Node, E extends Edge>(props: ReactFlowProps<N, E>) {
  return (
    <>
      <ReactFlow connectionMode={ConnectionMode.Loose} deleteKeyCode={null} fitView minZoom={0.2} {...props}>
        <Background />
        <Controls />
      </ReactFlow>
      <Legend />
    </>
  );
}
