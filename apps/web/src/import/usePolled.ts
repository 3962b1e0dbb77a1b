import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads `load` now and whenever `key` changes (or `reload` is called), then again every `everyMs`
 * while `again` says the data may still change (an import under way); stops on unmount. The last
 * data stays shown while it is read again, and when a read fails (with the error): a failed read of
 * data still changing (a network blip, a server restarting) is tried again every `everyMs` until one
 * succeeds, so following never stops silently.
 */
export function usePolled<T>(
  load: (signal: AbortSignal) => Promise<T>,
  again: (data: T) => boolean,
  key: unknown,
  everyMs: number,
): { data?: T; error?: unknown; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const [tick, setTick] = useState(0);
  /** The last data read (boxed: it may be undefined), which says whether a failed read is tried again. */
  const last = useRef<{ data: T }>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what to load; load and again follow it
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const data = await load(controller.signal);
        if (controller.signal.aborted) return;
        last.current = { data };
        setState({ data });
        if (again(data)) timer = setTimeout(read, everyMs);
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((s) => ({ data: s.data, error }));
        if (last.current !== undefined && again(last.current.data)) timer = setTimeout(read, everyMs);
      }
    };
    void read();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, everyMs, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
