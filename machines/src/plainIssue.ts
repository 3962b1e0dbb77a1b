import type { z } from 'zod';

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/**
 * A schema problem in the words a designer reads, instead of the schema library's ("Too small:
 * expected string to have >=1 characters" is "must not be empty"); anything else keeps its message.
 */
export function plainIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string')
        return n <= 1 ? 'must not be empty' : `must have at least ${n} characters`;
      if (issue.origin === 'array') return `needs at least ${n} item${n === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return `must have at most ${n} characters`;
      if (issue.origin === 'array') return `takes at most ${n} item${n === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${n}`;
    }
    case 'invalid_type':
      return `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    default:
      return issue.message;
  }
}
