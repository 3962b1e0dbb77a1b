import { defaultPathway, type PathwayDefinitionInput } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from '../anonymise/hmacKey.ts';
import { CaseService } from './CaseService.ts';
import { VERSION_MOVE_EVENT, moveCasesToVersion } from './moveCasesToVersion.ts';

const day = 86_400_000;
const T0 = Date.parse('2025-03-03T09:00:00Z');

/** Version 2 renames early help to family help (as the Families First reforms do). */
const renamed = JSON.parse(
  JSON.stringify(defaultPathway).replaceAll('"early_help"', '"family_help"'),
) as PathwayDefinitionInput;

describeEachEngine('case migration between pathway versions', ({ store, dataDir }) => {
  let service: CaseService;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    service = new CaseService(store(), loadOrCreateHmacKey(dataDir()), () => T0 + 60 * day);
    const open = async (ref: string, ...events: string[]) => {
      const { case: c } = await service.open({ caseRef: ref, occurredAt: T0 });
      for (const [i, event] of events.entries())
        await service.move(c.id, { event, occurredAt: T0 + (i + 1) * day });
      ids[ref] = c.id;
    };
    await open('in-early-help', 'refer_early_help');
    await open('in-assessment', 'accept_referral');
    await open('closed', 'no_further_action');
    await store().pathways.publish(renamed);
  });
  const base = { pathwayId: defaultPathway.id, fromVersion: 1, toVersion: 2 };

  it('refuses to migrate while a stage holding cases has no place in the new version', async () => {
    const before = await store().cases.counts();
    await expect(moveCasesToVersion(store(), { ...base, dryRun: true }, undefined)).rejects.toMatchObject({
      code: 'invalid_value',
      field: 'stageMap',
      details: { unmapped: ['early_help'] },
    });
    await expect(
      moveCasesToVersion(store(), { ...base, stageMap: { early_help: 'nowhere' } }, undefined),
    ).rejects.toMatchObject({ code: 'unknown_stage', field: 'stageMap.early_help' });
    await expect(moveCasesToVersion(store(), { ...base, toVersion: 9 }, undefined)).rejects.toMatchObject({
      code: 'pathway_not_found',
      field: 'toVersion',
    });
    await expect(moveCasesToVersion(store(), { ...base, toVersion: 1 }, undefined)).rejects.toMatchObject({
      code: 'invalid_value',
    });
    expect(await store().cases.counts()).toEqual(before);
  });

  it('a dry run reports the moves and changes nothing', async () => {
    const before = await store().cases.counts();
    const report = await moveCasesToVersion(
      store(),
      { ...base, stageMap: { early_help: 'family_help' }, dryRun: true },
      undefined,
    );
    // Behaviour change (issue 11): closed cases stay on their version unless includeClosed.
    expect(report).toEqual({
      ...base,
      dryRun: true,
      includeClosed: false,
      cases: 2,
      openCases: 2,
      closedCases: 1,
      moves: [
        { fromStage: 'assessment', toStage: 'assessment', cases: 1 },
        { fromStage: 'early_help', toStage: 'family_help', cases: 1 },
      ],
      confirmation: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const all = await moveCasesToVersion(
      store(),
      { ...base, stageMap: { early_help: 'family_help' }, dryRun: true, includeClosed: true },
      undefined,
    );
    expect(all).toMatchObject({ includeClosed: true, cases: 3, openCases: 2, closedCases: 1 });
    expect(all.moves).toContainEqual({ fromStage: 'closed', toStage: 'closed', cases: 1 });
    expect(all.confirmation).not.toBe(report.confirmation);
    expect(await store().cases.counts()).toEqual(before);
    expect((await store().cases.get(ids['in-early-help']!))?.pathwayVersionId).toBe(1);
  });

  it('refuses a confirmation that no longer matches the preview, moving nothing', async () => {
    const before = await store().cases.counts();
    const body = { ...base, stageMap: { early_help: 'family_help' } };
    const preview = await moveCasesToVersion(store(), { ...body, dryRun: true }, undefined);
    await expect(moveCasesToVersion(store(), { ...body, expectedCases: 3 }, undefined)).rejects.toMatchObject(
      {
        code: 'migration_unconfirmed',
        field: 'expectedCases',
        details: { expectedCases: 3, cases: 2 },
      },
    );
    await expect(
      moveCasesToVersion(
        store(),
        { ...body, includeClosed: true, confirmation: preview.confirmation },
        undefined,
      ),
    ).rejects.toMatchObject({ code: 'migration_unconfirmed', field: 'confirmation' });
    expect(await store().cases.counts()).toEqual(before);
    expect((await store().cases.get(ids['in-early-help']!))?.pathwayVersionId).toBe(1);
  });

  it('moves every open case to the new version, recording a stage change as an event and a new stay', async () => {
    const preview = await moveCasesToVersion(
      store(),
      { ...base, stageMap: { early_help: 'family_help' }, dryRun: true },
      undefined,
    );
    const report = await moveCasesToVersion(
      store(),
      {
        ...base,
        stageMap: { early_help: 'family_help' },
        expectedCases: preview.cases,
        confirmation: preview.confirmation,
      },
      { tokenId: null, role: 'admin' },
      T0 + 40 * day,
    );
    expect(report.cases).toBe(2);
    const moved = (await store().cases.timeline(ids['in-early-help']!))!;
    expect(moved.case).toMatchObject({ stage: 'family_help', pathwayVersionId: 2, lastSeq: 3 });
    expect(moved.events.at(-1)).toMatchObject({
      event: VERSION_MOVE_EVENT,
      fromStage: 'early_help',
      toStage: 'family_help',
      occurredAt: T0 + 40 * day,
    });
    expect(moved.intervals.map((i) => [i.stage, i.nextStage, i.exitEvent, i.entryEvent])).toEqual([
      ['front_door', 'early_help', 'refer_early_help', null],
      ['early_help', 'family_help', VERSION_MOVE_EVENT, 'refer_early_help'],
      ['family_help', null, null, VERSION_MOVE_EVENT],
    ]);
    const kept = (await store().cases.timeline(ids['in-assessment']!))!;
    expect(kept.case).toMatchObject({ stage: 'assessment', pathwayVersionId: 2, lastSeq: 2 });
    // The closed case stayed on version 1 (moved only with includeClosed).
    expect(await store().cases.get(ids.closed!)).toMatchObject({ closedAt: T0 + day, pathwayVersionId: 1 });
    const closed = await moveCasesToVersion(store(), { ...base, includeClosed: true }, undefined);
    expect(closed).toMatchObject({ cases: 1, openCases: 0, closedCases: 1 });
    expect(await store().cases.get(ids.closed!)).toMatchObject({ closedAt: T0 + day, pathwayVersionId: 2 });
    const audit = await store().audit.list({ limit: 5 });
    expect(audit.find((a) => a.action === 'cases.migrate')).toBeDefined();
  });

  it('moves after a migration are checked against the new version, even by a service that cached the old', async () => {
    // `service` remembered version 1 for this case when it moved it before the migration.
    const r = await service.move(ids['in-early-help']!, { event: 'step_up', occurredAt: T0 + 41 * day });
    expect(r.case).toMatchObject({ stage: 'front_door', pathwayVersionId: 2 });
    await expect(
      service.move(ids['in-assessment']!, { toStage: 'early_help', occurredAt: T0 + 41 * day }),
    ).rejects.toMatchObject({ code: 'unknown_stage' });
  });
});
