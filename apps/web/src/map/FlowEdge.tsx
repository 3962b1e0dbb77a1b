import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import type { TransitionFigures } from '@continuum/contracts';
import type { TransitionKind } from '@continuum/machines';
import { kindStyles } from '../canvas/kindStyles.ts';
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

/** Draws a move with width by volume, styled by kind, labelled with count and median days. */
export function FlowEdge(props: EdgeProps<FlowFlowEdge>) {
  const { data, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  if (!data) return null;
  const style = kindStyles[data.kind];
  const width = 1 + 7 * Math.sqrt((data.figures.moves ?? 0) / Math.max(1, data.maxMoves));
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
          title={flowTitle(data.figures)}
        >
          {flowLabel(data.figures)}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
