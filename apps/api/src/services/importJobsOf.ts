import { ImportJobRepository, type Store } from '@continuum/store';

/** The import jobs over a store, as every process that takes or runs imports builds them (API, worker). */
export function importJobsOf(store: Store, hmacKey: Buffer): ImportJobRepository {
  return new ImportJobRepository(store.db, hmacKey, store.write, () => store.adapter.purgeDeleted());
}
