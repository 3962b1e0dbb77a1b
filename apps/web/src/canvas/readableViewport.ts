import type { Box } from './geometry.ts';

/** A React Flow viewport: where flow coordinate (0, 0) lands on screen, and the scale. */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The zoom below which canvas text stops being readable: 13 px move labels render at 10.4 px and
 * 14 px stage names at 11.2 px. A first view never goes below it (the fit button still may).
 */
export const readableZoom = 0.8;

/** How the first view is framed: the zoom range and the margin kept inside the screen (px). */
export interface ReadableOptions {
  minZoom?: number;
  maxZoom?: number;
  padding?: number;
}

/**
 * One axis of the view: the whole extent centred when it fits at this zoom; else its start at the
 * margin, shifted just enough that the entry (its start and size on this axis) is fully in view,
 * and never past the extent's far end.
 */
function axis(
  start: number,
  size: number,
  entry: [number, number] | undefined,
  screen: number,
  zoom: number,
  pad: number,
) {
  if (size * zoom <= screen - 2 * pad) return (screen - size * zoom) / 2 - start * zoom;
  let offset = pad - start * zoom;
  if (entry) {
    const [at, length] = entry;
    const entryEnd = (at + length) * zoom + offset;
    if (entryEnd > screen - pad) offset -= entryEnd - (screen - pad);
  }
  // Not beyond the far end: the extent's end stays at or right of the screen's far margin.
  const farthest = screen - pad - (start + size) * zoom;
  return Math.max(offset, farthest);
}

/**
 * The first view of a diagram that people can read: the whole diagram fitted when it fits at a
 * readable zoom or more (capped at maxZoom); otherwise the readable zoom, starting at the top left
 * and moved just enough to show the entry stage whole, the rest a pan or the minimap away.
 */
export function readableViewport(
  bounds: Box,
  entry: Box | undefined,
  screen: { width: number; height: number },
  { minZoom = readableZoom, maxZoom = 1, padding = 16 }: ReadableOptions = {},
): Viewport {
  const fit = Math.min(
    (screen.width - 2 * padding) / Math.max(1, bounds.width),
    (screen.height - 2 * padding) / Math.max(1, bounds.height),
  );
  const zoom = Math.min(maxZoom, Math.max(minZoom, fit));
  return {
    x: axis(bounds.x, bounds.width, entry && [entry.x, entry.width], screen.width, zoom, padding),
    y: axis(bounds.y, bounds.height, entry && [entry.y, entry.height], screen.height, zoom, padding),
    zoom,
  };
}
