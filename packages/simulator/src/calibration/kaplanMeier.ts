/** A Kaplan-Meier survival curve with Aalen-Johansen cumulative incidence per exit destination. */
export interface SurvivalFit {
  /** Distinct event times (days), ascending. */
  times: number[];
  /** S(t) just after each event time. */
  survival: number[];
  /** Cumulative incidence of each destination at the last event time (sums to 1 - S(last)). */
  incidence: number[];
  n: number;
  events: number;
  censored: number;
}

/**
 * Fits survival to stays: `durations[i]` in days and `cause[i]` = destination index, or -1 when the
 * stay is still open (right-censored at the extract date). Open stays are kept, not dropped: they
 * count as at risk until their censoring time, which is what removes the bias towards short stays.
 */
export function kaplanMeier(
  durations: ArrayLike<number>,
  cause: ArrayLike<number>,
  causes: number,
): SurvivalFit {
  const n = durations.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => durations[a]! - durations[b]!);
  const times: number[] = [];
  const survival: number[] = [];
  const incidence = new Array<number>(causes).fill(0);
  const deaths = new Array<number>(causes).fill(0);
  let atRisk = n;
  let S = 1;
  let events = 0;
  let i = 0;
  while (i < n) {
    const t = durations[order[i]!]!;
    let d = 0;
    let c = 0;
    deaths.fill(0);
    while (i < n && durations[order[i]!]! === t) {
      const k = cause[order[i]!]!;
      if (k >= 0) {
        d++;
        deaths[k]!++;
      } else c++;
      i++;
    }
    if (d > 0) {
      for (let k = 0; k < causes; k++) incidence[k]! += (S * deaths[k]!) / atRisk;
      S *= 1 - d / atRisk;
      times.push(t);
      survival.push(S);
      events += d;
    }
    atRisk -= d + c;
  }
  return { times, survival, incidence, n, events, censored: n - events };
}

/**
 * The time by which a fraction p of stays have ended, from the KM curve, or undefined when the
 * curve never gets there (too much censoring to say).
 */
export function kmQuantile(fit: SurvivalFit, p: number): number | undefined {
  for (let j = 0; j < fit.times.length; j++) if (1 - fit.survival[j]! >= p - 1e-12) return fit.times[j]!;
  return undefined;
}
