import type { PathwayProblem } from '@continuum/machines';
import { assign, fromPromise, setup } from 'xstate';
import type { Draft } from './draftModel.ts';
import { problemsOf } from '../api/pathways.ts';

/** What the draft -> validate -> publish flow knows. */
export interface DesignerFlowContext {
  draft: Draft;
  problems: PathwayProblem[];
  /** True once the server has validated the current draft. */
  checked: boolean;
  /** True when the draft changed since it was last saved or published. */
  dirty: boolean;
  /** Edited while a save or publish was in flight: validate again afterwards. */
  stale: boolean;
  error: unknown;
  publishedVersion: number | null;
}

/** Events the designer sends to the flow. */
export type DesignerFlowEvent = { type: 'EDIT'; draft: Draft } | { type: 'SAVE' } | { type: 'PUBLISH' };

/**
 * The draft -> validate -> publish flow. Edits are validated by the server after a short pause;
 * publishing is only possible from `ready` when the server found no problems, and a 422 from
 * publish puts its problems back on the canvas. Side effects are injected actors (`provide`).
 */
export const designerFlow = setup({
  types: {
    context: {} as DesignerFlowContext,
    events: {} as DesignerFlowEvent,
    input: {} as { draft: Draft },
  },
  actors: {
    validate: fromPromise<{ problems: PathwayProblem[] }, { draft: Draft }>(async () => {
      throw new Error('validate actor not provided');
    }),
    save: fromPromise<void, { draft: Draft }>(async () => {
      throw new Error('save actor not provided');
    }),
    publish: fromPromise<{ version: number }, { draft: Draft }>(async () => {
      throw new Error('publish actor not provided');
    }),
  },
  guards: {
    publishable: ({ context }) => context.checked && context.problems.length === 0,
    stale: ({ context }) => context.stale,
  },
  delays: { settle: 350 },
}).createMachine({
  id: 'designerFlow',
  context: ({ input }) => ({
    draft: input.draft,
    problems: [],
    checked: false,
    dirty: false,
    stale: false,
    error: null,
    publishedVersion: null,
  }),
  initial: 'validating',
  on: {
    EDIT: {
      target: '.waiting',
      reenter: true,
      actions: assign({ draft: ({ event }) => event.draft, dirty: true, checked: false }),
    },
  },
  states: {
    waiting: { after: { settle: 'validating' } },
    validating: {
      entry: assign({ stale: false }),
      invoke: {
        src: 'validate',
        input: ({ context }) => ({ draft: context.draft }),
        onDone: {
          target: 'ready',
          actions: assign({ problems: ({ event }) => event.output.problems, checked: true, error: null }),
        },
        onError: { target: 'ready', actions: assign({ error: ({ event }) => event.error }) },
      },
    },
    ready: {
      always: { guard: 'stale', target: 'validating' },
      on: { SAVE: 'saving', PUBLISH: { target: 'publishing', guard: 'publishable' } },
    },
    saving: {
      on: {
        EDIT: {
          actions: assign({ draft: ({ event }) => event.draft, dirty: true, stale: true, checked: false }),
        },
      },
      invoke: {
        src: 'save',
        input: ({ context }) => ({ draft: context.draft }),
        onDone: {
          target: 'ready',
          actions: assign({ dirty: ({ context }) => context.stale, error: null }),
        },
        onError: { target: 'ready', actions: assign({ error: ({ event }) => event.error }) },
      },
    },
    publishing: {
      on: {
        EDIT: {
          actions: assign({ draft: ({ event }) => event.draft, dirty: true, stale: true, checked: false }),
        },
      },
      invoke: {
        src: 'publish',
        input: ({ context }) => ({ draft: context.draft }),
        onDone: {
          target: 'published',
          actions: assign({
            publishedVersion: ({ event }) => event.output.version,
            dirty: false,
            error: null,
          }),
        },
        onError: {
          target: 'ready',
          actions: assign({
            error: ({ event }) => event.error,
            problems: ({ event, context }) => problemsOf(event.error) ?? context.problems,
          }),
        },
      },
    },
    published: {
      always: { guard: 'stale', target: 'validating' },
      on: { SAVE: 'saving' },
    },
  },
});
