import { type EdgeProps, Position, ReactFlowProvider } from '@xyflow/react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DraftTransition } from './draftModel.ts';
import { kindStyles } from '../canvas/kindStyles.ts';
import { TransitionEdge, type TransitionFlowEdge, TransitionLabel } from './TransitionEdge.tsx';

afterEach(cleanup);

const move = (kind: DraftTransition['kind'], event = 'step'): DraftTransition => ({
  from: 'early_help',
  to: 'front_door',
  event,
  kind,
  weight: 1,
  kpiTags: [],
});

const edgePath = (transition: DraftTransition) => {
  const props = {
    id: 'e1',
    source: transition.from,
    target: transition.to,
    sourceX: 0,
    sourceY: 0,
    targetX: 200,
    targetY: 50,
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
    data: { transition, index: 0, problems: [] },
    selected: false,
  } as unknown as EdgeProps<TransitionFlowEdge>;
  const { container } = render(
    <ReactFlowProvider>
      <svg>
        <title>edge</title>
        <TransitionEdge {...props} />
      </svg>
    </ReactFlowProvider>,
  );
  const path = container.querySelector('path.react-flow__edge-path') as SVGPathElement;
  return { stroke: path.style.stroke, dash: path.style.strokeDasharray, d: path.getAttribute('d') };
};

describe('TransitionLabel', () => {
  it('words the kind so step-up and step-down differ without colour', () => {
    render(<TransitionLabel transition={move('step-up', 'step_up')} problems={[]} />);
    render(<TransitionLabel transition={move('step-down', 'step_down')} problems={[]} />);
    const up = screen.getByRole('button', { name: /step_up \(step-up\)/ });
    const down = screen.getByRole('button', { name: /step_down \(step-down\)/ });
    expect(up.textContent).toContain('▲ up');
    expect(down.textContent).toContain('▼ down');
    expect(up.className).toContain('step-up');
    expect(down.className).toContain('step-down');
  });

  it('flags problems and reports clicks', () => {
    const onClick = vi.fn();
    render(
      <TransitionLabel
        transition={move('progress', 'to_x')}
        problems={[
          {
            path: ['transitions', 0, 'event'],
            code: 'ambiguous_event',
            message: 'Event "to_x" is ambiguous.',
          },
        ]}
        onClick={onClick}
      />,
    );
    const label = screen.getByRole('button', { name: /1 problem/ });
    expect(label.className).toContain('has-problem');
    expect(label.textContent?.startsWith('⚠')).toBe(true);
    expect(label.getAttribute('title')).toContain('ambiguous');
    fireEvent.click(label);
    expect(onClick).toHaveBeenCalledOnce();
  });
});

describe('TransitionEdge', () => {
  it('draws step-up and step-down in different colours and dash patterns', () => {
    const up = edgePath(move('step-up'));
    cleanup();
    const down = edgePath(move('step-down'));
    cleanup();
    const progress = edgePath(move('progress'));
    expect(up.d).toMatch(/^M/);
    expect(up.stroke).not.toBe(down.stroke);
    expect(up.dash).not.toBe(down.dash);
    expect(up.dash.replace(/px/g, '').replace(/,/g, ' ')).toBe(kindStyles['step-up'].dash);
    expect(down.dash.replace(/px/g, '').replace(/,/g, ' ')).toBe(kindStyles['step-down'].dash);
    expect(progress.dash).toBe('');
  });
});
