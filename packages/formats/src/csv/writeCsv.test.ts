import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalCsv } from './canonicalCsv.ts';
import { writeCsv } from './writeCsv.ts';

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

describe('writeCsv', () => {
  it('round-trips any text through csv-parse', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 20 }), async (pairs) => {
        const safe = pairs.map(([a, b]) => [a.replace(/^[=+\-@]/, 'x'), b.replace(/^[=+\-@]/, 'x')]);
        const csv = await text(
          writeCsv(
            ['a', 'b'],
            safe.map(([a, b]) => ({ a, b })),
            3,
          ),
        );
        const back = parse(csv, { columns: true, relax_quotes: false }) as { a: string; b: string }[];
        expect(back.map((r) => [r.a, r.b])).toEqual(safe);
      }),
    );
  });

  it('guards spreadsheet formulas but not negative numbers', async () => {
    const csv = await text(writeCsv(['v'], [{ v: '=HYPERLINK("x")' }, { v: -3 }, { v: '-2.5' }]));
    expect(csv).toBe('v\r\n"\'=HYPERLINK(""x"")"\r\n-3\r\n-2.5\r\n');
  });
});

describe('canonicalCsv', () => {
  it('writes the canonical header, ISO times and attributes on the opening row only', async () => {
    const csv = await text(
      canonicalCsv([
        [
          {
            caseId: 1,
            ref: 'abc',
            seq: 1,
            occurredAt: Date.parse('2024-01-02T00:00:00Z'),
            event: null,
            fromStage: null,
            toStage: 'front_door',
            attributes: { age_band: '1_4', sex: null },
          },
          {
            caseId: 1,
            ref: 'abc',
            seq: 2,
            occurredAt: Date.parse('2024-01-03T09:30:00Z'),
            event: 'accept_referral',
            fromStage: 'front_door',
            toStage: 'assessment',
            clientEventId: 'e-2',
            attributes: { age_band: '1_4', sex: null },
          },
        ],
      ]),
    );
    expect(csv.split('\r\n')).toEqual([
      'case_ref,stage,entered_at,event,event_id,age_band,sex,primary_need,abuse_category,legal_status,placement_type,referral_source,closure_reason,activity',
      'abc,front_door,2024-01-02T00:00:00.000Z,,,1_4,,,,,,,,',
      'abc,assessment,2024-01-03T09:30:00.000Z,accept_referral,e-2,,,,,,,,,',
      '',
    ]);
  });
});
