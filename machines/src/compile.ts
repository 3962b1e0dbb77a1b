import { transition, type AnyMachineSnapshot, type AnyStateMachine, type StateValue } from 'xstate';
import type { PathwayDefinition } from './schema.ts';
import { type ValidationOptions, validatePathway } from './validatePathway.ts';
import { buildMachine } from './buildMachine.ts';
import { ancestorsOf } from './effectiveMoves.ts';
import { IllegalMoveError, InvalidPathwayError } from './errors.ts';

/** No move: the value stored in the transition table where the machine refuses the event. */
export const NO_MOVE = -1;

/** A compiled pathway: the machine (the authority) and the dense table derived from it for hot paths. */
export interface CompiledPathway {
  readonly definition: PathwayDefinition;
  readonly machine: AnyStateMachine;
  /** Stage ids in definition order; a stage's position is its index in `table`. */
  readonly stages: readonly string[];
  /** Every event the machine knows, moves first, then record-only events. */
  readonly events: readonly string[];
  readonly stageIndex: ReadonlyMap<string, number>;
  readonly eventIndex: ReadonlyMap<string, number>;
  /** `table[stage * events.length + event]` is the target stage index or NO_MOVE. */
  readonly table: Int32Array;
  /** Events the machine accepts in this stage. */
  allowedEvents(stage: string): string[];
  /** Target stage of an event, or undefined when the machine refuses it. */
  next(stage: string, event: string): string | undefined;
  /** Like `next`, but throws IllegalMoveError with the allowed events. */
  move(stage: string, event: string): string;
  /** Events that lead from one stage to another (moves by target stage). */
  eventsBetween(from: string, to: string): string[];
  /** A machine snapshot resting in a stage, e.g. to restore an actor for a case. */
  snapshotAt(stage: string): AnyMachineSnapshot;
}

/**
 * Compiles a definition into its XState machine and derives the transition table by asking the
 * machine about every (stage, event) pair.
 * @example const p = compile(defaultPathway); p.next('front_door', 'accept_referral') // 'assessment'
 */
export function compile(input: unknown, options: ValidationOptions = {}): CompiledPathway {
  const result = validatePathway(input, options);
  if (!result.ok) throw new InvalidPathwayError(result.problems);
  const definition = result.definition;
  const machine = buildMachine(definition);
  const stages = definition.stages.map((s) => s.id);
  const events = [...new Set([...definition.transitions.map((t) => t.event), ...definition.recordEvents])];
  const stageIndex = new Map(stages.map((s, i) => [s, i]));
  const eventIndex = new Map(events.map((e, i) => [e, i]));
  const snapshots = stages.map((s) =>
    machine.resolveState({ value: stateValueOf(definition, s), context: machine.config.context as never }),
  );
  const table = deriveTable(machine, snapshots, events, stageIndex);

  const lookup = (stage: string, event: string): number => {
    const s = stageIndex.get(stage);
    const e = eventIndex.get(event);
    return s === undefined || e === undefined ? NO_MOVE : table[s * events.length + e]!;
  };
  const allowedEvents = (stage: string) => events.filter((e) => lookup(stage, e) !== NO_MOVE);
  return {
    definition,
    machine,
    stages,
    events,
    stageIndex,
    eventIndex,
    table,
    allowedEvents,
    next: (stage, event) => {
      const target = lookup(stage, event);
      return target === NO_MOVE ? undefined : stages[target];
    },
    move: (stage, event) => {
      const target = lookup(stage, event);
      if (target === NO_MOVE) throw new IllegalMoveError(stage, event, allowedEvents(stage));
      return stages[target]!;
    },
    eventsBetween: (from, to) => events.filter((e) => lookup(from, e) === stageIndex.get(to)),
    snapshotAt: (stage) => {
      const i = stageIndex.get(stage);
      if (i === undefined) throw new IllegalMoveError(stage, '(restore)', []);
      return snapshots[i]!;
    },
  };
}

/** The stage a machine snapshot rests in: the leaf of its state value. */
export function stageOfSnapshot(snapshot: { value: StateValue }): string {
  let value: StateValue = snapshot.value;
  while (typeof value !== 'string') value = Object.values(value)[0]!;
  return value;
}

function stateValueOf(def: PathwayDefinition, stage: string): StateValue {
  return ancestorsOf(def, stage).reduce<StateValue>((inner, group) => ({ [group]: inner }), stage);
}

function deriveTable(
  machine: AnyStateMachine,
  snapshots: AnyMachineSnapshot[],
  events: string[],
  stageIndex: Map<string, number>,
): Int32Array {
  const table = new Int32Array(snapshots.length * events.length).fill(NO_MOVE);
  snapshots.forEach((snapshot, s) => {
    events.forEach((type, e) => {
      if (!snapshot.can({ type })) return;
      const [next] = transition(machine, snapshot, { type });
      table[s * events.length + e] = stageIndex.get(stageOfSnapshot(next))!;
    });
  });
  return table;
}
