import { defaultPathway } from '@continuum/machines';
import { type Kysely, Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrations } from '../../../db/migrations/index.ts';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from './anonymise/hmacKey.ts';
import { pseudonymise } from './anonymise/pseudonymise.ts';
import { ingestEvents } from './ingest/ingestEvents.ts';
import { csvRows } from './ingest/rowSources.ts';
import { migrateToLatest } from './migrate.ts';

describeEachEngine('migration 008 (outside_pathway)', ({ store, dataDir }) => {
  it('adds the flag with 0 for every stored event, keeps the log on the way down and back', async () => {
    const s = store();
    await s.pathways.publish(defaultPathway);
    const key = loadOrCreateHmacKey(dataDir());
    const log = (rows: string[]) => csvRows([`case_ref,stage,entered_at,event\n${rows.join('\n')}\n`]);
    const migrator = new Migrator({
      db: s.db as Kysely<unknown>,
      provider: { getMigrations: async () => migrations },
    });
    expect((await migrator.migrateTo('007_draft_base_version')).error).toBeUndefined();
    // Before 008: events are written without the column (as an older release wrote them).
    const db = s.db as Kysely<unknown>;
    const columns = async () =>
      (await db.introspection.getTables()).find((t) => t.name === 'case_events')!.columns.map((c) => c.name);
    expect(await columns()).not.toContain('outside_pathway');
    await sql`INSERT INTO names (name) SELECT 'front_door' WHERE NOT EXISTS (SELECT 1 FROM names WHERE name = 'front_door')`.execute(
      db,
    );
    await sql`INSERT INTO cases (ref, pathway_version_id, stage, stage_entered_at, opened_at, last_seq, last_occurred_at, created_at)
      VALUES ('old', (SELECT MIN(id) FROM pathway_versions), 'front_door', 1, 1, 1, 1, 1)`.execute(db);
    await sql`INSERT INTO case_events (case_id, seq, occurred_at, recorded_at, to_code)
      VALUES ((SELECT id FROM cases WHERE ref = 'old'), 1, 1, 1, (SELECT id FROM names WHERE name = 'front_door'))`.execute(
      db,
    );

    await migrateToLatest(db);
    expect(await columns()).toContain('outside_pathway');
    const old = (await s.cases.getByRef('old'))!;
    expect((await s.cases.timeline(old.id))!.events).toEqual([
      expect.objectContaining({ seq: 1, toStage: 'front_door', outsidePathway: false }),
    ]);

    await ingestEvents(
      s,
      log(['M1,front_door,2025-01-06,', 'M1,assessment,2025-01-07,', 'M1,care_leaver,2025-02-01,']),
      { mode: 'atomic', hmacKey: key, outsidePathway: 'flag' },
    );
    const m1 = (await s.cases.getByRef(pseudonymise(key, 'M1')))!;
    const flagged = await s.cases.timeline(m1.id);
    expect(flagged!.events.map((e) => e.outsidePathway)).toEqual([false, false, true]);

    // Down: the column and the view's column go; the log reads the same but for the flag.
    expect((await migrator.migrateTo('007_draft_base_version')).error).toBeUndefined();
    expect(await columns()).not.toContain('outside_pathway');
    const down = (await s.cases.timeline(m1.id))!;
    expect(down.events.map((e) => [e.seq, e.event, e.toStage, e.outsidePathway])).toEqual([
      [1, null, 'front_door', false],
      [2, 'accept_referral', 'assessment', false],
      [3, null, 'care_leaver', false],
    ]);
    await migrateToLatest(db);
    expect(await columns()).toContain('outside_pathway');
  });
});
