/**
 * How deep a JSON body may nest (objects and arrays). Pathway drafts, scenarios and case bodies
 * need well under 10 levels; 64 leaves room for any honest client and keeps every recursive walk
 * after parsing (validation, PII checks, storage) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * True when the JSON text nests objects/arrays deeper than `max`: one pass over the characters,
 * brackets inside strings ignored, run before JSON.parse so nothing recursive ever sees the value.
 */
export function jsonTooDeep(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
