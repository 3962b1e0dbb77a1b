import type { PathwayDefinitionInput, TransitionKind } from '@continuum/machines';

/** The pathway being edited, as written (defaults not applied), exactly what the API validates. */
export type Draft = PathwayDefinitionInput;
/** A stage as written in a draft. */
export type DraftStage = Draft['stages'][number];
/** A transition as written in a draft. */
export type DraftTransition = Draft['transitions'][number];

/** The KPI tags the analytics know, offered as checkboxes rather than free text. */
export const stageKpiTags = ['cin_plan', 'cp_plan', 'looked_after', 'care_leaver', 'early_help'] as const;
/** Transition KPI tags the analytics count (referrals, plan starts and ends). */
export const transitionKpiTags = [
  'referral',
  's47_start',
  'cp_plan_start',
  'cp_plan_end',
  'cla_start',
  'cla_end',
  'early_help_start',
] as const;
/** Every kind of move, in the order the side panel lists them. */
export const transitionKinds: TransitionKind[] = ['progress', 'step-up', 'step-down', 'close', 're-referral'];
/** Names of the four continuum levels (DOMAIN.md). */
export const levelNames: Record<number, string> = {
  1: 'Universal',
  2: 'Additional / early help',
  3: 'Complex / targeted',
  4: 'Acute / specialist',
};

const levelOf = (draft: Draft, id: string): number | undefined => {
  const stage = draft.stages.find((s) => s.id === id);
  if (stage) return stage.level;
  const members = draft.stages.filter((s) => s.group === id);
  return members.length ? Math.min(...members.map((s) => s.level)) : undefined;
};

/** Guesses a new move's kind from the levels it joins, so step-up and step-down are right by default. */
export function inferKind(draft: Draft, from: string, to: string): TransitionKind {
  const target = draft.stages.find((s) => s.id === to);
  if (target?.terminal) return 'close';
  if (draft.stages.find((s) => s.id === from)?.terminal) return 're-referral';
  const a = levelOf(draft, from);
  const b = levelOf(draft, to);
  if (a !== undefined && b !== undefined && b > a) return 'step-up';
  if (a !== undefined && b !== undefined && b < a) return 'step-down';
  return 'progress';
}

const uniqueId = (taken: Set<string>, base: string): string => {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
};

const allIds = (draft: Draft) =>
  new Set([...draft.stages.map((s) => s.id), ...(draft.groups ?? []).map((g) => g.id)]);

/** Adds a stage at a level with a fresh id; it starts unconnected, which validation will point out. */
export function addStage(draft: Draft, level = 3): { draft: Draft; id: string } {
  const id = uniqueId(allIds(draft), 'new_stage');
  const stage: DraftStage = { id, label: 'New stage', level, kpiTags: [] };
  return { draft: { ...draft, stages: [...draft.stages, stage] }, id };
}

/** Removes a stage and every move into or out of it. */
export function removeStage(draft: Draft, id: string): Draft {
  return {
    ...draft,
    stages: draft.stages.filter((s) => s.id !== id),
    transitions: draft.transitions.filter((t) => t.from !== id && t.to !== id),
  };
}

/** Replaces a stage's fields; a changed id is carried into moves, group references and the entry. */
export function updateStage(draft: Draft, id: string, next: DraftStage): Draft {
  const renamed = next.id !== id;
  const swap = (x: string) => (renamed && x === id ? next.id : x);
  return {
    ...draft,
    entry: swap(draft.entry),
    stages: draft.stages.map((s) => (s.id === id ? next : s)),
    transitions: renamed
      ? draft.transitions.map((t) => ({ ...t, from: swap(t.from), to: swap(t.to) }))
      : draft.transitions,
  };
}

/** Adds a move between two stages (or from a group) with an unused event name and an inferred kind. */
export function connect(draft: Draft, from: string, to: string): { draft: Draft; index: number } {
  const taken = new Set(draft.transitions.filter((t) => t.from === from).map((t) => t.event));
  const event = uniqueId(taken, `to_${to}`);
  const transition: DraftTransition = {
    from,
    to,
    event,
    kind: inferKind(draft, from, to),
    weight: 1,
    kpiTags: [],
  };
  return {
    draft: { ...draft, transitions: [...draft.transitions, transition] },
    index: draft.transitions.length,
  };
}

/** Replaces the move at an index. */
export function updateTransition(draft: Draft, index: number, next: DraftTransition): Draft {
  return { ...draft, transitions: draft.transitions.map((t, i) => (i === index ? next : t)) };
}

/** Removes the move at an index. */
export function removeTransition(draft: Draft, index: number): Draft {
  return { ...draft, transitions: draft.transitions.filter((_, i) => i !== index) };
}
