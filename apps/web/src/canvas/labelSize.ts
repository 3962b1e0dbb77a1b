/** The edge labels' type: one size everywhere, so the planned box is the drawn box. */
export const labelFont = { size: 13, lineHeight: 17, padX: 6, padY: 3, maxWidth: 124 };

let context: CanvasRenderingContext2D | null | undefined;

/** The width of a text in the labels' font: measured by the browser, estimated where it cannot (jsdom). */
function textWidth(text: string): number {
  if (context === undefined) {
    try {
      context = document.createElement('canvas').getContext('2d');
    } catch {
      context = null;
    }
    if (context)
      context.font = `${labelFont.size}px ${getComputedStyle(document.documentElement).fontFamily || 'sans-serif'}`;
  }
  return context ? context.measureText(text).width : text.length * labelFont.size * 0.62;
}

/** A label's text broken after underscores and spaces into lines no wider than the column gap allows. */
export function wrapLabel(text: string): string[] {
  const tokens = text.match(/[^_ ]+[_ ]*|[_ ]+/g) ?? [text];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line && textWidth((line + token).trimEnd()) > labelFont.maxWidth) {
      lines.push(line.trimEnd());
      line = token;
    } else line += token;
  }
  if (line) lines.push(line.trimEnd());
  return lines;
}

/** The box a label needs (border included), from its wrapped lines. */
export function labelBox(lines: string[]): { width: number; height: number } {
  const widest = Math.max(0, ...lines.map(textWidth));
  return {
    width: Math.ceil(widest) + 2 * labelFont.padX + 4,
    height: lines.length * labelFont.lineHeight + 2 * labelFont.padY + 2,
  };
}
