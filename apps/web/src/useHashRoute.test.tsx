import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { hashOf, parseHash, useHashRoute } from './useHashRoute.ts';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function Probe() {
  const [route, navigate] = useHashRoute();
  return (
    <>
      <output data-testid="route">{JSON.stringify(route)}</output>
      <button type="button" onClick={() => navigate('map', { stage: 'assessment', from: '2025-01-01' })}>
        go
      </button>
    </>
  );
}

describe('the URL holds the view', () => {
  it('reads area, id and parameters, and writes them back in a stable order', () => {
    expect(parseHash('#/map?stage=assessment&from=2025-01-01&to=2025-03-31&attr.age_band=10_15')).toEqual({
      area: 'map',
      params: { stage: 'assessment', from: '2025-01-01', to: '2025-03-31', 'attr.age_band': '10_15' },
    });
    expect(parseHash('#/case/AbC-12')).toEqual({ area: 'case', id: 'AbC-12', params: {} });
    expect(parseHash('#/nowhere')).toEqual({ area: 'designer', params: {} });
    expect(parseHash('')).toEqual({ area: 'designer', params: {} });
    expect(hashOf('worklist', { stage: 'assessment', due: '10', over: '', sort: undefined })).toBe(
      '#/worklist?due=10&stage=assessment',
    );
    expect(hashOf('case', {}, 'a/b')).toBe('#/case/a%2Fb');
    const round = parseHash(hashOf('map', { to: '2025-03-31', from: '2025-01-01', 'attr.sex': 'f,m' }));
    expect(round.params).toEqual({ from: '2025-01-01', to: '2025-03-31', 'attr.sex': 'f,m' });
  });

  it('follows navigation and the browser’s back button (hashchange)', async () => {
    window.location.hash = '#/worklist?due=5';
    render(<Probe />);
    expect(JSON.parse(screen.getByTestId('route').textContent ?? '')).toMatchObject({
      area: 'worklist',
      params: { due: '5' },
    });
    await act(async () => {
      screen.getByRole('button', { name: 'go' }).click();
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(window.location.hash).toBe('#/map?from=2025-01-01&stage=assessment');
    expect(JSON.parse(screen.getByTestId('route').textContent ?? '')).toMatchObject({
      area: 'map',
      params: { stage: 'assessment' },
    });
    await act(async () => {
      window.history.replaceState(null, '', '#/worklist?due=5');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(JSON.parse(screen.getByTestId('route').textContent ?? '')).toMatchObject({ area: 'worklist' });
  });
});
