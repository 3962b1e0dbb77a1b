import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { csvRows, ingestEvents, type Role } from '@continuum/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  generate903Children,
  write903Return,
} from '../../../packages/formats/src/ssda903/ssda903.fixture.ts';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from './testing/testApp.ts';

interface Operation {
  'x-roles': Role[];
  parameters: { name: string; in: 'path' | 'query' }[];
  requestBody?: { content: Record<string, { example?: unknown }> };
}

/** One request the walk sends: an operation, and for a body, one media type with its example. */
interface Step {
  method: string;
  path: string;
  op: Operation;
  type?: string;
  example?: unknown;
}

/** Writes first (they create what the reads and deletes name), then reads, then deletes. */
const RANK: Record<string, number> = { post: 0, put: 0, get: 1, delete: 2 };

/**
 * Query parameters a read needs (the reference lists them as optional): the case the
 * `POST /api/cases` example opens.
 */
const QUERIES: Record<string, string> = { 'get /api/cases': '?caseRef=LA-123456' };

/** The id a creating request answers with (`id`, `case.id`, `record.id`), if any. */
function createdId(body: unknown): string | undefined {
  const b = body as { id?: unknown; case?: { id?: unknown }; record?: { id?: unknown } } | null;
  const id = b?.id ?? b?.case?.id ?? b?.record?.id;
  return id === undefined ? undefined : String(id);
}

/**
 * Issue 14: the documented API examples run as tests. The walk reads /openapi.json and sends every
 * operation to the real app, as the first role it admits: each documented body example, per media
 * type (a multipart example's `@name` fields are files, as curl sends them), and for operations
 * without a body, the request as documented with its path parameters. Path parameters come from a
 * demo-like store (five years of a small service on the published pathway) and from what the
 * examples themselves create: the case, the import, the simulation run, the backtest, the saved
 * scenario, the token. Every answer must be 2xx; a started simulation, backtest or import must finish.
 */
describeEachEngine('every documented API example', ({ store, dataDir, engine }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { simulations: { workers: 0, pollMs: 20 } });
    await t.app.services.startWorkers();
    const csv = eventLogCsv(
      simulateEventLog({
        pathway: defaultPathway,
        startDate: '2020-06-01',
        years: 5,
        seed: 9,
        arrivalsPerYear: 300,
      }),
    );
    await ingestEvents(store(), csvRows([[...csv].join('')]), { mode: 'atomic', hmacKey: t.deps.hmacKey });
  });
  afterAll(async () => {
    await t.app.close();
  });

  /** The files a multipart example names as `@name`. */
  const files = (): Record<string, string> => {
    const r = write903Return(generate903Children(engine === 'sqlite' ? 81 : 82, 5));
    const csvOf = (f: unknown) => (f as { csv: string }).csv;
    return {
      'episodes.csv': csvOf(Array.isArray(r.episodes) ? r.episodes[0] : r.episodes),
      'header.csv': csvOf(Array.isArray(r.header) ? r.header[0] : r.header),
    };
  };

  const send = (step: Step, path: string): Promise<Response> => {
    const role = step.op['x-roles'][0]!;
    if (step.type === 'multipart/form-data') {
      const named = files();
      const form = new FormData();
      for (const [field, value] of Object.entries(step.example as Record<string, string>)) {
        if (!value.startsWith('@')) form.append(field, value);
        else {
          const content = named[value.slice(1)];
          if (content === undefined)
            throw new Error(`${step.path}: the example names a file the walk lacks: ${value}`);
          form.append(field, new Blob([content]), value.slice(1));
        }
      }
      return Promise.resolve(
        t.app.request(path, {
          method: step.method.toUpperCase(),
          headers: { authorization: `Bearer ${t.tokens[role]}` },
          body: form,
        }),
      );
    }
    return t.call(
      role,
      step.method.toUpperCase(),
      path,
      step.example,
      step.type ? { 'content-type': step.type } : {},
    );
  };

  /** Waits (generously: CI machines are slow) until a queued import is no longer queued or running. */
  const importSettles = async (id: string) => {
    for (let i = 0; i < 600; i++) {
      const job = (await (await t.call('manager', 'GET', `/api/imports/${id}`)).json()) as { status: string };
      if (job.status !== 'queued' && job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`import ${id} still not finished after a minute`);
  };

  it('every operation, with every documented example, succeeds', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const steps: Step[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const content = Object.entries(op.requestBody?.content ?? {});
        for (const [type, media] of content) {
          // A body without an example is undocumented: the walk cannot send it.
          expect(media.example, `${method} ${path} (${type}) has no example`).toBeDefined();
          steps.push({ method, path, op, type, example: media.example });
        }
        if (content.length === 0) steps.push({ method, path, op });
      }
    steps.sort((a, b) => RANK[a.method]! - RANK[b.method]!);

    // What path parameters name: the demo's pathway, version and a stage; the rest is created by the
    // examples (keyed by the collection they were posted to).
    const fixed: Record<string, string> = {
      pathwayId: defaultPathway.id,
      version: '1',
      stage: 'early_help',
    };
    const created = new Map<string, string>();
    const fill = (path: string) =>
      path.replace(/\{(\w+)\}/g, (_, name: string, at: number) => {
        const value = created.get(path.slice(0, at - 1)) ?? fixed[name];
        if (value === undefined) throw new Error(`${path}: nothing to fill {${name}} with`);
        return encodeURIComponent(value);
      });

    const sent: string[] = [];
    const failures: string[] = [];
    for (const step of steps) {
      let url: string;
      try {
        url = fill(step.path) + (QUERIES[`${step.method} ${step.path}`] ?? '');
      } catch (error) {
        failures.push((error as Error).message);
        continue;
      }
      const res = await send(step, url);
      const text = await res.text();
      const label = `${step.method} ${step.path}${step.type ? ` (${step.type})` : ''}`;
      sent.push(label);
      if (res.status < 200 || res.status >= 300) {
        failures.push(`${label}: ${res.status} ${text.slice(0, 1500)}`);
        continue;
      }
      const body = (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
      const id = step.method === 'post' ? createdId(body) : undefined;
      if (id !== undefined && !created.has(step.path)) created.set(step.path, id);
      if (step.method === 'post' && step.path === '/api/simulations') {
        await t.app.services.runner.idle();
        const run = await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json();
        expect(run.status, JSON.stringify(run.error)).toBe('done');
        expect(run.result.baseline.startingCases).toBeGreaterThan(0); // from today's caseload
      }
      if (step.method === 'post' && step.path === '/api/backtests') {
        await t.app.services.runner.idle();
        const run = await (await t.call('analyst', 'GET', `/api/backtests/${id}`)).json();
        expect(run.status, JSON.stringify(run.error)).toBe('done');
        expect(run.result.stages.length).toBeGreaterThan(0);
      }
      if (step.method === 'post' && step.path === '/api/imports') {
        const job = await importSettles(id!);
        expect(job.status, JSON.stringify(job)).toBe('done');
      }
    }
    expect(failures).toEqual([]);
    // Every operation was sent at least once (the walk did not skip any).
    const operations = Object.entries(doc.paths).flatMap(([p, ms]) =>
      Object.keys(ms).map((m) => `${m} ${p}`),
    );
    expect(new Set(sent.map((s) => s.replace(/ \(.*\)$/, '')))).toEqual(new Set(operations));
    expect(operations.length).toBeGreaterThan(30);
  });
});
