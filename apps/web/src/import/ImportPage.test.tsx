import type { ImportJob, ImportJobSummary, IngestUploadResponse } from '@continuum/contracts';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import fc from 'fast-check';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ImportPage } from './ImportPage.tsx';
import { ImportReport } from './ImportReport.tsx';
import { ingestFormData, NO_FILES } from './importChoices.ts';
import { UPLOAD_STALLED_MS } from '@continuum/contracts';
import { importStatusLabel, importUnderWay, uploadInterrupted } from './importJobs.ts';

/** A stand-in XMLHttpRequest the test drives: upload progress, then the server's answer. */
class FakeXhr {
  static last: FakeXhr | undefined;
  upload: { onprogress?: (e: ProgressEvent) => void; onload?: () => void } = {};
  onload?: () => void;
  onerror?: () => void;
  onabort?: () => void;
  status = 0;
  responseText = '';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | undefined;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.upload.onload?.();
    this.onload?.();
  }
}

const report = (over: Partial<IngestUploadResponse> = {}): IngestUploadResponse => ({
  format: 'cin',
  files: ['cin-2022.xml', 'cin-2023.xml'],
  mode: 'partial',
  outsidePathway: 'flag',
  committed: true,
  source: {
    unit: 'elements',
    children: 12,
    continued: 0,
    gaps: 0,
    read: 100,
    imported: 60,
    merged: 20,
    notStored: 15,
    outsidePathway: 3,
    rejected: 2,
    parts: [
      {
        file: 'cin-2022.xml, cin-2023.xml',
        part: 'CIN census',
        read: 100,
        imported: 60,
        merged: 20,
        notStored: 15,
        outsidePathway: 3,
        rejected: 2,
        problem: null,
      },
    ],
    outsidePathwayMoves: { 'assessment -> child_protection': 3 },
  },
  events: { rows: 40, imported: 38, skipped: 0, rejected: 2, refused: 1, dropped: 1 },
  ingest: {
    mode: 'partial',
    committed: true,
    rows: 40,
    acceptedRows: 38,
    outsidePathwayRows: 0,
    rejectedRows: 1,
    discardedRows: 1,
    duplicateRows: 0,
    casesCreated: 11,
    casesUpdated: 0,
    casesRejected: 1,
    rejected: [
      { row: 7, code: 'invalid_value', field: 'primary_need', message: 'primary_need is not a code.' },
    ],
    rejectedNotListed: 0,
    durationMs: 12,
  },
  quality: {
    total: 3,
    lines: [
      {
        file: 'cin-2022.xml',
        part: 'Child/CINdetails',
        row: 14,
        field: 'ReferralSource',
        outcome: 'rejected',
        problem: 'ReferralSource is not a code of the census',
      },
      {
        file: 'cin-2023.xml',
        part: 'Child/CINdetails/Assessments',
        row: 30,
        field: 'AssessmentActualStartDate',
        outcome: 'outside_pathway',
        problem: 'the pathway has no move from closed to assessment',
      },
      {
        file: 'cin-2023.xml',
        part: 'Child',
        row: 40,
        field: 'GenderCurrent',
        outcome: 'merged',
        problem: 'sex already read',
      },
    ],
    csv: 'file,part,row,field,outcome,problem\r\ncin-2022.xml,Child/CINdetails,14,ReferralSource,rejected,x\r\n',
  },
  ...over,
});

const file = (name: string, text = 'x') => new File([text], name);

/** A background import as the list gives it. */
const job = (over: Partial<ImportJobSummary> = {}): ImportJobSummary => ({
  id: 'job-1',
  status: 'done',
  kind: 'files',
  format: 'cin',
  mode: 'partial',
  pathwayId: null,
  files: ['cin-2022.xml', 'cin-2023.xml'],
  bytes: 2048,
  attempt: 1,
  by: 'manager',
  counts: {
    committed: true,
    events: { rows: 40, imported: 38, skipped: 0, rejected: 2 },
    source: { unit: 'elements', read: 100, rejected: 2 },
  },
  error: null,
  createdAt: '2026-12-04T10:00:00.000Z',
  updatedAt: '2026-12-04T10:01:00.000Z',
  ...over,
});

