import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from './canonicalEvent.ts';
import { eventRows } from './eventRows.ts';

const rows = async (events: CanonicalEvent[], prefix: string) => {
  const out = [];
  for await (const r of eventRows(events, prefix)) out.push(r);
  return out;
};

describe("eventRows (the importers' events as ingest rows, shared by CLI and API)", () => {
  const events: CanonicalEvent[] = [
    {
      case_ref: 'A',
      stage: 'front_door',
      entered_at: '2024-01-02',
      event: '',
      attributes: { age_band: '5_9' },
    },
    { case_ref: 'A', stage: 'assessment', entered_at: '2024-01-02', event: 'accept_referral' },
    { case_ref: 'A', stage: 'assessment', entered_at: '2024-01-02', event: '' },
    { case_ref: 'B', stage: 'front_door', entered_at: '2024-01-02', event: '' },
  ];

  it('numbers lines, keeps attributes and gives deterministic ids counting same-day same-stage events per child', async () => {
    const out = await rows(events, 'cin');
    const day = Date.parse('2024-01-02') / 86_400_000;
    expect(out.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(out.map((r) => r.values.event_id)).toEqual([
      `cin:d${day}:front_door:1`,
      `cin:d${day}:assessment:1`,
      `cin:d${day}:assessment:2`,
      `cin:d${day}:front_door:1`,
    ]);
    expect(out[0]!.values).toMatchObject({
      case_ref: 'A',
      stage: 'front_door',
      entered_at: '2024-01-02',
      age_band: '5_9',
    });
    expect(await rows(events, 'cin')).toEqual(out); // the same file again: the same ids
  });

  it('never puts a date in an id (the PII check would take it for a date of birth)', async () => {
    for (const r of await rows(events, 'ssda903')) expect(r.values.event_id).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
