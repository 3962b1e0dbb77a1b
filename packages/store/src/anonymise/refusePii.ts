import { findPii, piiMessage } from '@continuum/machines';
import { StoreError } from '../errors.ts';

/**
 * Throws `pii_rejected` (422 at the API) naming the first string of a JSON value, key or value, that
 * looks like personal data; used before storing documents the store keeps verbatim (drafts).
 */
export function refusePii(value: unknown, pathPrefix?: string): void {
  const [first] = findPii(value);
  if (!first) return;
  const finding = { ...first, path: pathPrefix ? [pathPrefix, ...first.path] : first.path };
  const message = piiMessage(finding);
  // `problems` in the shape pathway validation uses, so the designer can point at the element.
  throw new StoreError('pii_rejected', message, finding.path.join('.') || undefined, {
    problems: [{ path: finding.path, code: 'pii_rejected', message }],
  });
}
