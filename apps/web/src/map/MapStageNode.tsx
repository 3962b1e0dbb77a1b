import type { StageFigures } from '@continuum/contracts';
import type { Node, NodeProps } from '@xyflow/react';
import { nodeSize } from '../canvas/layout.ts';
import { SideHandles } from '../canvas/SideHandles.tsx';
import { delayLevel, delayWords } from './delayClass.ts';
import { figureText, SUPPRESSION_HINT } from './suppressedFigure.ts';
import { ThroughputSpark } from './ThroughputSpark.tsx';

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

// The card keeps the layout's node size (text at 12 px or more); the spark fills the last line.
const PAD = 8;
const BORDER = 3;
const SPARK_HEIGHT = 16;

/**
 * Draws a stage's card: open cases, entries, overdue; median / p90 days and the share within the
 * timescale; weekly entries and exits as a small chart. The border says the delay level (colour,
 * and dashed when the figures are hidden); the title attribute says it in words.
 */
export function MapStageNode({ data, selected }: NodeProps<MapStageFlowNode>) {
  const f = data.figures;
  const level = f ? delayLevel(f) : 'none';
  const t = f?.timescale;
  const { width, height } = nodeSize.stage;
  const words = f?.suppressed ? `${delayWords[level]}. ${SUPPRESSION_HINT}` : delayWords[level];
  // A card has no room for the word "suppressed": its figures say "supp." (the title says why).
  const cardText = (key: string, value: number | null | undefined, format?: (v: number) => string) =>
    figureText(f, key, value, format, 'supp.');
  return (
    <div
      className={`map-node delay-${level}${selected ? ' selected' : ''}`}
      data-testid={`map-stage-${data.id}`}
      title={`${data.label}: ${words}`}
      style={{ width, height, padding: `3px ${PAD}px` }}
    >
      <SideHandles connectable={false} />
      <div className="title">{data.label}</div>
      <div className="figs">
        <span>
          <b data-testid="open">{f ? cardText('openAsOf', f.openAsOf) : '0'}</b>{' '}
          {data.terminal ? 'closed' : 'open'}
        </span>
        <span>
          <b data-testid="entries">{f ? cardText('entries', f.entries) : '0'}</b> in
        </span>
        {t && (
          <span className={level === 'bad' ? 'late' : undefined}>
            <b data-testid="overdue">{cardText('timescale.openOverdue', t.openOverdue)}</b> late
          </span>
        )}
      </div>
      <div className="figs">
        <span>
          <b data-testid="days">
            {cardText('timeInStage.median', f?.timeInStage.median)} /{' '}
            {cardText('timeInStage.p90', f?.timeInStage.p90)}
          </b>{' '}
          d
        </span>
        {t && (
          <span>
            <b data-testid="within">{cardText('timescale.percentWithin', t.percentWithin, (v) => `${v}%`)}</b>{' '}
            in {t.value}
            {t.unit === 'working_days' ? ' wd' : t.unit === 'days' ? ' d' : ' mo'}
          </span>
        )}
      </div>
      {f && (
        <ThroughputSpark
          throughput={f.throughput}
          width={width - 2 * PAD - 2 * BORDER}
          height={SPARK_HEIGHT}
        />
      )}
    </div>
  );
}
