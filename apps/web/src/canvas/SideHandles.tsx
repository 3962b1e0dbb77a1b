import { Handle, Position } from '@xyflow/react';

const sides = [
  ['t', Position.Top],
  ['r', Position.Right],
  ['b', Position.Bottom],
  ['l', Position.Left],
] as const;

/** One handle per side (the canvas runs in loose connection mode, so each can start or end a move). */
export function SideHandles({ connectable = true }: { connectable?: boolean }) {
  return (
    <>
      {sides.map(([id, position]) => (
        <Handle key={id} id={id} type="source" position={position} isConnectable={connectable} />
      ))}
    </>
  );
}

/** Picks the sides an edge leaves and enters by, so edges between columns run straight across. */
export function handlesFor(
  source: { x: number; y: number } | undefined,
  target: { x: number; y: number } | undefined,
): { sourceHandle: string; targetHandle: string } {
  if (!source || !target) return { sourceHandle: 'r', targetHandle: 'l' };
  const dx = target.x - source.x;
  if (Math.abs(dx) > 60)
    return dx > 0 ? { sourceHandle: 'r', targetHandle: 'l' } : { sourceHandle: 'l', targetHandle: 'r' };
  return target.y >= source.y
    ? { sourceHandle: 'b', targetHandle: 't' }
    : { sourceHandle: 't', targetHandle: 'b' };
}
