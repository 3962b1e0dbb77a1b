import { describe, expect, it } from 'vitest';
import type { CaseTrace } from '../caseTrace.ts';
import { groupByCase } from '../caseTrace.ts';
import { writeXes } from './writeXes.ts';
import { xesStructureProblems } from './xesStructure.fixture.ts';
import { xesValidator } from './xmllint.fixture.ts';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const traces: CaseTrace[] = [
  {
    ref: 'a1b2',
    attributes: { age_band: '5_9', sex: 'female', primary_need: null },
    events: [
      { seq: 1, occurredAt: day('2024-01-02'), event: null, fromStage: null, toStage: 'front_door' },
      {
        seq: 2,
        occurredAt: day('2024-01-02'),
        event: 'accept_referral',
        fromStage: 'front_door',
        toStage: 'assessment',
      },
      {
        seq: 3,
        occurredAt: day('2024-01-20'),
        event: 'management_oversight',
        fromStage: 'assessment',
        toStage: 'assessment',
      },
      {
        seq: 4,
        occurredAt: day('2024-02-10'),
        event: 'close_case',
        fromStage: 'assessment',
        toStage: 'closed',
      },
    ],
  },
  {
    ref: 'q"<&>',
    events: [{ seq: 1, occurredAt: day('2024-03-01'), event: null, fromStage: null, toStage: 'early_help' }],
  },
];

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

describe('writeXes', () => {
  it('writes start/complete lifecycle events with a same-day sequence', async () => {
    const xml = await text(writeXes(traces));
    const first = xml.split('<trace>')[1]!;
    const events = [
      ...first.matchAll(
        /concept:name" value="([^"]+)"\/>\s*<string key="lifecycle:transition" value="(\w+)"\/>\s*<date key="time:timestamp" value="([^"]+)"\/>\s*<int key="sequence" value="(\d+)"/g,
      ),
    ].map((m) => [m[1], m[2], m[3]!.slice(0, 10), Number(m[4])]);
    expect(events).toEqual([
      ['front_door', 'start', '2024-01-02', 1],
      ['front_door', 'complete', '2024-01-02', 2],
      ['assessment', 'start', '2024-01-02', 3],
      ['management_oversight', 'complete', '2024-01-20', 4],
      ['assessment', 'complete', '2024-02-10', 5],
      ['closed', 'start', '2024-02-10', 6],
    ]);
    expect(first).toContain('<string key="age_band" value="5_9"/>');
    expect(first).not.toContain('primary_need');
    expect(xml).toContain('value="q&quot;&lt;&amp;&gt;"');
    expect(xml.match(/<trace>/g)).toHaveLength(2);
  });

  it('has the XES structure, with typed values (the project’s own check: no external schema needed)', async () => {
    const xml = await text(writeXes(traces));
    expect(xesStructureProblems(xml)).toEqual([]);
    // The check can fail: misplaced elements, a bad date, a missing key and broken XML are all found.
    expect(xesStructureProblems(xml.replace('<trace>', '<trace><bogus/>'))).toEqual([
      '<trace> contains <bogus>',
    ]);
    expect(xesStructureProblems(xml.replace('2024-01-02T00:00:00.000Z', '02/01/2024'))[0]).toMatch(
      /"02\/01\/2024" is not an xs:dateTime/,
    );
    expect(xesStructureProblems(xml.replace('<int key="sequence"', '<int'))[0]).toMatch(/has no key/);
    expect(xesStructureProblems(xml.replace('</log>', ''))[0]).toMatch(/^not well-formed XML/);
    expect(
      xesStructureProblems(
        xml.replace(/(<classifier[^>]*\/>)/, '$1<extension name="x" prefix="x" uri="u"/>'),
      ),
    ).toEqual(['<log>: <extension> comes after <classifier>']);
  });

  it('is valid against the IEEE 1849-2016 schema (xmllint)', async (ctx) => {
    const validateXes = xesValidator('XES schema validation');
    if (!validateXes) return ctx.skip('xmllint or the shared XES schema is missing');
    const valid = validateXes(await text(writeXes(traces)));
    expect(valid.output).toContain('validates');
    expect(valid.ok).toBe(true);
    // The check can fail: a document with a misplaced element is refused.
    const broken = validateXes((await text(writeXes(traces))).replace('<trace>', '<trace><bogus/>'));
    expect(broken.ok).toBe(false);
  });

  it('groups an id-ordered event stream into traces in sequence order', async () => {
    const stored = [
      [
        { caseId: 2, ref: 'b', seq: 1, occurredAt: 5, event: null, fromStage: null, toStage: 'front_door' },
        { caseId: 1, ref: 'a', seq: 1, occurredAt: 1, event: null, fromStage: null, toStage: 'early_help' },
      ],
      [
        {
          caseId: 2,
          ref: 'b',
          seq: 2,
          occurredAt: 6,
          event: 'no_further_action',
          fromStage: 'front_door',
          toStage: 'closed',
        },
      ],
    ];
    const grouped = [];
    for await (const t of groupByCase(stored)) grouped.push([t.ref, t.events.map((e) => e.toStage)]);
    expect(grouped).toEqual([
      ['b', ['front_door', 'closed']],
      ['a', ['early_help']],
    ]);
  });
});
