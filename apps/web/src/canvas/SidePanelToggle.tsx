/**
 * The button at the canvas' top right that closes the side panel (the diagram takes the width) and
 * opens it again; it names the panel it controls.
 */
export function SidePanelToggle({
  open,
  onToggle,
  panelId,
}: {
  open: boolean;
  onToggle: () => void;
  panelId: string;
}) {
  return (
    <button
      type="button"
      className="panel-toggle"
      onClick={onToggle}
      aria-expanded={open}
      aria-controls={panelId}
      title={open ? 'Give the diagram the whole width' : 'Show the side panel'}
    >
      {open ? 'Hide details ⟩' : '⟨ Show details'}
    </button>
  );
}
