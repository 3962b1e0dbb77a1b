import { compile, defaultPathway, stageOfSnapshot, type PathwayDefinitionInput } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transition, type AnyMachineSnapshot } from 'xstate';
import { eventLogCsv, simulateEventLog, type EventLogRow } from './simulateEventLog.ts';

const byCase = (rows: EventLogRow[]) => {
  const cases = new Map<string, EventLogRow[]>();
  for (const r of rows) cases.set(r.case_ref, [...(cases.get(r.case_ref) ?? []), r]);
  return cases;
};

describe('simulateEventLog', () => {
  it('every simulated path is accepted by the XState machine itself (not the table)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 26, maxLength: 26 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (seed, weights, records) => {
          // Random routing weights over the default pathway's moves (terminal weights stay probabilities).
          const pathway: PathwayDefinitionInput = {
            ...defaultPathway,
            transitions: defaultPathway.transitions.map((t, i) =>
              t.from === 'closed'
                ? { ...t, weight: Math.min(0.9, weights[i]!) }
                : { ...t, weight: weights[i]!, weightBySource: undefined },
            ),
          };
          const compiled = compile(pathway);
          const rows = [
            ...simulateEventLog({
              pathway: compiled,
              startDate: '2022-01-01',
              years: 1,
              seed,
              arrivalsPerYear: 400,
              recordsPer31Days: records,
            }),
          ];
          expect(rows.length).toBeGreaterThan(0);
          for (const [ref, list] of byCase(rows)) {
            let snapshot: AnyMachineSnapshot | undefined;
            for (const row of list) {
              if (snapshot === undefined) {
                expect(row.event, `first row of ${ref}`).toBe('');
                expect(row.stage).toBe(compiled.definition.entry);
                snapshot = compiled.machine.resolveState({
                  value: compiled.definition.entry,
                  context: compiled.machine.config.context as never,
                });
                continue;
              }
              expect(
                snapshot.can({ type: row.event }),
                `${ref}: ${row.event} from ${stageOfSnapshot(snapshot)}`,
              ).toBe(true);
              [snapshot] = transition(compiled.machine, snapshot, { type: row.event });
              expect(stageOfSnapshot(snapshot)).toBe(row.stage);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('is deterministic, ordered per case, coded only, and starts mid-stream after a warm-up', () => {
    const opts = { pathway: defaultPathway, startDate: '2021-01-01', years: 1, seed: 42, warmupYears: 1 };
    const a = [...simulateEventLog(opts)];
    const b = [...simulateEventLog(opts)];
    expect(a).toEqual(b);
    expect(a.every((r) => r.entered_at >= '2021-01-01')).toBe(true);
    const firstRows = [...byCase(a).values()].map((l) => l[0]!);
    // Cases open during warm-up appear in their current stage with a blank event.
    expect(firstRows.some((r) => r.stage !== 'front_door' && r.event === '')).toBe(true);
    for (const list of byCase(a).values())
      for (let i = 1; i < list.length; i++) expect(list[i]!.entered_at >= list[i - 1]!.entered_at).toBe(true);
    expect(new Set(a.map((r) => r.event_id)).size).toBe(a.length);
    expect(Object.keys(a[0]!)).toEqual([
      'case_ref',
      'stage',
      'entered_at',
      'event',
      'event_id',
      'age_band',
      'sex',
      'primary_need',
      'referral_source',
    ]);
    const [header, first] = [...eventLogCsv(a.slice(0, 1))];
    expect(header).toBe(
      'case_ref,stage,entered_at,event,event_id,age_band,sex,primary_need,referral_source\n',
    );
    expect(first!.split(',')).toHaveLength(9);
  });

  it('produces about the configured number of arrivals', () => {
    const rows = [
      ...simulateEventLog({
        pathway: defaultPathway,
        startDate: '2020-01-01',
        years: 2,
        seed: 3,
        arrivalsPerYear: 1600,
      }),
    ];
    const newCases = rows.filter((r) => r.event === '' && r.stage === 'front_door').length;
    // Poisson: 3,200 expected, s.d. ~57.
    expect(newCases).toBeGreaterThan(3200 - 4 * 57);
    expect(newCases).toBeLessThan(3200 + 4 * 57);
  });
});
