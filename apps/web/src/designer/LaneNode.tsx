import type { Node, NodeProps } from '@xyflow/react';
import { levelNames } from './draftModel.ts';

/** A continuum-of-need level drawn as a background lane behind its stages. */
export interface LaneNodeData extends Record<string, unknown> {
  level: number;
  width: number;
  height: number;
}
/** A lane node (not selectable, not draggable). */
export type LaneFlowNode = Node<LaneNodeData, 'lane'>;

/** Draws a level's lane with its name, so the grouping by continuum level is visible. */
export function LaneNode({ data }: NodeProps<LaneFlowNode>) {
  return (
    <div className={`lane-node lane-${data.level}`} style={{ width: data.width, height: data.height }}>
      <div className="lane-title">
        Level {data.level}: {levelNames[data.level]}
      </div>
    </div>
  );
}
