import { defaultPathway } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from '../anonymise/hmacKey.ts';
import { pseudonymise } from '../anonymise/pseudonymise.ts';
import { ingestEvents } from './ingestEvents.ts';
import { csvBatches, csvRows, ndjsonRows } from './rowSources.ts';

const header = 'case_ref,stage,entered_at,event,event_id,age_band,primary_need';

describeEachEngine('bulk ingest', ({ store, dataDir, engine }) => {
  let key: Buffer;
  const p = (s: string) => `${engine}-${s}`;
  const csv = (...lines: string[]) => csvRows([`${header}\n${lines.join('\n')}\n`]);
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    key = loadOrCreateHmacKey(dataDir());
  });
  const caseOf = (ref: string) => store().cases.getByRef(pseudonymise(key, ref));

  it('ingests a CSV log, inferring blank events and deriving stays', async () => {
    const a = p('A');
    const report = await ingestEvents(
      store(),
      csv(
        `${a},front_door,2025-01-06,,,5_9,N1`,
        `${p('B')},front_door,2025-01-06T10:00:00Z,,,,`,
        `${a},assessment,2025-01-07,,,,`,
        `${a},assessment,2025-01-20,management_oversight,,,`,
        `${p('B')},closed,2025-01-07,no_further_action,,,`,
        `${a},child_in_need,2025-02-20,cin_plan,,,N2`,
      ),
      { mode: 'atomic', hmacKey: key },
    );
    expect(report).toMatchObject({
      committed: true,
      rows: 6,
      acceptedRows: 6,
      rejectedRows: 0,
      casesCreated: 2,
    });
    const c = (await caseOf(a))!;
    expect(c).toMatchObject({
      stage: 'child_in_need',
      lastSeq: 4,
      attributes: { age_band: '5_9', primary_need: 'N2' },
    });
    const t = (await store().cases.timeline(c.id))!;
    expect(t.events.map((e) => e.event)).toEqual([
      null,
      'accept_referral',
      'management_oversight',
      'cin_plan',
    ]);
    expect(t.intervals.map((i) => [i.stage, i.nextStage, i.exitedAt === null])).toEqual([
      ['front_door', 'assessment', false],
      ['assessment', 'child_in_need', false],
      ['child_in_need', null, true],
    ]);
    expect((await caseOf(p('B')))?.closedAt).toBe(Date.parse('2025-01-07'));
  });

  it('atomic mode: one illegal row rolls everything back and the report names the row', async () => {
    const before = await store().cases.counts();
    const report = await ingestEvents(
      store(),
      csv(
        `${p('C')},front_door,2025-01-06,,,,`,
        `${p('D')},front_door,2025-01-06,,,,`,
        `${p('C')},child_protection,2025-01-08,,,,`,
      ),
      { mode: 'atomic', hmacKey: key },
    );
    expect(report.committed).toBe(false);
    expect(report.rejected).toEqual([
      expect.objectContaining({ row: 4, code: 'illegal_move', field: 'stage' }),
    ]);
    expect(await store().cases.counts()).toEqual(before);
  });

  it('refuses a row dated after the ingest began (more than two hours ahead), naming entered_at', async () => {
    const ahead = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const report = await ingestEvents(
      store(),
      csv(
        `${p('F1')},front_door,2025-01-06,,,,`,
        `${p('F1')},assessment,2099-12-31,,,,`,
        `${p('F2')},front_door,${ahead},,,,`,
        `${p('F3')},front_door,2025-01-06,,,,`,
      ),
      { mode: 'partial', hmacKey: key },
    );
    expect(report.rejected.map((r) => [r.row, r.code, r.field])).toEqual([
      [3, 'invalid_value', 'entered_at'],
      [4, 'invalid_value', 'entered_at'],
    ]);
    expect(report.rejected[0]!.message).toMatch(/is in the future/);
    expect(await caseOf(p('F1'))).toBeUndefined();
    expect(await caseOf(p('F3'))).toMatchObject({ stage: 'front_door' });
  });

  it("checks the event named on a new case's first row instead of dropping it unread", async () => {
    const report = await ingestEvents(
      store(),
      csv(
        `${p('O1')},front_door,2025-01-06,Jane Smith,,,`,
        `${p('O2')},front_door,2025-01-06,totally_bogus_event,,,`,
        `${p('O3')},front_door,2025-01-06,no_further_action,,,`,
        `${p('O4')},assessment,2025-01-06,accept_referral,,,`,
      ),
      { mode: 'partial', hmacKey: key },
    );
    expect(report.rejected.map((r) => [r.row, r.code, r.field])).toEqual([
      [2, 'pii_rejected', 'event'],
      [3, 'unknown_event', 'event'],
      [4, 'illegal_move', 'event'],
    ]);
    expect(JSON.stringify(report)).not.toMatch(/Jane|Smith/);
    // An event that leads into the stage: the case opens there (an opening has no stage to come from).
    expect(await caseOf(p('O4'))).toMatchObject({ stage: 'assessment', lastSeq: 1 });
  });

  it('partial mode keeps valid cases and drops every row of a rejected one', async () => {
    const before = await store().cases.counts();
    const report = await ingestEvents(
      store(),
      csv(
        `${p('E')},front_door,2025-01-06,,,,`,
        `${p('F')},front_door,2025-01-06,,,,`,
        `${p('E')},assessment,2025-01-05,,,,`,
        `${p('F')},early_help,2025-01-07,,,,`,
        `${p('E')},closed,2025-02-01,,,,`,
        `${p('G')},front_door,2025-01-06,,,,Jane Smith`,
      ),
      { mode: 'partial', hmacKey: key },
    );
    expect(report).toMatchObject({
      committed: true,
      acceptedRows: 2,
      rejectedRows: 3,
      discardedRows: 1,
      casesCreated: 1,
      casesRejected: 2,
    });
    expect(report.rejected).toEqual([
      expect.objectContaining({ row: 4, code: 'out_of_order', field: 'entered_at' }),
      expect.objectContaining({ row: 6, code: 'case_rejected' }),
      expect.objectContaining({ row: 7, code: 'pii_rejected', field: 'primary_need' }),
    ]);
    expect(await caseOf(p('E'))).toBeUndefined();
    expect((await caseOf(p('F')))?.stage).toBe('early_help');
    const after = await store().cases.counts();
    expect(after.cases - before.cases).toBe(1);
    expect(after.events - before.events).toBe(2);
    expect(after.intervals - before.intervals).toBe(2);
  });

  it('writes logs larger than one multi-row statement, dropping only the rejected case', async () => {
    const before = await store().cases.counts();
    const lines: string[] = [];
    const n = 1_200;
    for (let i = 0; i < n; i++) lines.push(`${p(`BIG${i}`)},front_door,2025-04-01,,,10_15,N3`);
    for (let i = 0; i < n; i++) {
      // Case 600 goes back in time: it alone is dropped, wherever its rows sit in the batches.
      lines.push(`${p(`BIG${i}`)},assessment,${i === 600 ? '2025-03-02' : '2025-04-02'},,,,`);
    }
    for (let i = 0; i < n; i++) lines.push(`${p(`BIG${i}`)},child_in_need,2025-04-20,cin_plan,,,`);
    const report = await ingestEvents(store(), csv(...lines), { mode: 'partial', hmacKey: key });
    expect(report).toMatchObject({
      committed: true,
      acceptedRows: 3 * (n - 1),
      rejectedRows: 2,
      discardedRows: 1,
      casesCreated: n - 1,
    });
    const after = await store().cases.counts();
    expect(after.cases - before.cases).toBe(n - 1);
    expect(after.events - before.events).toBe(3 * (n - 1));
    expect(after.intervals - before.intervals).toBe(3 * (n - 1));
    expect(await caseOf(p('BIG600'))).toBeUndefined();
    const last = (await caseOf(p(`BIG${n - 1}`)))!;
    expect(last).toMatchObject({ stage: 'child_in_need', lastSeq: 3, attributes: { age_band: '10_15' } });
    const t = (await store().cases.timeline(last.id))!;
    expect(t.intervals.map((i) => [i.stage, i.nextStage])).toEqual([
      ['front_door', 'assessment'],
      ['assessment', 'child_in_need'],
      ['child_in_need', null],
    ]);
  });

  it('long logs: cases idle for many rows come back, change or get rejected, and end right', async () => {
    const before = await store().cases.counts();
    const lines = [
      `${p('IDLE-MOVES')},front_door,2025-03-01,,,5_9,`,
      `${p('IDLE-REJECTED')},front_door,2025-03-01,,,,`,
      `${p('IDLE-STAYS')},front_door,2025-03-01,,,,N4`,
    ];
    // Enough rows between a case's rows for it to be written early (settled) as the log streams.
    const fillers = 70_000;
    for (let i = 0; i < fillers; i++) lines.push(`${p(`FILL${i}`)},front_door,2025-03-02,,,,`);
    lines.push(
      `${p('IDLE-MOVES')},assessment,2025-03-03,,,,N2`,
      `${p('IDLE-REJECTED')},child_protection,2025-03-03,,,,`,
    );
    const log = csvBatches([`${header}\n${lines.join('\n')}\n`]);
    const report = await ingestEvents(store(), log, { mode: 'partial', hmacKey: key });
    expect(report).toMatchObject({ committed: true, rejectedRows: 1, casesCreated: fillers + 2 });
    expect(await caseOf(p('IDLE-MOVES'))).toMatchObject({
      stage: 'assessment',
      lastSeq: 2,
      attributes: { age_band: '5_9', primary_need: 'N2' },
    });
    expect(await caseOf(p('IDLE-STAYS'))).toMatchObject({ stage: 'front_door', lastSeq: 1 });
    expect(await caseOf(p('IDLE-REJECTED'))).toBeUndefined();
    const after = await store().cases.counts();
    expect(after.cases - before.cases).toBe(fillers + 2);
    expect(after.events - before.events).toBe(fillers + 3);
    expect(after.intervals - before.intervals).toBe(fillers + 3);
  }, 60_000);

  it('continues existing cases and skips event ids already recorded', async () => {
    const h = p('H');
    const first = `${h},front_door,2025-03-01,,h1,,`;
    await ingestEvents(store(), csv(first), { mode: 'atomic', hmacKey: key });
    const report = await ingestEvents(
      store(),
      csv(first, `${h},assessment,2025-03-02,accept_referral,h2,,`),
      {
        mode: 'atomic',
        hmacKey: key,
      },
    );
    expect(report).toMatchObject({ committed: true, duplicateRows: 1, acceptedRows: 1, casesUpdated: 1 });
    const t = (await store().cases.timeline((await caseOf(h))!.id))!;
    expect(t.case).toMatchObject({ stage: 'assessment', lastSeq: 2 });
    expect(t.intervals.map((i) => [i.stage, i.exitedAt === null])).toEqual([
      ['front_door', false],
      ['assessment', true],
    ]);
  });

  it('counts every row once and only changed cases as updated (a re-import of stored rows updates none)', async () => {
    const [i, j, k] = [p('I'), p('J'), p('K')];
    const log = [
      `${i},front_door,2025-03-01,,i1,,`,
      `${i},assessment,2025-03-02,accept_referral,i2,,`,
      `${j},front_door,2025-03-01,,j1,,`,
      `${k},front_door,2025-03-01,,k1,,`,
      `${k},child_protection,2025-03-02,,k2,,`,
    ];
    const addsUp = (r: Awaited<ReturnType<typeof ingestEvents>>) =>
      expect(r.acceptedRows + r.duplicateRows + r.rejectedRows + r.discardedRows).toBe(r.rows);
    const first = await ingestEvents(store(), csv(...log), { mode: 'partial', hmacKey: key });
    expect(first).toMatchObject({
      rows: 5,
      acceptedRows: 3,
      rejectedRows: 1,
      discardedRows: 1,
      casesCreated: 2,
    });
    addsUp(first);
    const again = await ingestEvents(store(), csv(...log.slice(0, 3)), { mode: 'partial', hmacKey: key });
    expect(again).toMatchObject({
      rows: 3,
      acceptedRows: 0,
      duplicateRows: 3,
      casesCreated: 0,
      casesUpdated: 0,
    });
    addsUp(again);
    const more = await ingestEvents(
      store(),
      csv(...log.slice(0, 3), `${j},closed,2025-03-03,no_further_action,j2,,`),
      { mode: 'partial', hmacKey: key },
    );
    expect(more).toMatchObject({ rows: 4, acceptedRows: 1, duplicateRows: 3, casesUpdated: 1 });
    addsUp(more);
    const atomic = await ingestEvents(
      store(),
      csv(
        `${p('L')},front_door,2025-03-01,,l1,,`,
        `${j},closed,2025-03-03,no_further_action,j2,,`,
        `${i},nowhere,2025-03-05,,i9,,`,
      ),
      { mode: 'atomic', hmacKey: key },
    );
    expect(atomic).toMatchObject({
      committed: false,
      rows: 3,
      acceptedRows: 0,
      duplicateRows: 1,
      casesUpdated: 0,
    });
    addsUp(atomic);
  });

  it('partial mode restores an existing case whose new rows are rejected', async () => {
    const k = p('K');
    await ingestEvents(store(), csv(`${k},front_door,2025-03-01,,,,`), { mode: 'atomic', hmacKey: key });
    const before = (await store().cases.timeline((await caseOf(k))!.id))!;
    const report = await ingestEvents(
      store(),
      csv(`${k},assessment,2025-03-02,,,,`, `${k},looked_after,2025-03-03,cp_plan,,,`),
      { mode: 'partial', hmacKey: key },
    );
    expect(report).toMatchObject({ committed: true, acceptedRows: 0, rejectedRows: 1, discardedRows: 1 });
    expect(report.rejected[0]).toMatchObject({ row: 3, code: 'illegal_move' });
    expect(await store().cases.timeline(before.case.id)).toEqual(before);
  });

  it('reads NDJSON, reporting malformed lines and unknown columns by line', async () => {
    const lines = [
      JSON.stringify({ case_ref: p('N'), stage: 'front_door', entered_at: '2025-01-06' }),
      '{not json',
      JSON.stringify({ case_ref: p('M'), stage: 'front_door', entered_at: '2025-01-06', postcode: 'x' }),
      JSON.stringify({ case_ref: p('N'), stage: 'early_help', entered_at: '2025-01-09T12:00:00Z' }),
    ];
    const chunks = [`${lines.join('\n').slice(0, 50)}`, `${lines.join('\n').slice(50)}\n`];
    const report = await ingestEvents(store(), ndjsonRows(chunks), { mode: 'partial', hmacKey: key });
    expect(report.rejected).toEqual([
      expect.objectContaining({ row: 2, code: 'invalid_row' }),
      expect.objectContaining({ row: 3, code: 'unknown_field', field: 'postcode' }),
    ]);
    expect((await caseOf(p('N')))?.stage).toBe('early_help');
  });
});

