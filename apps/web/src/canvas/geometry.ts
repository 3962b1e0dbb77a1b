// The shapes the canvas kit's layout, routing and framing share (flow coordinates throughout).

/** A rectangle on the canvas (top-left corner and size), in flow coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** A point on the canvas, in flow coordinates. */
export interface Point {
  x: number;
  y: number;
}
/** A move to draw: between two nodes, with the size its label needs. */
export interface EdgeRequest {
  id: string;
  source: string;
  target: string;
  label: { width: number; height: number };
}
