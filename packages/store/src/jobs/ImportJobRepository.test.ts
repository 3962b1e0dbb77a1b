import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { ImportJobRepository } from './ImportJobRepository.ts';

// A client tells an upload still arriving from one cut off by a server's death by when it last changed.
describeEachEngine('import uploads', ({ store }) => {
  it('every stored piece of an upload moves its updatedAt on', async () => {
    const repo = new ImportJobRepository(store().db, store().write);
    const job = { mode: 'atomic' as const, pathwayId: null, by: 'admin' };
    await repo.create({ ...job, id: 'log-upload', format: 'csv' });
    await repo.create({ ...job, id: 'file-upload', format: null, files: true });
    const updated = async (id: string) => Date.parse((await repo.get(id))!.updatedAt);
    const before = [await updated('log-upload'), await updated('file-upload')];
    await new Promise((resolve) => setTimeout(resolve, 20));
    await repo.appendChunk('log-upload', 0, 'case_ref,stage,entered_at\n');
    await repo.appendFilePiece('file-upload', 0, 0, new Uint8Array([60, 63]));
    expect(await updated('log-upload')).toBeGreaterThan(before[0]!);
    expect(await updated('file-upload')).toBeGreaterThan(before[1]!);
    expect((await repo.get('log-upload'))!.status).toBe('receiving');
  });
});
