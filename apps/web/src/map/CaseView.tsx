import { CaseTimeline } from './CaseTimeline.tsx';

/** A case on its own page (`#/case/<id>`), so a link to one case can be shared and reloaded. */
export function CaseView({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  return (
    <div className="case-page">
      <CaseTimeline caseId={caseId} onClose={onClose} />
    </div>
  );
}