describeEachEngine('ingest alongside other writers', ({ store, dataDir }) => {
  it('queues an audit write and a move behind a running ingest instead of failing or blocking', async () => {
    const { CaseService } = await import('../cases/CaseService.ts');
    await store().pathways.publish(defaultPathway);
    const key = loadOrCreateHmacKey(dataDir());
    const service = new CaseService(store(), key);
    const { case: c } = await service.open({ caseRef: 'side', occurredAt: '2025-01-01' });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    async function* slow() {
      yield [{ line: 2, values: { case_ref: 'slow-1', stage: 'front_door', entered_at: '2025-01-06' } }];
      await gate;
      yield [{ line: 3, values: { case_ref: 'slow-1', stage: 'early_help', entered_at: '2025-01-07' } }];
    }
    const ingest = ingestEvents(store(), slow(), { mode: 'atomic', hmacKey: key });
    await new Promise((r) => setTimeout(r, 20));
    const audit = store().audit.record({ action: 'test.side', caseId: c.id });
    const move = service.move(c.id, { event: 'accept_referral', occurredAt: '2025-01-02' });
    await new Promise((r) => setTimeout(r, 20));
    release();
    const [report] = await Promise.all([ingest, audit, move]);
    expect(report.committed).toBe(true);
    expect((await store().cases.get(c.id))?.stage).toBe('assessment');
    expect(await store().audit.list({ caseId: c.id })).toEqual([
      expect.objectContaining({ action: 'test.side' }),
    ]);
  });
});
