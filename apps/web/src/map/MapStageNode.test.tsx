import { ReactFlowProvider } from '@xyflow/react';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StageFigures } from '@continuum/contracts';
import { nodeProps } from '../testing/nodeProps.ts';
import { nodeSize } from '../canvas/layout.ts';
import { flowLabel } from './FlowEdge.tsx';
import { type MapStageFlowNode, MapStageNode } from './MapStageNode.tsx';

afterEach(cleanup);

const stats = (median: number | null, p90: number | null) => ({
  count: 10,
  mean: median,
  median,
  p90,
  max: p90,
});
const figures = (timescale: StageFigures['timescale']): StageFigures => ({
  stage: 'assessment',
  label: 'Social care assessment',
  level: 3,
  entries: 120,
  exits: 110,
  openAtStart: 30,
  openAsOf: 40,
  openAtEnd: 40,
  timeInStage: stats(33, 61),
  openAge: stats(20, 50),
  throughput: [],
  timescale,
});

const renderNode = (f: StageFigures | undefined) =>
  render(
    <ReactFlowProvider>
      <MapStageNode
        {...nodeProps<MapStageFlowNode>('assessment', 'mapStage', {
          id: 'assessment',
          label: 'Social care assessment',
          figures: f,
        })}
      />
    </ReactFlowProvider>,
  );

describe('MapStageNode', () => {
  it('shows open cases, entries and median / p90 days', () => {
    renderNode(figures(null));
    const node = screen.getByTestId('map-stage-assessment');
    expect(screen.getByTestId('open').textContent).toBe('40');
    expect(node.textContent).toContain('120');
    expect(node.textContent).toContain('33 / 61');
    expect(node.className).toContain('delay-none');
  });

  it('is red with words when the timescale is breached', () => {
    renderNode(
      figures({
        value: 45,
        unit: 'working_days',
        completed: 100,
        withinTimescale: 70,
        percentWithin: 70,
        openOverdue: 12,
      }),
    );
    const node = screen.getByTestId('map-stage-assessment');
    expect(node.className).toContain('delay-bad');
    expect(node.title).toContain('timescale breached');
    expect(node.textContent).toContain('70%');
    expect(screen.getByTestId('overdue').textContent).toBe('12');
  });

  it('is amber for some delay and green within timescale', () => {
    renderNode(
      figures({
        value: 45,
        unit: 'working_days',
        completed: 100,
        withinTimescale: 90,
        percentWithin: 90,
        openOverdue: 1,
      }),
    );
    expect(screen.getByTestId('map-stage-assessment').className).toContain('delay-warn');
    cleanup();
    renderNode(
      figures({
        value: 45,
        unit: 'working_days',
        completed: 100,
        withinTimescale: 100,
        percentWithin: 100,
        openOverdue: 0,
      }),
    );
    expect(screen.getByTestId('map-stage-assessment').className).toContain('delay-ok');
  });

  it('keeps the layout’s card size and draws weekly entries and exits, a hidden week as a gap', () => {
    const week = (start: string, entries: number | null, exits: number | null) => ({
      start,
      end: start,
      entries,
      exits,
      ...(entries === null ? { suppressed: { entries: 'primary' as const } } : {}),
    });
    renderNode({
      ...figures(null),
      throughput: [
        week('2025-03-03', 10, 8),
        week('2025-03-10', null, 9),
        week('2025-03-17', 12, 11),
        week('2025-03-24', 14, 10),
      ],
    });
    const node = screen.getByTestId('map-stage-assessment');
    expect(node.style.width).toBe(`${nodeSize.stage.width}px`);
    expect(node.style.height).toBe(`${nodeSize.stage.height}px`);
    const spark = screen.getByTestId('spark');
    // Entries: two pieces either side of the hidden week; exits: one line.
    expect(spark.querySelectorAll('polyline.in').length).toBe(2);
    expect(spark.querySelectorAll('polyline.out').length).toBe(1);
  });

  it('shows zeros rather than nothing when a stage had no activity', () => {
    renderNode(undefined);
    expect(screen.getByTestId('open').textContent).toBe('0');
  });
});

describe('flowLabel', () => {
  it('labels a map edge with its count and median days', () => {
    const f = {
      from: 'front_door',
      to: 'assessment',
      moves: 1234,
      cases: 1200,
      shareOfSourceExits: 42,
      daysInSource: stats(1, 3),
      events: {},
    };
    expect(flowLabel(f)).toBe('1,234 · 1 d');
    expect(flowLabel({ ...f, daysInSource: stats(null, null) })).toBe('1,234');
  });
});
