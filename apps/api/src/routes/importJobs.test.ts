import { randomBytes } from 'node:crypto';
import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { ImportJobRepository, loadOrCreateHmacKey } from '@continuum/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

// Large imports as jobs (issue 16): stored on upload, ingested by a worker, followed from any instance.
describeEachEngine('import jobs (POST/GET /api/imports)', ({ store, dataDir }) => {
  /** Accepts uploads but runs no jobs itself. */
  let front: TestApp;
  /** Another instance whose worker ingests them. */
  let back: TestApp;
  let csv: string;
  const csvHeaders = { 'content-type': 'text/csv' };

  beforeAll(async () => {
    front = await createTestApp(store(), dataDir(), { simulations: { worker: false } });
    back = await createTestApp(store(), dataDir());
    await back.app.services.startWorkers();
    // A log of a few MB, so it is stored in several pieces.
    csv = [
      ...eventLogCsv(
        simulateEventLog({
          pathway: defaultPathway,
          startDate: '2020-01-01',
          years: 3,
          seed: 5,
          arrivalsPerYear: 6000,
        }),
      ),
    ].join('');
  });
  afterAll(async () => {
    await front.app.close();
    await back.app.close();
  });

  const queue = async (body: string, query = '') => {
    const res = await front.call('manager', 'POST', `/api/imports${query}`, body, csvHeaders);
    expect(res.status).toBe(202);
    const started = (await res.json()) as { id: string; status: string; links: { self: string } };
    expect(started.status).toBe('queued');
    return started.id;
  };
  const settled = async (id: string) => {
    for (let i = 0; i < 6000; i++) {
      const job = await (await front.call('manager', 'GET', `/api/imports/${id}`)).json();
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the import did not end');
  };

  it('stores the upload, a worker of another instance ingests it, and GET gives the report', async () => {
    expect(csv.length).toBeGreaterThan(2 * 1024 * 1024);
    const id = await queue(csv);
    const job = await settled(id);
    const rows = csv.trimEnd().split('\n').length - 1;
    expect(job).toMatchObject({
      status: 'done',
      format: 'csv',
      mode: 'atomic',
      attempt: 1,
      bytes: Buffer.byteLength(csv),
    });
    expect(job.report).toMatchObject({ committed: true, rows, acceptedRows: rows, rejectedRows: 0 });
    expect((await store().cases.counts()).cases).toBe(job.report.casesCreated);
    // The log is deleted with the outcome written.
    expect(await new ImportJobRepository(store().db, loadOrCreateHmacKey(dataDir())).chunkCount(id)).toBe(0);
  });

  it('the same log again adds nothing (repeated event ids are skipped)', async () => {
    const before = await store().cases.counts();
    const job = await settled(await queue(csv));
    expect(job.report.committed).toBe(true);
    expect(job.report.acceptedRows).toBe(0);
    expect(job.report.duplicateRows).toBe(job.report.rows);
    expect(await store().cases.counts()).toEqual(before);
  });

  it('atomic with a bad row stores nothing and reports why; partial keeps the valid cases', async () => {
    const before = await store().cases.counts();
    const bad =
      'case_ref,stage,entered_at,event,event_id\nNEW-1,front_door,2025-01-06,,\nNEW-2,nowhere,2025-01-06,,\n';
    const atomic = await settled(await queue(bad));
    expect(atomic.status).toBe('done');
    expect(atomic.report).toMatchObject({ committed: false, rejectedRows: 1 });
    expect(await store().cases.counts()).toEqual(before);
    const partial = await settled(await queue(bad, '?mode=partial'));
    expect(partial.report).toMatchObject({ committed: true, acceptedRows: 1, rejectedRows: 1 });
    expect((await store().cases.counts()).cases).toBe(before.cases + 1);
  });

  it('a log for a pathway that does not exist, or an empty one, is refused before it is queued, as POST /api/ingest refuses it', async () => {
    const before = await store().cases.counts();
    const jobs = (await (await front.call('manager', 'GET', '/api/imports?limit=100')).json()) as {
      imports: unknown[];
    };
    const log = 'case_ref,stage,entered_at,event,event_id\nNEW-9,front_door,2025-01-06,,\n';
    for (const [body, query, status, code] of [
      [log, '?pathwayId=nope', 404, 'pathway_not_found'],
      ['', '', 422, 'invalid_value'],
    ] as const) {
      const queued = await front.call('manager', 'POST', `/api/imports${query}`, body, csvHeaders);
      const direct = await front.call('manager', 'POST', `/api/ingest${query}`, body, csvHeaders);
      const [a, b] = [await queued.json(), await direct.json()];
      expect({ status: queued.status, ...a }).toMatchObject({ status, code });
      expect({ status: direct.status, ...b }).toMatchObject({ status, code });
      expect(a).toMatchObject({ detail: (b as { detail: string }).detail });
    }
    const after = (await (await front.call('manager', 'GET', '/api/imports?limit=100')).json()) as {
      imports: unknown[];
    };
    expect(after.imports).toHaveLength(jobs.imports.length);
    expect(await store().cases.counts()).toEqual(before);
  });

  it('a received import whose job is gone (its process stopped) is queued again when a worker starts', async () => {
    const repo = new ImportJobRepository(store().db, loadOrCreateHmacKey(dataDir()), store().write);
    const log = 'case_ref,stage,entered_at,event,event_id\nLEFT-1,front_door,2025-02-03,,\n';
    await repo.create({ id: 'left-behind', format: 'csv', mode: 'atomic', pathwayId: null, by: 'manager' });
    await repo.appendChunk('left-behind', 0, log);
    await repo.received('left-behind', log.length);
    const later = await createTestApp(store(), dataDir());
    try {
      await later.app.services.startWorkers();
      const job = await settled('left-behind');
      expect(job).toMatchObject({ status: 'done', attempt: 1, report: { committed: true, acceptedRows: 1 } });
    } finally {
      await later.app.close();
    }
  });

  it('an upload stored under another deployment key (or unsealed) fails as unreadable, storing nothing', async () => {
    const repo = new ImportJobRepository(store().db, randomBytes(32), store().write);
    const log = 'case_ref,stage,entered_at,event,event_id\nOTHER-KEY-1,front_door,2025-02-03,,\n';
    await repo.create({ id: 'other-key', format: 'csv', mode: 'atomic', pathwayId: null, by: 'manager' });
    await repo.appendChunk('other-key', 0, log);
    await repo.received('other-key', log.length);
    const before = await store().cases.counts();
    const later = await createTestApp(store(), dataDir());
    try {
      await later.app.services.startWorkers();
      const job = await settled('other-key');
      expect(job).toMatchObject({ status: 'failed', error: { code: 'upload_unreadable' } });
      expect(JSON.stringify(job)).not.toContain('OTHER-KEY-1');
      expect(await store().cases.counts()).toEqual(before);
    } finally {
      await later.app.close();
    }
  });

  it('refuses bad input with problem+json and checks roles', async () => {
    const other = await front.call('manager', 'POST', '/api/imports', '{}', {
      'content-type': 'application/json',
    });
    expect(other.status).toBe(415);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    const mode = await front.call('manager', 'POST', '/api/imports?mode=sometimes', csv, csvHeaders);
    expect(mode.status).toBe(422);
    expect((await mode.json()).code).toBe('invalid_value');
    expect((await front.call('analyst', 'POST', '/api/imports', 'a\n', csvHeaders)).status).toBe(403);
    const missing = await front.call('manager', 'GET', '/api/imports/no-such-import');
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe('import_not_found');
  });
});
