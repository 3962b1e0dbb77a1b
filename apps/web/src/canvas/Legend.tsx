import { kindStyles } from './kindStyles.ts';

/** Explains the edge styles, so step-up and step-down read without knowing the colours. */
export function Legend() {
  return (
    <div
      className="legend"
      style={{
        position: 'absolute',
        left: 60,
        bottom: 8,
        // Wraps before the minimap (160 px at the right) on a narrow canvas instead of running under it.
        maxWidth: 'calc(100% - 250px)',
        background: '#fffd',
        padding: '4px 8px',
        borderRadius: 4,
        zIndex: 5,
      }}
    >
      {Object.entries(kindStyles).map(([kind, s]) => (
        <span key={kind}>
          <svg width="26" height="8" aria-hidden="true">
            <line
              x1="0"
              y1="4"
              x2="26"
              y2="4"
              stroke={s.stroke}
              strokeWidth={s.width + 0.5}
              strokeDasharray={s.dash}
            />
          </svg>{' '}
          {s.marker.split(' ')[0]} {kind}
        </span>
      ))}
    </div>
  );
}
