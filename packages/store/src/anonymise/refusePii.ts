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
  throw new StoreError('pii_rejected', piiMessage(finding), finding.path.join('.') || undefined);
}