/**
 * The API's answers to the page's reads (the list and single imports), by path; a path answered
 * with an array gives its answers in turn (the last one again after that); an Error answer is a
 * read that failed (a TypeError: the network). Returns the paths read.
 */
function answerReads(answers: Record<string, unknown>): string[] {
  const read: string[] = [];
  const turns = new Map<string, number>();
  vi.stubGlobal('fetch', async (url: string) => {
    read.push(url);
    const answer = answers[url];
    if (answer === undefined) return new Response('{}', { status: 404 });
    const n = turns.get(url) ?? 0;
    turns.set(url, n + 1);
    const body = Array.isArray(answer) && url !== LIST ? answer[Math.min(n, answer.length - 1)] : answer;
    if (body instanceof Error) throw body;
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return read;
}
const LIST = '/api/imports?limit=10';

beforeEach(() => {
  FakeXhr.last = undefined;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  answerReads({ [LIST]: { imports: [] } });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('Import page', () => {
  it('uploads several CIN years with a progress bar, then shows counts that add up and the rejected rows', async () => {
    render(<ImportPage />);
    expect(screen.getByRole('button', { name: 'Upload and import' })).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'cin' } });
    const upload = screen.getByRole('button', { name: 'Upload and import' });
    expect(upload).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Files'), {
      target: { files: [file('cin-2022.xml'), file('cin-2023.xml')] },
    });
    expect(upload).toHaveProperty('disabled', false);
    fireEvent.click(screen.getByLabelText('Keep the valid cases (partial)'));
    fireEvent.click(upload);
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url]).toEqual(['POST', '/api/ingest']);
    expect(xhr.body!.get('format')).toBe('cin');
    expect(xhr.body!.get('mode')).toBe('partial');
    expect(xhr.body!.get('outsidePathway')).toBeNull();
    expect(xhr.body!.getAll('file').map((f) => (f as File).name)).toEqual(['cin-2022.xml', 'cin-2023.xml']);
    act(() => xhr.progress(50, 100));
    expect(screen.getByText('Uploading 50%')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Uploading' })).toHaveProperty('value', 50);
    act(() => xhr.progress(100, 100));
    expect(screen.getByText('Uploaded; importing…')).toBeTruthy();
    act(() => xhr.answer(200, report()));
    expect(await screen.findByRole('heading', { name: /Imported/ })).toBeTruthy();
    expect(screen.getByTestId('source-sum').textContent).toContain(
      '100 read = 60 imported + 20 merged + 15 not stored + 3 outside the pathway + 2 rejected',
    );
    expect(screen.getByTestId('events-sum').textContent).toContain(
      '40 = 38 imported + 0 already recorded + 2 not stored',
    );
    const rejected = screen.getByRole('table', { name: /Rows not imported/ });
    const rows = within(rejected).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[3]!.textContent)).toEqual([
      'ReferralSource',
      'AssessmentActualStartDate',
    ]);
    fireEvent.click(screen.getByLabelText(/Show merged rows/));
    expect(within(screen.getByRole('table', { name: /Report lines/ })).getAllByRole('row')).toHaveLength(4);
  });

  it('sends the SSDA903 tables in their own fields and asks for the episodes table first', () => {
    render(<ImportPage />);
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'ssda903' } });
    const upload = screen.getByRole('button', { name: 'Upload and import' });
    fireEvent.change(screen.getByLabelText('Header'), { target: { files: [file('header.csv')] } });
    expect(upload).toHaveProperty('disabled', true);
    expect(screen.getByText(/Choose the episodes table/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Episodes (required)'), {
      target: { files: [file('episodes.csv')] },
    });
    expect(screen.getByLabelText('Store it as recorded, flagged outside the pathway')).toHaveProperty(
      'checked',
      true,
    );
    fireEvent.click(screen.getByLabelText('Reject its row'));
    fireEvent.click(upload);
    const body = FakeXhr.last!.body!;
    expect((body.get('episodes') as File).name).toBe('episodes.csv');
    expect((body.get('header') as File).name).toBe('header.csv');
    expect(body.get('format')).toBe('ssda903');
    expect(body.get('mode')).toBe('atomic');
    expect(body.get('outsidePathway')).toBe('reject');
    expect(screen.queryByLabelText('Annex A extract date')).toBeNull();
  });

  it('an atomic refusal shows that nothing was stored, with the report', async () => {
    render(<ImportPage />);
    fireEvent.change(screen.getByLabelText('Files'), { target: { files: [file('cin.xml')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    const refused = report({ committed: false, mode: 'atomic', ingest: null });
    act(() =>
      FakeXhr.last!.answer(422, {
        type: 'about:blank',
        title: 'Unprocessable',
        status: 422,
        code: 'ingest_rejected',
        detail: '2 source element(s) were rejected; atomic mode stored nothing.',
        report: refused,
      }),
    );
    expect(await screen.findByRole('heading', { name: /Nothing was stored/ })).toBeTruthy();
    expect(screen.getByText(/Atomic mode stores nothing/)).toBeTruthy();
    expect(screen.getByRole('table', { name: /Rows not imported/ })).toBeTruthy();
    // What the files would put in the store is importable: none of it was imported.
    expect(screen.getByTestId('source-sum').textContent).toContain('100 read = 60 importable + 20 merged');
    expect(screen.getByRole('columnheader', { name: 'Importable' })).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: 'Imported' })).toBeNull();
  });

  it('a wrong file shows the server’s reason', async () => {
    render(<ImportPage />);
    fireEvent.change(screen.getByLabelText('Files'), { target: { files: [file('notes.bin')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    act(() =>
      FakeXhr.last!.answer(422, {
        title: 'Unprocessable',
        status: 422,
        code: 'unknown_format',
        detail: 'Cannot tell what notes.bin is from its name or content.',
      }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Cannot tell what notes.bin is');
  });

  it('downloads the quality report as the CSV the server wrote', async () => {
    const blobs: Blob[] = [];
    vi.stubGlobal('URL', {
      ...URL,
      createObjectURL: (b: Blob) => {
        blobs.push(b);
        return 'blob:x';
      },
      revokeObjectURL: () => undefined,
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(<ImportReport report={report()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download quality report (CSV)' }));
    expect(blobs).toHaveLength(1);
    expect(click).toHaveBeenCalledTimes(1);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]!);
    });
    expect(text).toBe(report().quality.csv);
  });
});

describe('background imports on the Import page', () => {
  it('lists the recent imports on opening the page and opens one’s report', async () => {
    const failed = job({
      id: 'job-2',
      status: 'failed',
      files: ['broken.xml'],
      counts: null,
      error: {
        title: 'The import failed.',
        detail: 'broken.xml is not readable XML',
        code: 'unreadable_file',
      },
    });
    const read = answerReads({
      [LIST]: { imports: [failed, job()] },
      '/api/imports/job-1': { ...job(), report: report() } satisfies ImportJob,
      '/api/imports/job-2': { ...failed, report: null } satisfies ImportJob,
    });
    render(<ImportPage />);
    const table = await screen.findByRole('table', { name: /Newest first/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[3]!.textContent)).toEqual(['Failed', 'Done']);
    expect(within(rows[1]!).getByText('cin-2022.xml, cin-2023.xml')).toBeTruthy();
    expect(within(rows[1]!).getByText('CIN census')).toBeTruthy();
    expect(within(rows[1]!).getByText('manager')).toBeTruthy();
    expect(within(rows[1]!).getByText('2 elements')).toBeTruthy();
    fireEvent.click(within(rows[1]!).getByRole('button', { name: /Open the import of cin-2022.xml/ }));
    expect(await screen.findByRole('heading', { name: /Imported/ })).toBeTruthy();
    expect(screen.getByTestId('source-sum').textContent).toContain('100 read = 60 imported');
    expect(read).toContain('/api/imports/job-1');
    fireEvent.click(within(rows[0]!).getByRole('button', { name: /Open the import of broken.xml/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('broken.xml is not readable XML');
    expect(screen.queryByRole('heading', { name: /Imported/ })).toBeNull();
  });

  it('queues the upload in the background, follows it while it runs, then shows the report', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout'] });
    const queued = job({ id: 'job-9', status: 'queued', counts: null });
    const read = answerReads({ [LIST]: { imports: [] } });
    render(<ImportPage />);
    expect(await screen.findByText(/No background imports yet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Files'), {
      target: { files: [file('cin-2022.xml'), file('cin-2023.xml')] },
    });
    fireEvent.click(screen.getByLabelText('Import in the background'));
    fireEvent.click(screen.getByRole('button', { name: 'Upload and queue' }));
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url]).toEqual(['POST', '/api/imports']);
    expect(xhr.body!.getAll('file')).toHaveLength(2);
    act(() => xhr.progress(100, 100));
    expect(screen.getByText('Uploaded; queueing…')).toBeTruthy();
    const running = { ...queued, status: 'running', report: null } satisfies ImportJob;
    answerReads({
      [LIST]: { imports: [queued] },
      '/api/imports/job-9': [running, { ...job({ id: 'job-9' }), report: report() } satisfies ImportJob],
    });
    act(() => xhr.answer(202, { id: 'job-9', status: 'queued', links: { self: '/api/imports/job-9' } }));
    expect(
      (await screen.findByText(/Background import of cin-2022.xml, cin-2023.xml/)).textContent,
    ).toContain('importing');
    expect(
      await screen.findByRole('button', { name: /Open the import of cin-2022.xml.*\(Queued\)/ }),
    ).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /Imported/ })).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(1500));
    expect(await screen.findByRole('heading', { name: /Imported/ })).toBeTruthy();
    expect(read[0]).toBe(LIST);
  });

  it('a canonical log imported in the background shows its rows and the rows refused', async () => {
    const log = job({
      id: 'log-1',
      kind: 'log',
      format: 'csv',
      mode: 'atomic',
      files: [],
      counts: { committed: false, events: { rows: 2, imported: 1, skipped: 0, rejected: 1 }, source: null },
    });
    answerReads({
      [LIST]: { imports: [log] },
      '/api/imports/log-1': {
        ...log,
        report: {
          ...report().ingest!,
          mode: 'atomic',
          committed: false,
          rows: 2,
          acceptedRows: 1,
          rejectedRows: 1,
          discardedRows: 0,
          rejected: [{ row: 2, code: 'unknown_stage', field: 'stage', message: 'No stage "nowhere".' }],
        },
      } satisfies ImportJob,
    });
    render(<ImportPage />);
    const row = (await screen.findAllByRole('row'))[1]!;
    expect(within(row).getByText('Event log')).toBeTruthy();
    expect(within(row).getByText('Nothing stored')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: /Open the import of Event log/ }));
    expect(await screen.findByRole('heading', { name: /Nothing was stored/ })).toBeTruthy();
    expect(screen.getByTestId('events-sum').textContent).toContain(
      'Rows: 2 = 1 imported + 0 already recorded',
    );
    const refused = screen.getByRole('table', { name: /Rows refused/ });
    expect(within(refused).getByText('No stage "nowhere".')).toBeTruthy();
  });
});

