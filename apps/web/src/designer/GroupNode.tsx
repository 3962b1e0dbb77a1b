import type { Node, NodeProps } from '@xyflow/react';
import { SideHandles } from '../canvas/SideHandles.tsx';

/** A group of stages whose shared moves (e.g. "close case") start from the group itself. */
export interface GroupNodeData extends Record<string, unknown> {
  id: string;
  label: string;
  members: string[];
}
/** A group node of the designer canvas. */
export type GroupFlowNode = Node<GroupNodeData, 'stageGroup'>;

/** Draws a group as a dashed pill naming its member stages; moves drawn from it apply to every member. */
export function GroupNode({ data }: NodeProps<GroupFlowNode>) {
  return (
    <div className="group-node" data-testid={`group-${data.id}`}>
      <SideHandles />
      <strong>Group: {data.label}</strong>
      <div className="meta">moves shared by {data.members.join(', ') || 'no stage yet'}</div>
    </div>
  );
}
