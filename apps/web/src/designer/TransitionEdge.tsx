import {
  BaseEdge,
  type Edge,
  EdgeLabelRenderer,
  type EdgeProps,
  getBezierPath,
  MarkerType,
} from '@xyflow/react';
import type { PathwayProblem } from '@continuum/machines';
import type { DraftTransition } from './draftModel.ts';
import { kindStyles } from '../canvas/kindStyles.ts';

/** What a transition edge shows: the move, its index in the draft and its validation problems. */
export interface TransitionEdgeData extends Record<string, unknown> {
  transition: DraftTransition;
  index: number;
  problems: PathwayProblem[];
  onSelect?: (index: number) => void;
}
/** A transition edge of the designer canvas. */
export type TransitionFlowEdge = Edge<TransitionEdgeData, 'transition'>;

/** The arrowhead for a kind of move, in the kind's colour. */
export const markerFor = (kind: DraftTransition['kind']) => ({
  type: MarkerType.ArrowClosed,
  color: kindStyles[kind].stroke,
  width: 18,
  height: 18,
});

/** The label of a move: a worded kind marker, the event name and a problem count. */
export function TransitionLabel({
  transition,
  problems,
  selected,
  onClick,
}: {
  transition: DraftTransition;
  problems: PathwayProblem[];
  selected?: boolean;
  onClick?: () => void;
}) {
  const style = kindStyles[transition.kind];
  const classes = ['edge-label', transition.kind];
  if (problems.length) classes.push('has-problem');
  if (selected) classes.push('selected');
  return (
    <button
      type="button"
      className={classes.join(' ')}
      onClick={onClick}
      title={problems.map((p) => p.message).join('\n') || `${transition.from} → ${transition.to}`}
      aria-label={`Move ${transition.event} (${transition.kind}) from ${transition.from} to ${transition.to}${problems.length ? `, ${problems.length} problem(s)` : ''}`}
    >
      {problems.length > 0 && '⚠ '}
      {style.marker} {transition.event}
    </button>
  );
}

/** Draws a move as a curve styled by kind, with its label at the middle. */
export function TransitionEdge(props: EdgeProps<TransitionFlowEdge>) {
  const { data, markerEnd, selected } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  if (!data) return null;
  const style = kindStyles[data.transition.kind];
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={markerEnd}
        style={{
          stroke: data.problems.length ? '#b3261e' : style.stroke,
          strokeWidth: selected ? style.width + 1.5 : style.width,
          strokeDasharray: style.dash,
        }}
      />
      <EdgeLabelRenderer>
        <div
          className="nodrag nopan"
          style={{
            position: 'absolute',
            transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
          }}
        >
          <TransitionLabel
            transition={data.transition}
            problems={data.problems}
            selected={selected}
            onClick={() => data.onSelect?.(data.index)}
          />
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