describe('following background imports through failed reads and cut-off uploads', () => {
  it('a read that fails while an import runs is shown and tried again until the report comes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout'] });
    const running = job({ status: 'running', counts: null });
    answerReads({
      [LIST]: { imports: [running] },
      '/api/imports/job-1': [
        { ...running, report: null } satisfies ImportJob,
        new TypeError('Failed to fetch'),
        { ...job(), report: report() } satisfies ImportJob,
      ],
    });
    render(<ImportPage />);
    fireEvent.click(
      await screen.findByRole('button', { name: /Open the import of cin-2022.xml.*\(Importing\)/ }),
    );
    const following = await screen.findByText(/Background import of cin-2022.xml, cin-2023.xml/);
    expect(following.textContent).toContain('importing');
    await act(() => vi.advanceTimersByTimeAsync(1500));
    // The network dropped a read: said so, what was last read kept, and the import still followed.
    expect((await screen.findByRole('alert')).textContent).toContain('The server could not be reached');
    expect(screen.getByText(/Background import of cin-2022.xml/).textContent).toContain('trying again');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(1500));
    expect(await screen.findByRole('heading', { name: /Imported/ })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('an upload cut off long ago is labelled interrupted and not read again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-12-04T11:00:00.000Z'));
    const cut = job({
      id: 'job-3',
      status: 'receiving',
      format: null,
      files: [],
      attempt: null,
      counts: null,
      createdAt: '2026-12-04T10:00:00.000Z',
      updatedAt: '2026-12-04T10:00:00.000Z',
    });
    const read = answerReads({
      [LIST]: { imports: [cut, job()] },
      '/api/imports/job-3': { ...cut, report: null } satisfies ImportJob,
    });
    render(<ImportPage />);
    const table = await screen.findByRole('table', { name: /Newest first/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[3]!.textContent)).toEqual([
      'Upload interrupted',
      'Done',
    ]);
    fireEvent.click(within(rows[0]!).getByRole('button', { name: /\(Upload interrupted\)/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('Upload interrupted.');
    expect(screen.queryByRole('status')).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(3 * 1500));
    expect(read.filter((url) => url === LIST)).toHaveLength(1);
    expect(read.filter((url) => url === '/api/imports/job-3')).toHaveLength(1);
  });

  it('an upload still coming in is followed until it goes too long without news', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-12-04T10:02:00.000Z'));
    const receiving = job({
      status: 'receiving',
      format: null,
      attempt: null,
      counts: null,
      createdAt: '2026-12-04T10:00:00.000Z',
      updatedAt: '2026-12-04T10:00:00.000Z',
    });
    const read = answerReads({ [LIST]: { imports: [receiving] } });
    render(<ImportPage />);
    expect(await screen.findByText('Receiving')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(1500));
    expect(read.filter((url) => url === LIST)).toHaveLength(2);
    // Ten minutes on, the server has still not moved it on: its upload was cut off.
    vi.setSystemTime(new Date('2026-12-04T10:12:00.000Z'));
    await act(() => vi.advanceTimersByTimeAsync(1500));
    expect(await screen.findByText('Upload interrupted')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(3 * 1500));
    expect(read.filter((url) => url === LIST)).toHaveLength(3);
  });

  it('property: an import is exactly one of under way, cut off or ended; cut off is receiving past the limit', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Date.parse('2026-12-04T12:00:00.000Z');
    vi.setSystemTime(now);
    fc.assert(
      fc.property(
        fc.constantFrom('receiving', 'queued', 'running', 'done', 'failed' as const),
        fc.integer({ min: -60_000, max: 3 * UPLOAD_STALLED_MS }),
        (status, age) => {
          const one = job({ status, updatedAt: new Date(now - age).toISOString() });
          const ended = status === 'done' || status === 'failed';
          expect([importUnderWay(one), uploadInterrupted(one), ended].filter(Boolean)).toHaveLength(1);
          expect(uploadInterrupted(one)).toBe(status === 'receiving' && age > UPLOAD_STALLED_MS);
          expect(importStatusLabel(one) === 'Upload interrupted').toBe(uploadInterrupted(one));
        },
      ),
    );
  });
});

