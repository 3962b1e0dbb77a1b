import { ReactFlowProvider } from '@xyflow/react';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeProps } from '../testing/nodeProps.ts';
import { StageNode, type StageFlowNode } from './StageNode.tsx';

afterEach(cleanup);

const renderNode = (data: StageFlowNode['data'], selected = false) =>
  render(
    <ReactFlowProvider>
      <StageNode {...nodeProps<StageFlowNode>(data.stage.id, 'stage', data, selected)} />
    </ReactFlowProvider>,
  );

describe('StageNode', () => {
  it('shows the label, id, timescale, capacity and duration of a stage', () => {
    renderNode({
      stage: {
        id: 'assessment',
        label: 'Social care assessment',
        level: 3,
        timescale: { value: 45, unit: 'working_days' },
        capacity: 40,
        duration: { type: 'lognormal', medianDays: 33, sigma: 0.5 },
      },
      isEntry: false,
      problems: [],
    });
    const node = screen.getByTestId('stage-assessment');
    expect(node.textContent).toContain('Social care assessment');
    expect(node.textContent).toContain('timescale 45 working days');
    expect(node.textContent).toContain('capacity 40');
    expect(node.textContent).toContain('median 33 d');
    expect(node.className).not.toContain('has-problem');
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('marks the entry and terminal stages', () => {
    renderNode({
      stage: { id: 'closed', label: 'Closed', level: 1, terminal: true },
      isEntry: true,
      problems: [],
    });
    const node = screen.getByTestId('stage-closed');
    expect(node.className).toContain('terminal');
    expect(node.className).toContain('entry');
    expect(node.textContent).toContain('entry');
    expect(node.textContent).toContain('terminal');
  });

  it('puts a problem count badge on the node and the messages in its tooltip', () => {
    renderNode({
      stage: { id: 'new_stage', label: 'New stage', level: 3 },
      isEntry: false,
      problems: [
        { path: ['stages', 9], code: 'unreachable_stage', message: 'Stage "new_stage" cannot be reached.' },
        { path: ['stages', 9], code: 'no_path_to_terminal', message: 'No terminal stage can be reached.' },
      ],
    });
    const badge = screen.getByRole('img', { name: '2 problems' });
    expect(badge.textContent).toBe('2');
    const node = screen.getByTestId('stage-new_stage');
    expect(node.className).toContain('has-problem');
    expect(node.getAttribute('title')).toContain('cannot be reached');
  });

  it('shows selection', () => {
    renderNode({ stage: { id: 'a', label: 'A', level: 2 }, isEntry: false, problems: [] }, true);
    expect(screen.getByTestId('stage-a').className).toContain('selected');
  });
});
