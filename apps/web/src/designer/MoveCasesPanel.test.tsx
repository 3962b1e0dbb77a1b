import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError.ts';
import type { VersionMoveRequest } from '../api/pathways.ts';
import { type MoveCasesApi, MoveCasesPanel } from './MoveCasesPanel.tsx';

afterEach(cleanup);

const summary = {
  pathwayId: 'continuum_of_need',
  name: 'CoN',
  latestVersion: 2,
  versions: [1, 2],
  hasDraft: false,
};
const stages: Record<number, string[]> = {
  1: ['front_door', 'early_help', 'closed'],
  2: ['front_door', 'family_help', 'closed'],
};

/** A server stand-in that answers like the API: unmapped stages holding cases are refused. */
const fakeServer = (): MoveCasesApi & { calls: VersionMoveRequest[] } => {
  const calls: VersionMoveRequest[] = [];
  return {
    calls,
    stagesOf: async (v) => stages[v]!,
    moveCases: vi.fn(async (r: VersionMoveRequest) => {
      calls.push(r);
      if (!r.stageMap.early_help) {
        throw new ApiError(
          422,
          'Unprocessable content',
          'Cases rest in "early_help"; map it in stageMap.',
          'invalid_value',
          {},
        );
      }
      return {
        fromVersion: r.fromVersion,
        toVersion: r.toVersion,
        dryRun: r.dryRun,
        includeClosed: r.includeClosed,
        cases: r.includeClosed ? 9 : 5,
        openCases: 5,
        closedCases: 4,
        confirmation: r.includeClosed ? 'c-all' : 'c-open',
        moves: [
          { fromStage: 'early_help', toStage: r.stageMap.early_help, cases: 2 },
          { fromStage: 'front_door', toStage: 'front_door', cases: 3 },
        ],
      };
    }),
  };
};

describe('moving cases to another version', () => {
  it('asks for the stages the new version dropped, previews, then moves', async () => {
    const server = fakeServer();
    render(<MoveCasesPanel summary={summary} onClose={() => undefined} client={server} />);
    const move = screen.getByRole('button', { name: 'Move cases' }) as HTMLButtonElement;
    expect(move.disabled).toBe(true);

    // Without a mapping the server refuses and the reason is shown.
    fireEvent.click(await screen.findByRole('button', { name: 'Preview' }));
    expect((await screen.findByRole('alert')).textContent).toContain('early_help');

    fireEvent.change(screen.getByLabelText('New stage for early_help'), { target: { value: 'family_help' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const table = await screen.findByRole('table', { name: 'Migration preview' });
    expect(table.textContent).toContain('early_helpfamily_help2');
    // Behaviour change (issue 11): moving is a separate, explicit confirmation step.
    fireEvent.click(screen.getByRole('button', { name: 'Move 5 cases…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, move 5 cases' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Moved 5 cases from version 1 to version 2.'),
    );
    expect(server.calls.map((c) => c.dryRun)).toEqual([true, true, false]);
    expect(server.calls[2]).toEqual({
      fromVersion: 1,
      toVersion: 2,
      stageMap: { early_help: 'family_help' },
      dryRun: false,
      includeClosed: false,
      expectedCases: 5,
      confirmation: 'c-open',
    });
  });

  it('shows the open and closed counts and moves nothing until the confirmation is accepted', async () => {
    const server = fakeServer();
    render(<MoveCasesPanel summary={summary} onClose={() => undefined} client={server} />);
    fireEvent.change(await screen.findByLabelText('New stage for early_help'), {
      target: { value: 'family_help' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByTestId('migration-counts')).textContent).toBe(
      '5 cases would move: 5 open; 4 closed cases stay on version 1.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Move 5 cases…' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Move 5 cases (5 open) from version 1 to version 2?');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(server.calls.every((c) => c.dryRun)).toBe(true);

    // Closed cases only move when asked, after a fresh preview with their count.
    fireEvent.click(screen.getByLabelText(/Also move closed cases/));
    expect((screen.getByRole('button', { name: 'Move cases' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByTestId('migration-counts')).textContent).toBe(
      '9 cases would move: 5 open and 4 closed.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Move 9 cases…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, move 9 cases' }));
    await waitFor(() => expect(server.calls.at(-1)?.dryRun).toBe(false));
    expect(server.calls.at(-1)).toMatchObject({
      includeClosed: true,
      expectedCases: 9,
      confirmation: 'c-all',
    });
  });
});
