import type { Node, NodeProps } from '@xyflow/react';
import { SideHandles } from '../canvas/SideHandles.tsx';
import type { StageFigures } from '@continuum/contracts';
import { delayLevel, delayWords } from './delayClass.ts';
import { figureText, SUPPRESSION_HINT } from './suppressedFigure.ts';

/** What a map node shows: the stage's figures for the period (undefined when nothing happened). */
export interface MapStageData extends Record<string, unknown> {
  id: string;
  label: string;
  figures: StageFigures | undefined;
  /** A terminal stage's "open" cases are the closed ones. */
  terminal?: boolean;
}
/** A stage node of the live process map. */
export type MapStageFlowNode = Node<MapStageData, 'mapStage'>;

/** Draws a stage's open cases, entries, median / p90 days and timescale status, coloured by delay. */
export function MapStageNode({ data, selected }: NodeProps<MapStageFlowNode>) {
  const f = data.figures;
  const level = f ? delayLevel(f) : 'none';
  return (
    <div
      className={`map-node delay-${level}${selected ? ' selected' : ''}`}
      data-testid={`map-stage-${data.id}`}
      title={f?.suppressed ? `${delayWords[level]}. ${SUPPRESSION_HINT}` : delayWords[level]}
    >
      <SideHandles connectable={false} />
      <div className="title">{data.label}</div>
      <dl>
        <dt>{data.terminal ? 'Closed now' : 'Open now'}</dt>
        <dd data-testid="open">{f ? figureText(f, 'openAsOf', f.openAsOf) : '0'}</dd>
        <dt>Entered</dt>
        <dd data-testid="entries">{f ? figureText(f, 'entries', f.entries) : '0'}</dd>
        <dt>Days median/p90</dt>
        <dd data-testid="days">
          {figureText(f, 'timeInStage.median', f?.timeInStage.median)} /{' '}
          {figureText(f, 'timeInStage.p90', f?.timeInStage.p90)}
        </dd>
        {f?.timescale && (
          <>
            <dt>
              Within {f.timescale.value}{' '}
              {f.timescale.unit === 'working_days' ? 'work days' : f.timescale.unit}
            </dt>
            <dd data-testid="within">
              {figureText(f, 'timescale.percentWithin', f.timescale.percentWithin, (v) => `${v}%`)}
            </dd>
            <dt>Overdue now</dt>
            <dd data-testid="overdue">{figureText(f, 'timescale.openOverdue', f.timescale.openOverdue)}</dd>
          </>
        )}
      </dl>
      {level !== 'none' && level !== 'empty' && <div className="meta">{delayWords[level]}</div>}
    </div>
  );
}
