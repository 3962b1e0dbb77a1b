import { defaultPathway } from '@continuum/machines';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stubResizeObserver } from '../testing/stubResizeObserver.ts';

vi.mock('../api/pathways.ts', () => ({
  validateDraft: vi.fn(async () => ({ ok: true, problems: [] })),
  saveDraft: vi.fn(async () => undefined),
  publishDraft: vi.fn(async () => ({ version: 4 })),
  getVersion: vi.fn(async () => ({ definition: defaultPathway })),
  problemsOf: () => null,
}));
vi.mock('../canvas/layout.ts', () => ({
  layoutPathway: async () => ({}),
  lanesFor: () => [],
  laneOf: () => 3,
}));

const { DesignerEditor } = await import('./DesignerEditor.tsx');
const api = await import('../api/pathways.ts');

beforeAll(() => {
  // React Flow measures its pane; jsdom has no layout.
  stubResizeObserver();
});
afterEach(cleanup);

const summary = {
  pathwayId: 'continuum_of_need',
  name: 'CoN',
  latestVersion: 3,
  versions: [1, 2, 3],
  hasDraft: true,
};
const { version: _v, ...draft } = defaultPathway;

describe('the designer shows a stale draft as stale (issue 11 item 6)', () => {
  it('a draft based on an older version is not "ready to publish": Publish is off and rebase is offered', async () => {
    const onBringUpToDate = vi.fn(async () => undefined);
    render(
      <DesignerEditor
        summary={summary}
        draft={draft}
        source="saved draft"
        readOnly={false}
        baseVersion={2}
        onBringUpToDate={onBringUpToDate}
      />,
    );
    const status = screen.getByTestId('flow-status');
    await waitFor(() => expect(api.validateDraft).toHaveBeenCalled());
    expect(status.textContent).toContain('Stale: based on version 2, but version 3 is the latest');
    expect(status.textContent).not.toContain('ready to publish');
    expect((screen.getByRole('button', { name: 'Publish' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('stale-draft').textContent).toContain('would undo version 3');
    fireEvent.click(screen.getByRole('button', { name: 'Rebase onto version 3' }));
    await waitFor(() => expect(onBringUpToDate).toHaveBeenCalledWith(draft, 2, 'merge'));
    fireEvent.click(screen.getByRole('button', { name: 'Discard draft, open version 3' }));
    await waitFor(() => expect(onBringUpToDate).toHaveBeenLastCalledWith(draft, 2, 'latest'));
  });

  it('a draft based on the latest version publishes with that base version', async () => {
    render(
      <DesignerEditor summary={summary} draft={draft} source="version 3" readOnly={false} baseVersion={3} />,
    );
    const status = screen.getByTestId('flow-status');
    await waitFor(() => expect(status.textContent).toContain('ready to publish'));
    expect(screen.queryByTestId('stale-draft')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(status.textContent).toContain('Published version 4'));
    expect(api.publishDraft).toHaveBeenCalledWith('continuum_of_need', draft, 3);
  });
});

describe('the details panel (issue 15: the diagram readable at 1024 px)', () => {
  const narrow = (matches: boolean) =>
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: matches && query.includes('max-width'),
      media: query,
    }));
  afterEach(() => vi.unstubAllGlobals());

  it('starts closed on a narrow screen, opens with "Show details" and closes again', async () => {
    narrow(true);
    const { container } = render(
      <DesignerEditor summary={summary} draft={draft} source="version 3" readOnly={false} />,
    );
    // Hidden, so not in the accessibility tree: found by the id the toggle controls.
    const panel = container.querySelector<HTMLElement>('#designer-details')!;
    expect(panel.hidden).toBe(true);
    const toggle = screen.getByRole('button', { name: /Show details/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-controls')).toBe(panel.id);
    fireEvent.click(toggle);
    expect(panel.hidden).toBe(false);
    expect(screen.getByRole('button', { name: /Hide details/ }).getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: /Hide details/ }));
    expect(panel.hidden).toBe(true);
  });

  it('is open on a wide screen, and a comparison opens it when the user had closed it', async () => {
    narrow(false);
    render(<DesignerEditor summary={summary} draft={draft} source="version 3" readOnly={false} />);
    const panel = screen.getByRole('complementary', { name: 'Details' });
    expect(panel.hidden).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /Hide details/ }));
    expect(panel.hidden).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Compare versions' }));
    await waitFor(() => expect(panel.hidden).toBe(false));
  });
});
