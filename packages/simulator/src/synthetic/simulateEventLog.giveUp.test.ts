import { compile, stageOfSnapshot, type PathwayDefinitionInput } from '@continuum/machines';
import { unlimitedDefaultPathway } from '../testing/testPathways.ts';
import { describe, expect, it } from 'vitest';
import { transition, type AnyMachineSnapshot } from 'xstate';
import { type EventLogRow, simulateEventLog } from './simulateEventLog.ts';

/** The demo pathway with a small early help service whose waiting cases re-present at the front door. */
function withGiveUps(rule: boolean): PathwayDefinitionInput {
  return {
    ...unlimitedDefaultPathway,
    stages: unlimitedDefaultPathway.stages.map((s) =>
      s.id === 'early_help'
        ? {
            ...s,
            staffing: { workers: 4, casesPerWorker: 10 },
            ...(rule
              ? { whenFull: { patience: { type: 'gamma', shape: 2, scaleDays: 10 }, to: 'front_door' } }
              : {}),
          }
        : s,
    ),
  } as PathwayDefinitionInput;
}

const log = (rule: boolean) => [
  ...simulateEventLog({ pathway: compile(withGiveUps(rule)), startDate: '2022-01-01', years: 1, seed: 5 }),
];

describe('simulateEventLog with cases giving up', () => {
  it('a case that gives up moves by a move the XState machine accepts, and such moves happen', () => {
    const compiled = compile(withGiveUps(true));
    const rows = log(true);
    const cases = new Map<string, EventLogRow[]>();
    for (const r of rows) cases.set(r.case_ref, [...(cases.get(r.case_ref) ?? []), r]);
    for (const [ref, list] of cases) {
      let snapshot: AnyMachineSnapshot | undefined;
      for (const row of list) {
        if (snapshot === undefined) {
          snapshot = compiled.machine.resolveState({
            value: row.stage,
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
    // early help holds 40: with the rule, many more cases step back up to the front door
    const stepUps = (list: EventLogRow[]) => list.filter((r) => r.event === 'step_up').length;
    expect(stepUps(rows)).toBeGreaterThan(2 * stepUps(log(false)));
  });
});
