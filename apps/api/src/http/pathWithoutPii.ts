import { detectPii } from '@continuum/machines';

/**
 * A request path as the audit log keeps it and a 404 repeats it: each segment that looks like
 * personal data, or is too long to be an id, is replaced by `:withheld`. Refused requests are
 * audited with their path, and a path is the sender's text (`/api/cases/Jane-Smith`): the log must
 * not become a store of it.
 */
export function pathWithoutPii(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      let text = segment;
      try {
        text = decodeURIComponent(segment);
      } catch {
        // Not percent-encoded text: checked as it came.
      }
      return segment.length > 64 || detectPii(text) || (text !== segment && detectPii(segment))
        ? ':withheld'
        : segment;
    })
    .join('/')
    .slice(0, 300);
}
