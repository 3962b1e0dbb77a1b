import { defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { pseudonymise } from '../anonymise/pseudonymise.ts';
import { ingestEvents } from '../ingest/ingestEvents.ts';
import { storedPositions } from './storedPositions.ts';

const key = Buffer.alloc(32, 7);

// Issue 13/14 follow-up: children already stored are looked up in batches (chunks of refs per
// query), not one query per child, when a later extract continues them.
describeEachEngine('batch lookup of stored children', ({ store }) => {
  const children = Array.from({ length: 23 }, (_, i) => `C${i}`);

  it('stores a few children to look up', async () => {
    await store().pathways.publish(defaultPathway, 'test');
    async function* rows() {
      let line = 0;
      for (const [i, c] of children.entries()) {
        yield { line: ++line, values: { case_ref: c, stage: 'front_door', entered_at: '2024-01-02' } };
        if (i % 2 === 0)
          yield {
            line: ++line,
            values: {
              case_ref: c,
              stage: 'assessment',
              entered_at: `2024-02-${String(10 + (i % 9)).padStart(2, '0')}`,
              event: 'accept_referral',
            },
          };
      }
    }
    const report = await ingestEvents(store(), rows(), { mode: 'atomic', hmacKey: key });
    expect(report.acceptedRows).toBe(children.length + Math.ceil(children.length / 2));
  });

  it('getManyByRef answers as getByRef does, for any refs, any chunk size, repeats and unknowns', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...children), fc.constantFrom('UNKNOWN', 'X1')), { maxLength: 40 }),
        fc.integer({ min: 1, max: 30 }),
        async (ids, chunk) => {
          const refs = ids.map((id) => pseudonymise(key, id));
          const many = await store().cases.getManyByRef(refs, chunk);
          const one = new Map();
          for (const ref of refs) {
            const c = await store().cases.getByRef(ref);
            if (c) one.set(ref, c);
          }
          expect(many).toEqual(one);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('storedPositions gives each known child its stage and last date, by raw id', async () => {
    const positions = await storedPositions(store(), key)([...children, 'NEVER_STORED']);
    expect(positions.size).toBe(children.length);
    expect(positions.get('C0')).toEqual({ stage: 'assessment', lastDate: '2024-02-10' });
    expect(positions.get('C1')).toEqual({ stage: 'front_door', lastDate: '2024-01-02' });
    expect(positions.get('C4')).toEqual({ stage: 'assessment', lastDate: '2024-02-14' });
    expect(positions.has('NEVER_STORED')).toBe(false);
    expect((await storedPositions(store(), key)([])).size).toBe(0);
  });
});
