import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import type { TransitionFigures } from '../api/analytics.ts';
import type { TransitionKind } from '@continuum/machines';
import { kindStyles } from '../designer/kindStyles.ts';

/** What a map edge shows: how many moved and the median days before moving. */
export interface FlowEdgeData extends Record<string, unknown> {
  figures: TransitionFigures;
  kind: TransitionKind;
  maxMoves: number;
}
/** An edge of the live process map. */
export type FlowFlowEdge = Edge<FlowEdgeData, 'flow'>;

/** The label of a map edge: count and median days in the source stage. */
export function flowLabel(f: TransitionFigures): string {
  const median = f.daysInSource.median;
  return `${f.moves.toLocaleString('en-GB')}${median === null ? '' : ` · ${median} d`}`;
}

/** Draws a move with width by volume, styled by kind, labelled with count and median days. */
export function FlowEdge(props: EdgeProps<FlowFlowEdge>) {
  const { data, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  if (!data) return null;
  const style = kindStyles[data.kind];
  const width = 1 + 7 * Math.sqrt(data.figures.moves / Math.max(1, data.maxMoves));
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke: style.stroke, strokeWidth: width, strokeDasharray: style.dash, opacity: 0.8 }}
      />
      <EdgeLabelRenderer>
        <div
          className={`edge-label ${data.kind}`}
          style={{
            position: 'absolute',
            transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
          }}
          title={`${data.figures.from} → ${data.figures.to}: ${data.figures.moves} moves (${data.figures.shareOfSourceExits}% of exits), median ${data.figures.daysInSource.median ?? '–'} days, p90 ${data.figures.daysInSource.p90 ?? '–'} days`}
        >
          {flowLabel(data.figures)}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
