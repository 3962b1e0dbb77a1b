import { type CompiledPathway, effectiveMoves } from '@continuum/machines';
import { StoreError } from '../errors.ts';
import { unknownNameError } from './unknownNameError.ts';

// Per pathway: `event\0stage` for every move of the pathway, by the stage it leads into.
const leadsInto = new WeakMap<CompiledPathway, Set<string>>();

/**
 * Checks the event named on a new case's first row. The case opens at the row's stage (its first
 * event has no stage to come from, so it is stored as an opening), but what the source says is
 * still checked, never dropped unread: a name the pathway does not know is refused (as personal
 * data when it looks like it), and so is an event that no move of the pathway takes into that stage.
 */
export function checkOpeningEvent(pathway: CompiledPathway, event: string, stage: string): void {
  if (!pathway.eventIndex.has(event))
    throw unknownNameError('unknown_event', 'event', event, 'is not an event of the pathway.');
  let into = leadsInto.get(pathway);
  if (!into) {
    into = new Set();
    for (const list of effectiveMoves(pathway.definition).values())
      for (const m of list) into.add(`${m.event}\u0000${m.to}`);
    leadsInto.set(pathway, into);
  }
  if (!into.has(`${event}\u0000${stage}`))
    throw new StoreError(
      'illegal_move',
      `The case's first row opens it at ${stage}, and ${event} leads to no such stage; leave event blank on an opening row, or name an event that leads there.`,
      'event',
    );
}
