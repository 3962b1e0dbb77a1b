import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../schema.ts';
import type { DatabaseAdapter } from '../DatabaseAdapter.ts';
import { graphileJobQueue } from './graphileJobQueue.ts';
import { postgresAnalyticsRows } from './postgresAnalyticsRows.ts';
import { postgresCaseWriter } from './postgresCaseWriter.ts';
import { postgresIngestSink } from './postgresIngestSink.ts';

/**
 * PostgreSQL: many writers (several API processes may share the database), so writes go straight
 * to the pool and row locks (`FOR UPDATE`) keep one case's writes in order.
 */
export function postgresAdapter(db: Kysely<Database>, pool: pg.Pool): DatabaseAdapter {
  const jobs = graphileJobQueue(pool);
  return {
    kind: 'postgres',
    write: (write) => write(),
    analytics: postgresAnalyticsRows(pool),
    jobs,
    caseWriter: () => postgresCaseWriter(db),
    ingestSink: () => postgresIngestSink(pool),
    purgeDeleted: async () => true,
    lockCasesOfVersion: async (trx, versionId) => {
      await trx
        .selectFrom('cases')
        .select('id')
        .where('pathway_version_id', '=', versionId)
        .forUpdate()
        .execute();
    },
    close: () => jobs.close(),
  };
}
