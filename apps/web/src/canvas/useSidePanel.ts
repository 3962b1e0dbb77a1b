import { useCallback, useState } from 'react';

/** Below this screen width a canvas screen opens with its side panel closed: the diagram needs the room. */
const narrowScreen = '(max-width: 1199px)';

/**
 * Whether a canvas screen's side panel is open: closed at first on narrow screens (1024 px wide the
 * panel would take a third of the diagram's room), toggled by the user, opened by a selection.
 */
export function useSidePanel() {
  const [open, setOpen] = useState(() => !window.matchMedia?.(narrowScreen).matches);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  const show = useCallback(() => setOpen(true), []);
  return { open, toggle, show };
}
