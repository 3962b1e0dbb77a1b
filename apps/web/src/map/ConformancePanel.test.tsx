import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseTimelineResponse } from '@continuum/contracts';
import { CaseTimeline } from './CaseTimeline.tsx';
import { ConformancePanel } from './ConformancePanel.tsx';

const getCase = vi.hoisted(() => vi.fn());
vi.mock('../api/analytics.ts', () => ({ getCase }));

afterEach(cleanup);

const label = (id: string) =>
  ({ assessment: 'Social care assessment', care_leaver: 'Care leaver' })[id] ?? id;

describe('ConformancePanel', () => {
  it('lists moves outside the pathway by move and by stage, in words', () => {
    render(
      <ConformancePanel
        label={label}
        conformance={{
          total: 8,
          moves: [
            { from: 'front_door', to: 'child_in_need', moves: null, suppressed: { moves: 'primary' } },
            { from: 'assessment', to: 'care_leaver', moves: 6 },
          ],
          stages: [
            { stage: 'assessment', movesOut: 6, movesIn: 0 },
            { stage: 'front_door', movesOut: null, movesIn: 0, suppressed: { movesOut: 'primary' } },
          ],
        }}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Conformance' })).toBeTruthy();
    expect(screen.getByTestId('conformance').textContent).toContain('8 moves outside the pathway');
    expect(screen.getByTestId('conformance-move-assessment-care_leaver').textContent).toBe(
      'Social care assessment → Care leaver: 6 (outside the pathway)',
    );
    // A suppressed count is never shown as a number.
    expect(screen.getByTestId('conformance-move-front_door-child_in_need').textContent).toContain('<5');
    expect(screen.getByTestId('conformance-stage-front_door').textContent).toBe('front_door: <5 out, 0 in');
  });

  it('shows nothing when every move followed the pathway', () => {
    const { container } = render(
      <ConformancePanel label={label} conformance={{ total: 0, moves: [], stages: [] }} />,
    );
    expect(container.textContent).toBe('');
  });
});

describe('CaseTimeline', () => {
  it('marks a stay entered by a move outside the pathway in words, not only by colour', async () => {
    const at = (d: string) => `${d}T00:00:00.000Z`;
    const event = (
      seq: number,
      from: string | null,
      to: string,
      day: string,
      e: string | null,
      outside = false,
    ) => ({
      seq,
      event: e,
      fromStage: from,
      toStage: to,
      occurredAt: at(day),
      recordedAt: at('2025-01-01'),
      clientEventId: null,
      outsidePathway: outside,
    });
    const stay = (
      stage: string,
      from: string,
      to: string | null,
      next: string | null,
      entry: string | null,
      exit: string | null,
    ) => ({
      stage,
      enteredAt: at(from),
      exitedAt: to === null ? null : at(to),
      nextStage: next,
      entryEvent: entry,
      exitEvent: exit,
    });
    const response: CaseTimelineResponse = {
      case: {
        id: 'c1',
        ref: 'abcdef0123456789',
        pathwayVersionId: 1,
        stage: 'care_leaver',
        stageEnteredAt: at('2024-03-01'),
        openedAt: at('2024-01-06'),
        closedAt: null,
        lastSeq: 3,
        attributes: {},
      },
      pathway: { id: 'continuum_of_need', version: 1 },
      allowedEvents: ['close_care_leaver'],
      events: [
        event(1, null, 'front_door', '2024-01-06', null),
        event(2, 'front_door', 'assessment', '2024-01-07', 'accept_referral'),
        event(3, 'assessment', 'care_leaver', '2024-03-01', null, true),
      ],
      intervals: [
        stay('front_door', '2024-01-06', '2024-01-07', 'assessment', null, 'accept_referral'),
        stay('assessment', '2024-01-07', '2024-03-01', 'care_leaver', 'accept_referral', null),
        stay('care_leaver', '2024-03-01', null, null, null, null),
      ],
    };
    getCase.mockResolvedValue(response);
    render(<CaseTimeline caseId="c1" onClose={() => undefined} />);
    await waitFor(() => expect(screen.getAllByTestId('outside-pathway')).toHaveLength(1), {
      timeout: 10_000,
    });
    const items = screen.getByRole('list', { name: 'Stays in time order' }).querySelectorAll('li');
    expect(items[2]!.textContent).toContain('outside the pathway');
    expect(items[2]!.textContent).toContain('from assessment');
    expect(items[1]!.textContent).not.toContain('outside the pathway');
  });
});
