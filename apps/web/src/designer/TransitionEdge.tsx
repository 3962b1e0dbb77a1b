import { BaseEdge, type Edge, type EdgeProps, getBezierPath, MarkerType } from '@xyflow/react';
import type { PathwayProblem } from '@continuum/machines';
import type { DraftTransition } from './draftModel.ts';
import { kindStyles } from '../canvas/kindStyles.ts';
import { edgePath } from '../canvas/edgePath.ts';
import { RoutedEdgeLabel } from '../canvas/RoutedEdgeLabel.tsx';
import { type LabelText, useEdgeRoute } from '../canvas/useEdgeRoute.ts';

/** What a transition edge shows: the move, its index in the draft and its validation problems. */
export interface TransitionEdgeData extends Record<string, unknown> {
  transition: DraftTransition;
  index: number;
  problems: PathwayProblem[];
  onSelect?: (index: number) => void;
  /** In a version comparison: how this move differs from the earlier version. */
  change?: 'added' | 'changed' | 'removed';
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

/** The words on a move's label: a change badge, a problem sign, the worded kind and the event. */
export const transitionText = (
  transition: DraftTransition,
  problems: number,
  change?: TransitionEdgeData['change'],
) =>
  `${change ? `${change.toUpperCase()} ` : ''}${problems > 0 ? '⚠ ' : ''}${kindStyles[transition.kind].marker} ${transition.event}`;

const labelText: LabelText = (edge) => {
  const data = edge.data as TransitionEdgeData | undefined;
  return data ? transitionText(data.transition, data.problems.length, data.change) : '';
};

/** The label of a move: a worded kind marker, the event name, a problem sign and a change badge. */
export function TransitionLabel({
  transition,
  problems,
  selected,
  onClick,
  lines,
  change,
}: {
  transition: DraftTransition;
  problems: PathwayProblem[];
  selected?: boolean;
  onClick?: () => void;
  /** The text as the router wrapped it (one line when absent). */
  lines?: string[];
  change?: TransitionEdgeData['change'];
}) {
  const classes = ['edge-label', transition.kind];
  if (problems.length) classes.push('has-problem');
  if (selected) classes.push('selected');
  if (change) classes.push(`change-${change}`);
  return (
    <button
      type="button"
      className={classes.join(' ')}
      onClick={onClick}
      title={problems.map((p) => p.message).join('\n') || `${transition.from} → ${transition.to}`}
      aria-label={`Move ${transition.event} (${transition.kind}) from ${transition.from} to ${transition.to}${problems.length ? `, ${problems.length} problem(s)` : ''}${change ? `, ${change}` : ''}`}
    >
      {(lines ?? [transitionText(transition, problems.length, change)]).join('\n')}
    </button>
  );
}

/** Draws a move along its routed path, styled by kind, with its label where the router put it. */
export function TransitionEdge(props: EdgeProps<TransitionFlowEdge>) {
  const { data, markerEnd, selected } = props;
  const route = useEdgeRoute(props.id, labelText);
  const [bezier, labelX, labelY] = getBezierPath(props);
  if (!data) return null;
  const path = route ? edgePath(route.points) : bezier;
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
          opacity: data.change === 'removed' ? 0.45 : 1,
        }}
      />
      <RoutedEdgeLabel box={route?.label} at={{ x: labelX, y: labelY }}>
        <TransitionLabel
          transition={data.transition}
          problems={data.problems}
          selected={selected}
          onClick={() => data.onSelect?.(data.index)}
          lines={route?.lines}
          change={data.change}
        />
      </RoutedEdgeLabel>
    </>
  );
}
