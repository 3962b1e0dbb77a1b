/** Gives jsdom the ResizeObserver React Flow needs to mount (jsdom has no layout to observe). */
export function stubResizeObserver(): void {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as never;
}
