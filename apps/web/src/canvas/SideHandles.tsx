import { Handle, Position, useConnection, useNodeId } from '@xyflow/react';

const sides = [
  ['t', Position.Top],
  ['r', Position.Right],
  ['b', Position.Bottom],
  ['l', Position.Left],
] as const;

/**
 * One handle per side (the canvas runs in loose connection mode, so each can start or end a move);
 * while a move is being dragged from another node, a handle covering the whole node appears, so the
 * move lands wherever it is dropped on the stage.
 */
export function SideHandles({ connectable = true }: { connectable?: boolean }) {
  const id = useNodeId();
  const landing = useConnection((c) => c.inProgress && c.fromNode.id !== id);
  return (
    <>
      {sides.map(([side, position]) => (
        <Handle key={side} id={side} type="source" position={position} isConnectable={connectable} />
      ))}
      {connectable && landing && (
        <Handle id="any" type="target" position={Position.Left} className="whole-node-handle" />
      )}
    </>
  );
}
