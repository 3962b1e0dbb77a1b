import type { TransitionKind } from '@continuum/machines';

/** How each kind of move is drawn: step-up and step-down differ by colour, dash and a worded arrow. */
export interface KindStyle {
  stroke: string;
  dash: string | undefined;
  width: number;
  /** A worded marker so the difference never rests on colour alone. */
  marker: string;
}

/** One drawing style per kind of move, shared by the designer, the map and the legend. */
export const kindStyles: Record<TransitionKind, KindStyle> = {
  progress: { stroke: '#56606e', dash: undefined, width: 1.8, marker: '→' },
  'step-up': { stroke: '#b3261e', dash: '9 5', width: 2.4, marker: '▲ up' },
  'step-down': { stroke: '#1e7d4f', dash: '2 5', width: 2.6, marker: '▼ down' },
  close: { stroke: '#8a94a3', dash: undefined, width: 1.2, marker: '■ close' },
  're-referral': { stroke: '#6a3d9a', dash: '12 4 2 4', width: 1.8, marker: '↺ re-referral' },
};
