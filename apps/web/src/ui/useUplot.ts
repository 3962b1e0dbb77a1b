import { type DependencyList, useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';

/** A uPlot chart as its screen describes it; the hook supplies the width. */
export interface UplotSpec {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
}

/**
 * Draws a uPlot chart the width of its box into the returned element, redrawn when the box
 * resizes or the dependencies change; `draw` returns undefined when there is nothing to chart.
 */
export function useUplot(draw: () => UplotSpec | undefined, deps: DependencyList) {
  const host = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names the dependencies
  useEffect(() => {
    if (!host.current || width < 50) return;
    const spec = draw();
    if (!spec) return;
    const plot = new uPlot({ ...spec.options, width }, spec.data, host.current);
    return () => plot.destroy();
  }, [...deps, width]);
  return host;
}
