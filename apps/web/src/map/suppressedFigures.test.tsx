import { ReactFlowProvider } from '@xyflow/react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StageFigures, TransitionFigures } from '@continuum/contracts';
import { nodeProps } from '../testing/nodeProps.ts';
import { delayLevel } from './delayClass.ts';
import { flowLabel, flowTitle } from './FlowEdge.tsx';
import { type KpiTile, KpiTiles } from './KpiTiles.tsx';
import { type MapStageFlowNode, MapStageNode } from './MapStageNode.tsx';

afterEach(cleanup);

const hiddenStats = { count: null, mean: null, median: null, p90: null, max: null };

// What the API sends a viewer for a small stage: hidden figures are null and named in `suppressed`.
const suppressedStage: StageFigures = {
  stage: 'section_47',
  label: 'Section 47 enquiry',
  level: 4,
  entries: null,
  exits: 12,
  openAtStart: 20,
  openAsOf: null,
  openAtEnd: null,
  timeInStage: { count: 12, mean: 9.5, median: 8, p90: 14, max: null },
  openAge: hiddenStats,
  throughput: [],
  timescale: {
    value: 15,
    unit: 'working_days',
    completed: 12,
    withinTimescale: null,
    percentWithin: null,
    openOverdue: null,
  },
  suppressed: {
    entries: 'primary',
    openAsOf: 'primary',
    openAtEnd: 'primary',
    'timeInStage.max': 'withheld',
    'openAge.count': 'primary',
    'openAge.median': 'derived',
    'timescale.withinTimescale': 'secondary',
    'timescale.percentWithin': 'derived',
    'timescale.openOverdue': 'primary',
  },
};

const renderNode = (f: StageFigures) =>
  render(
    <ReactFlowProvider>
      <MapStageNode
        {...nodeProps<MapStageFlowNode>('section_47', 'mapStage', {
          id: 'section_47',
          label: 'Section 47 enquiry',
          figures: f,
        })}
      />
    </ReactFlowProvider>,
  );

describe('suppressed figures in the web app', () => {
  it('a map node shows "<5" and "supp." (room on a card is short), never 0 or blank, and no timescale colour', () => {
    renderNode(suppressedStage);
    expect(screen.getByTestId('open').textContent).toBe('<5');
    expect(screen.getByTestId('entries').textContent).toBe('<5');
    expect(screen.getByTestId('overdue').textContent).toBe('<5');
    expect(screen.getByTestId('within').textContent).toBe('supp.');
    expect(screen.getByTestId('days').textContent).toBe('8 / 14');
    const node = screen.getByTestId('map-stage-section_47');
    expect(node.className).toContain('delay-hidden');
    expect(node.className).not.toContain('delay-ok');
    expect(node.getAttribute('title')).toContain('suppressed');
  });

  it('a stage with no stays at all is neutral, not green "within timescale"', () => {
    const empty: StageFigures = {
      ...suppressedStage,
      entries: 0,
      exits: 0,
      openAsOf: 0,
      openAtEnd: 0,
      timescale: {
        value: 1,
        unit: 'working_days',
        completed: 0,
        withinTimescale: 0,
        percentWithin: null,
        openOverdue: 0,
      },
      suppressed: undefined,
    };
    expect(delayLevel(empty)).toBe('empty');
    renderNode(empty);
    expect(screen.getByTestId('map-stage-section_47').className).not.toContain('delay-ok');
    expect(screen.getByTestId('map-stage-section_47').textContent).not.toContain('within timescale');
  });

  it('colours only by shown figures: a shown 76% is still red when the overdue count is hidden', () => {
    const partly: StageFigures = {
      ...suppressedStage,
      openAsOf: 9,
      timescale: {
        value: 1,
        unit: 'working_days',
        completed: 300,
        withinTimescale: 228,
        percentWithin: 76,
        openOverdue: null,
      },
      suppressed: { 'timescale.openOverdue': 'primary' },
    };
    expect(delayLevel(partly)).toBe('bad');
    const fine = { ...partly, timescale: { ...partly.timescale!, withinTimescale: 297, percentWithin: 99 } };
    expect(delayLevel(fine)).toBe('hidden');
  });

  it('a map edge labels a hidden move count "<5" and its hidden share as suppressed', () => {
    const move: TransitionFigures = {
      from: 'front_door',
      to: 'closed',
      moves: null,
      cases: null,
      shareOfSourceExits: null,
      daysInSource: hiddenStats,
      events: { no_further_action: null },
      suppressed: {
        moves: 'primary',
        cases: 'primary',
        shareOfSourceExits: 'derived',
        'daysInSource.median': 'derived',
        'daysInSource.p90': 'derived',
      },
    };
    expect(flowLabel(move)).toBe('<5');
    expect(flowTitle(move)).toBe(
      'front_door → closed: <5 moves (suppressed of exits), median suppressed days, p90 suppressed days',
    );
  });

  it('KPI tiles and their tooltips show hidden numerators, denominators and values as suppressed', () => {
    const kpis: KpiTile[] = [
      {
        id: 'repeat_cp_plan_ever',
        name: 'Repeat CP plans',
        unit: 'percent',
        value: null,
        numerator: null,
        denominator: null,
        numeratorLabel: 'second or later plans',
        denominatorLabel: 'plans started',
        suppressed: { numerator: 'primary', denominator: 'secondary', value: 'derived' },
      },
      { id: 'cp_count', name: 'CP plans', unit: 'count', value: 7, numerator: 7, denominator: null },
    ];
    render(<KpiTiles kpis={kpis} />);
    expect(screen.getByTestId('kpi-repeat_cp_plan_ever').textContent).toContain('suppressed');
    expect(screen.getByTestId('kpi-repeat_cp_plan_ever').textContent).not.toContain('–');
    fireEvent.focus(screen.getByTestId('kpi-repeat_cp_plan_ever'));
    const tip = screen.getByRole('tooltip').textContent ?? '';
    expect(tip).toContain('second or later plans: <5');
    expect(tip).toContain('plans started: suppressed');
    expect(tip).toContain('Small numbers are suppressed');
    expect(screen.getByTestId('kpi-repeat_cp_plan_ever').getAttribute('aria-description')).toContain(
      'second or later plans: <5; plans started: suppressed',
    );
    expect(screen.getByTestId('kpi-cp_count').textContent).toContain('7');
  });
});
