import type { WorklistResponse } from '@continuum/contracts';
import { figureText } from '../map/suppressedFigure.ts';

/**
 * Per stage: cases due soon and overdue ones by working days overdue (the ageing buckets); for a
 * role without case-level access the hidden counts read "<5" or "suppressed", never 0.
 */
export function AgeingTable({
  list,
  onStage,
}: {
  list: Pick<WorklistResponse, 'byStage' | 'ageingBuckets' | 'dueWithinDays'>;
  onStage?: (stage: string) => void;
}) {
  return (
    <table className="ageing" data-testid="ageing-table">
      <caption>
        Due within {list.dueWithinDays} working days, and overdue by working days past the deadline
      </caption>
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col" className="num">
            Due soon
          </th>
          <th scope="col" className="num">
            Overdue
          </th>
          {list.ageingBuckets.map((b) => (
            <th key={b} scope="col" className="num">
              {b} days
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {list.byStage.map((s) => (
          <tr key={s.stage} data-testid={`ageing-${s.stage}`}>
            <th scope="row">
              {onStage ? (
                <button type="button" className="link" onClick={() => onStage(s.stage)}>
                  {s.label}
                </button>
              ) : (
                s.label
              )}
            </th>
            <td className="num">{figureText(s, 'dueSoon', s.dueSoon)}</td>
            <td className="num">{figureText(s, 'overdue', s.overdue)}</td>
            {s.buckets.map((n, b) => (
              <td key={list.ageingBuckets[b]} className={`num${b >= 2 && n ? ' late' : ''}`}>
                {figureText(s, `buckets.${b}`, n)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
