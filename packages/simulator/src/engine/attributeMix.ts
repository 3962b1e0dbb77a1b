import type { Rng } from './rng.ts';

/** Coded attribute -> code -> relative weight; a case draws each attribute once when it opens. */
export type AttributeMix = Record<string, Record<string, number>>;

/**
 * A plausible mix for synthetic cases (rough shape of England's CIN census; not Jersey's data).
 * Only coded values: the log can be ingested like a real extract without identifying anyone.
 */
export const defaultAttributeMix: AttributeMix = {
  age_band: { under_1: 0.09, '1_4': 0.2, '5_9': 0.24, '10_15': 0.33, '16_17': 0.12, '18_plus': 0.02 },
  sex: { male: 0.52, female: 0.47, unknown: 0.01 },
  primary_need: {
    N1: 0.55,
    N2: 0.04,
    N3: 0.03,
    N4: 0.2,
    N5: 0.03,
    N6: 0.04,
    N7: 0.01,
    N8: 0.05,
    N9: 0.05,
  },
  referral_source: {
    police: 0.3,
    school: 0.2,
    health: 0.14,
    local_authority: 0.12,
    individual: 0.08,
    other: 0.16,
  },
};

/** Turns a mix into cumulative tables once, so each draw is one uniform and a short scan per attribute. */
export function attributeSampler(mix: AttributeMix): (rng: Rng) => Record<string, string> {
  const tables = Object.entries(mix).map(([name, codes]) => {
    const entries = Object.entries(codes).filter(([, w]) => w > 0);
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let acc = 0;
    return { name, codes: entries.map(([c]) => c), cum: entries.map(([, w]) => (acc += w / total)) };
  });
  return (rng) => {
    const out: Record<string, string> = {};
    for (const t of tables) {
      const u = rng.uniform();
      let i = 0;
      while (i < t.cum.length - 1 && u >= t.cum[i]!) i++;
      const code = t.codes[i];
      if (code !== undefined) out[t.name] = code;
    }
    return out;
  };
}
