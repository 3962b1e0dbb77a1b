/** A node's horizontal extent on screen (px from the canvas' left edge). */
export interface Span {
  left: number;
  right: number;
}

const whole = (s: Span, edge: number) => s.left >= 0 && s.right <= edge;
const cut = (s: Span, edge: number) => s.left < edge && s.right > edge;

/**
 * How far to pan the diagram sideways (px, + to the right) so that no node is cut by the canvas'
 * right edge, where the side panel begins: the cut node either pushed just past the edge or pulled
 * in whole, whichever moves less, provided every node shown whole stays whole and the move is at
 * most `maxShift`; 0 when nothing is cut or no such move exists.
 */
export function clearOfEdge(spans: Span[], edge: number, { pad = 16, maxShift = 160 } = {}): number {
  const cuts = spans.filter((s) => cut(s, edge));
  if (cuts.length === 0) return 0;
  const candidates = cuts
    .flatMap((s) => [edge - s.left, edge - pad - s.right])
    .filter((shift) => Math.abs(shift) <= maxShift)
    .sort((a, b) => Math.abs(a) - Math.abs(b));
  const moved = (s: Span, shift: number) => ({ left: s.left + shift, right: s.right + shift });
  const fits = (shift: number) =>
    spans.every((s) => !cut(moved(s, shift), edge) && (!whole(s, edge) || whole(moved(s, shift), edge)));
  return candidates.find(fits) ?? 0;
}
