import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { z } from 'zod';
import { headerOf, readIncomingText } from './jsonBodyLimit.ts';
import { jsonTooDeep, MAX_JSON_DEPTH } from './jsonDepth.ts';
import { HttpProblem } from './problem.ts';
import { quoteSent, shownKey } from '@continuum/machines';
import { echoedField } from './echoedField.ts';

/**
 * Reads a JSON body (size already capped by the body-limit middleware) and validates it with a strict
 * zod schema: malformed JSON is 400, an unknown field or a wrong type is 422 naming the field path,
 * and a body nested deeper than MAX_JSON_DEPTH is 422 before JSON.parse sees it.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = headerOf(c, 'content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      'Send the body as application/json.',
      'content-type',
    );
  }
  const direct = c.get('directBody') as { incoming: IncomingMessage; maxSize: number } | undefined;
  const text = direct ? await readIncomingText(direct.incoming, direct.maxSize) : await c.req.text();
  if (jsonTooDeep(text)) {
    throw new HttpProblem(
      422,
      'too_deeply_nested',
      `The body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep.`,
      'body',
      { maxDepth: MAX_JSON_DEPTH },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the body ("Jane Smith" is not valid JSON).
    throw new HttpProblem(400, 'malformed_json', 'The body is not valid JSON.', 'body');
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const base = issue.path.map((p) => shownKey(String(p))).join('.');
    if (issue.code === 'unrecognized_keys') {
      const field = [base, issue.keys[0]].filter(Boolean).join('.');
      throw new HttpProblem(
        422,
        'unknown_field',
        `${quoteSent(field)} is not an accepted field.`,
        echoedField(field, 'body'),
      );
    }
    // A refinement that found personal data marks its issue so (see noPii): the API's code for it.
    const pii = issue.code === 'custom' && issue.params?.code === 'pii_rejected';
    throw new HttpProblem(
      422,
      pii ? 'pii_rejected' : 'invalid_value',
      `${base || 'body'}: ${issue.message}`,
      base || 'body',
    );
  }
  return result.data;
}
