import type { Node, NodeProps } from '@xyflow/react';

/** The props React Flow passes a custom node, filled in for rendering it alone in a test. */
export function nodeProps<N extends Node>(
  id: string,
  type: string,
  data: N['data'],
  selected = false,
): NodeProps<N> {
  return {
    id,
    type,
    data,
    selected,
    dragging: false,
    zIndex: 0,
    selectable: true,
    deletable: true,
    draggable: true,
    isConnectable: true,
    positionAbsoluteX: 0,
    positionAbsoluteY: 0,
  } as unknown as NodeProps<N>;
}
