import type { Node, NodeProps } from '@xyflow/react';
import { SideHandles } from '../canvas/SideHandles.tsx';
import type { DurationModel, PathwayProblem } from '@continuum/machines';
import type { DraftStage } from './draftModel.ts';

/** What a stage node shows: the stage, whether it is the entry, and its validation problems. */
export interface StageNodeData extends Record<string, unknown> {
  stage: DraftStage;
  isEntry: boolean;
  problems: PathwayProblem[];
  /** In a version comparison: how this stage differs from the earlier version. */
  change?: 'added' | 'changed' | 'removed';
}
/** A stage node of the designer canvas. */
export type StageFlowNode = Node<StageNodeData, 'stage'>;

const durationText = (stage: DraftStage): string | null => {
  const d = stage.duration as DurationModel | undefined;
  if (!d) return null;
  switch (d.type) {
    case 'exponential':
      return `mean ${d.meanDays} d`;
    case 'lognormal':
      return `median ${d.medianDays} d`;
    case 'gamma':
      return `mean ${Math.round(d.shape * d.scaleDays)} d`;
    case 'empirical':
      return `${d.quantiles.length} quantiles`;
  }
};

const unitText = { working_days: 'working days', days: 'days', months: 'months' } as const;

/** Draws a stage with its timescale and capacity, and a red count badge when validation found problems. */
export function StageNode({ data, selected }: NodeProps<StageFlowNode>) {
  const { stage, isEntry, problems, change } = data;
  const classes = ['stage-node'];
  if (selected) classes.push('selected');
  if (stage.terminal) classes.push('terminal');
  if (isEntry) classes.push('entry');
  if (problems.length) classes.push('has-problem');
  if (change) classes.push(`change-${change}`);
  const duration = durationText(stage);
  return (
    <div
      className={classes.join(' ')}
      data-testid={`stage-${stage.id}`}
      title={problems.map((p) => p.message).join('\n') || undefined}
    >
      <SideHandles />
      {problems.length > 0 && (
        <span
          className="badge"
          role="img"
          aria-label={`${problems.length} problem${problems.length > 1 ? 's' : ''}`}
        >
          {problems.length}
        </span>
      )}
      {change && (
        <span className="change-badge" data-testid="change-badge">
          {change}
        </span>
      )}
      <div className="title">{stage.label}</div>
      <div className="meta">
        {stage.id}
        {isEntry && ' · entry'}
        {stage.terminal && ' · terminal'}
      </div>
      {stage.timescale && (
        <div className="meta">
          timescale {stage.timescale.value} {unitText[stage.timescale.unit]}
        </div>
      )}
      {(stage.capacity !== undefined || duration) && (
        <div className="meta">
          {stage.capacity !== undefined && `capacity ${stage.capacity}`}
          {stage.capacity !== undefined && duration && ' · '}
          {duration}
        </div>
      )}
    </div>
  );
}