describe('ingestFormData', () => {
  it('property: every chosen file goes in its field once; options only where they apply', () => {
    const names = fc.array(fc.stringMatching(/^[a-z]{1,8}\.(xml|csv|xlsx)$/), { maxLength: 4 });
    fc.assert(
      fc.property(
        fc.constantFrom('auto', 'cin', 'ssda903', 'annex-a', 'csv', 'ndjson' as const),
        fc.constantFrom('atomic', 'partial' as const),
        fc.constantFrom('', '2024-03-31'),
        names,
        names,
        (format, mode, extractDate, main, episodes) => {
          const files = {
            ...NO_FILES,
            file: main.map((n) => file(n)),
            episodes: episodes.map((n) => file(n)),
          };
          const form = ingestFormData({ format, mode, extractDate }, files);
          const sent = (field: string) => form.getAll(field).map((f) => (f as File).name);
          if (format === 'ssda903') {
            expect(sent('episodes')).toEqual(episodes);
            expect(sent('file')).toEqual([]);
          } else {
            expect(sent('file')).toEqual(main);
            expect(sent('episodes')).toEqual([]);
          }
          expect(form.get('format')).toBe(format === 'auto' ? null : format);
          expect(form.get('mode')).toBe(mode);
          const dated = extractDate !== '' && (format === 'annex-a' || format === 'auto');
          expect(form.get('extractDate')).toBe(dated ? extractDate : null);
        },
      ),
    );
  });
});
