import { BaseEdge, type Edge, type EdgeProps, getBezierPath } from '@xyflow/react';
import type { TransitionFigures } from '@continuum/contracts';
import type { TransitionKind } from '@continuum/machines';
import { kindStyles } from '../canvas/kindStyles.ts';
import { arrowHead } from '../canvas/arrowHead.ts';
import { edgePath } from '../canvas/edgePath.ts';
import { RoutedEdgeLabel } from '../canvas/RoutedEdgeLabel.tsx';
import { type LabelText, useEdgeRoute } from '../canvas/useEdgeRoute.ts';
import { figureText } from './suppressedFigure.ts';

/** What a map edge shows: how many moved and the median days before moving. */
export interface FlowEdgeData extends Record<string, unknown> {
  figures: TransitionFigures;
  kind: TransitionKind;
  maxMoves: number;
}
/** An edge of the live process map. */
export type FlowFlowEdge = Edge<FlowEdgeData, 'flow'>;

/** The label of a map edge: count and median days in the source stage ("<5" / "suppressed" when hidden). */
export function flowLabel(f: TransitionFigures): string {
  const median = f.daysInSource.median;
  return `${figureText(f, 'moves', f.moves)}${median === null ? '' : ` · ${median} d`}`;
}

/** The hover text of a map edge, with hidden figures named as such. */
export function flowTitle(f: TransitionFigures): string {
  const share = figureText(f, 'shareOfSourceExits', f.shareOfSourceExits, (v) => `${v}%`);
  const median = figureText(f, 'daysInSource.median', f.daysInSource.median);
  const p90 = figureText(f, 'daysInSource.p90', f.daysInSource.p90);
  return `${f.from} → ${f.to}: ${figureText(f, 'moves', f.moves)} moves (${share} of exits), median ${median} days, p90 ${p90} days`;
}

/** The map label with the kind's worded marker first, so kinds differ without colour. */
const labelText: LabelText = (edge) => {
  const data = edge.data as FlowEdgeData | undefined;
  return data ? `${kindStyles[data.kind].marker} ${flowLabel(data.figures)}` : '';
};

/** Draws a move along its routed path with width by volume, styled by kind, labelled with count and median days. */
export function FlowEdge(props: EdgeProps<FlowFlowEdge>) {
  const { data, markerEnd } = props;
  const route = useEdgeRoute(props.id, labelText);
  const [bezier, labelX, labelY] = getBezierPath(props);
  if (!data) return null;
  const style = kindStyles[data.kind];
  const width = 1 + 7 * Math.sqrt((data.figures.moves ?? 0) / Math.max(1, data.maxMoves));
  // A routed edge draws its own arrowhead of a fixed size; the marker would grow with the width.
  const arrow = route && arrowHead(route.points, width);
  const path = arrow ? edgePath(arrow.shaft) : bezier;
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={arrow ? undefined : markerEnd}
        style={{ stroke: style.stroke, strokeWidth: width, strokeDasharray: style.dash, opacity: 0.8 }}
      />
      {arrow?.head && <path d={arrow.head} fill={style.stroke} opacity={0.9} className="flow-arrow" />}
      <RoutedEdgeLabel box={route?.label} at={{ x: labelX, y: labelY }}>
        <div className={`edge-label ${data.kind}`} title={flowTitle(data.figures)}>
          {(route?.lines ?? [`${kindStyles[data.kind].marker} ${flowLabel(data.figures)}`]).join('\n')}
        </div>
      </RoutedEdgeLabel>
    </>
  );
}
