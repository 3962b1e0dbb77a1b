import type { Node, NodeProps } from '@xyflow/react';
import type { LaneKey } from '../canvas/layout.ts';
import { levelNames } from './draftModel.ts';

/** A continuum-of-need level drawn as a background lane behind its stages. */
export interface LaneNodeData extends Record<string, unknown> {
  lane: LaneKey;
  width: number;
  height: number;
}
/** A lane node (not selectable, not draggable). */
export type LaneFlowNode = Node<LaneNodeData, 'lane'>;

/** Draws a level's lane with its name, so the grouping by continuum level is visible. */
export function LaneNode({ data }: NodeProps<LaneFlowNode>) {
  return (
    <div
      className={`lane-node lane-${data.lane}`}
      style={{ width: data.width, height: data.height }}
      data-testid={`lane-${data.lane}`}
    >
      <div className="lane-title">
        {data.lane === 'closed'
          ? 'Closed: no open involvement'
          : `Level ${data.lane}: ${levelNames[data.lane]}`}
      </div>
    </div>
  );
}
