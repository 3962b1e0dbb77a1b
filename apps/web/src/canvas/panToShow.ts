import type { Box } from './geometry.ts';
import type { Viewport } from './readableViewport.ts';

/** The room kept free at each edge of the canvas (px), e.g. for the controls drawn over it. */
export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** One axis: the offset moved just enough that [start, start + size) (flow units) shows between the margins. */
function axis(
  offset: number,
  start: number,
  size: number,
  screen: number,
  zoom: number,
  near: number,
  far: number,
) {
  const from = start * zoom + offset;
  const to = from + size * zoom;
  if (to - from > screen - near - far || from < near) return offset + near - from;
  if (to > screen - far) return offset - (to - (screen - far));
  return offset;
}

/**
 * The viewport moved as little as possible (same zoom) so a node shows whole on the canvas, inside
 * the margins (its top left when it is larger than the room between them); unchanged when it already
 * does. A stage selected beside the side panel, or left under its edge when the panel opens, comes
 * into view.
 */
export function panToShow(
  view: Viewport,
  box: Box,
  screen: { width: number; height: number },
  margins: Margins,
): Viewport {
  return {
    x: axis(view.x, box.x, box.width, screen.width, view.zoom, margins.left, margins.right),
    y: axis(view.y, box.y, box.height, screen.height, view.zoom, margins.top, margins.bottom),
    zoom: view.zoom,
  };
}
