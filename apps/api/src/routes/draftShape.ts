import { HttpProblem } from '../http/problem.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const listOfObjects = (v: unknown) => Array.isArray(v) && v.every(isObject);

/**
 * A draft may fail validation (designers save half-made pathways), but it must be something the
 * designer can open: an object whose stages and transitions (and groups, if any) are lists of objects.
 * Anything else was stored by a script, not the designer, and used to crash the designer on reopening.
 */
export function assertDraftShape(definition: unknown): void {
  const refuse = (pointer: string, what: string) => {
    throw new HttpProblem(
      422,
      'invalid_pathway',
      `A draft must be a pathway document: ${what}. Nothing was saved.`,
      pointer,
    );
  };
  if (!isObject(definition)) refuse('body', 'a JSON object with stages and transitions');
  const doc = definition as Record<string, unknown>;
  if (!listOfObjects(doc.stages)) refuse('stages', '`stages` must be a list of stage objects');
  if (!listOfObjects(doc.transitions)) refuse('transitions', '`transitions` must be a list of move objects');
  if (doc.groups !== undefined && !listOfObjects(doc.groups))
    refuse('groups', '`groups`, when present, must be a list of group objects');
}
