import { defaultPathway, validatePathway } from '@continuum/machines';
import { describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, waitFor } from 'xstate';
import { ApiError } from '../api/ApiError.ts';
import { designerFlow } from './designerFlow.ts';
import { addStage, type Draft } from './draftModel.ts';

// The flow with the real validation rules standing in for the server (the API calls validatePathway).
const flowWith = (publish = vi.fn(async (_draft: Draft) => ({ version: 2 }))) => {
  const save = vi.fn(async (_draft: Draft) => undefined);
  const actor = createActor(
    designerFlow.provide({
      actors: {
        validate: fromPromise(async ({ input }) => ({ problems: validatePathway(input.draft).problems })),
        save: fromPromise(async ({ input }) => save(input.draft)),
        publish: fromPromise(async ({ input }) => publish(input.draft)),
      },
      delays: { settle: 5 },
    }),
    { input: { draft: structuredClone(defaultPathway) as Draft } },
  ).start();
  return { actor, save, publish };
};

describe('designerFlow', () => {
  it('validates the draft, blocks publishing while there are problems, and publishes once fixed', async () => {
    const { actor, publish } = flowWith();
    await waitFor(actor, (s) => s.matches('ready'));
    expect(actor.getSnapshot().context.problems).toEqual([]);
    const broken = addStage(structuredClone(defaultPathway) as Draft).draft;
    actor.send({ type: 'EDIT', draft: broken });
    expect(actor.getSnapshot().matches('waiting')).toBe(true);
    await waitFor(actor, (s) => s.matches('ready'));
    const codes = actor.getSnapshot().context.problems.map((p) => p.code);
    expect(codes).toContain('unreachable_stage');
    expect(actor.getSnapshot().can({ type: 'PUBLISH' })).toBe(false);
    actor.send({ type: 'PUBLISH' });
    expect(publish).not.toHaveBeenCalled();
    actor.send({ type: 'EDIT', draft: structuredClone(defaultPathway) as Draft });
    await waitFor(actor, (s) => s.matches('ready'));
    actor.send({ type: 'PUBLISH' });
    await waitFor(actor, (s) => s.matches('published'));
    expect(publish).toHaveBeenCalledOnce();
    expect(actor.getSnapshot().context.publishedVersion).toBe(2);
    expect(actor.getSnapshot().context.dirty).toBe(false);
  });

  it('puts the problems of a refused publish (422) back on the canvas', async () => {
    const problem = { path: ['stages', 0], code: 'unreachable_stage', message: 'Stage cannot be reached.' };
    const refuse = vi.fn(async (_draft: Draft): Promise<{ version: number }> => {
      throw new ApiError(422, 'The pathway is not valid', undefined, 'invalid_pathway', {
        problems: [problem],
      });
    });
    const { actor } = flowWith(refuse);
    await waitFor(actor, (s) => s.matches('ready'));
    actor.send({ type: 'PUBLISH' });
    await waitFor(actor, (s) => s.matches('ready') && s.context.error !== null);
    expect(actor.getSnapshot().context.problems).toEqual([problem]);
    expect(actor.getSnapshot().can({ type: 'PUBLISH' })).toBe(false);
  });

  it('saves drafts, and re-validates an edit made while saving', async () => {
    const { actor, save } = flowWith();
    await waitFor(actor, (s) => s.matches('ready'));
    actor.send({ type: 'SAVE' });
    const edited = { ...(structuredClone(defaultPathway) as Draft), name: 'Renamed' };
    actor.send({ type: 'EDIT', draft: edited });
    await waitFor(actor, (s) => s.matches('ready') && s.context.checked);
    expect(save).toHaveBeenCalledOnce();
    expect(actor.getSnapshot().context.draft.name).toBe('Renamed');
    expect(actor.getSnapshot().context.dirty).toBe(true);
  });
});
