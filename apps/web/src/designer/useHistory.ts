import { useCallback, useState } from 'react';

/** Undo/redo over immutable values: every `set` is one step back. */
export interface History<T> {
  present: T;
  set: (next: T) => void;
  undo: () => T | undefined;
  redo: () => T | undefined;
  canUndo: boolean;
  canRedo: boolean;
}

/** Keeps past and future values (up to 100 steps) so edits can be undone and redone. */
export function useHistory<T>(initial: T): History<T> {
  const [state, setState] = useState<{ past: T[]; present: T; future: T[] }>({
    past: [],
    present: initial,
    future: [],
  });
  const set = useCallback(
    (next: T) => setState((s) => ({ past: [...s.past.slice(-99), s.present], present: next, future: [] })),
    [],
  );
  const undo = () => {
    const prev = state.past.at(-1);
    if (prev === undefined) return undefined;
    setState({ past: state.past.slice(0, -1), present: prev, future: [state.present, ...state.future] });
    return prev;
  };
  const redo = () => {
    const next = state.future[0];
    if (next === undefined) return undefined;
    setState({ past: [...state.past, state.present], present: next, future: state.future.slice(1) });
    return next;
  };
  return {
    present: state.present,
    set,
    undo,
    redo,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
  };
}
