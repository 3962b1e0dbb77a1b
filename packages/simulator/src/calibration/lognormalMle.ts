import { normalCdf } from '../engine/distributions.ts';

/**
 * Censored lognormal maximum likelihood: completed stays contribute the density, open stays the
 * survival function. Nelder-Mead over (mu, log sigma) from the completed stays' log moments.
 */
export function lognormalMle(
  durations: ArrayLike<number>,
  open: ArrayLike<boolean>,
): { medianDays: number; sigma: number } {
  const n = durations.length;
  const logs = Float64Array.from({ length: n }, (_, i) => Math.log(Math.max(durations[i]!, 0.01)));
  let m = 0;
  let k = 0;
  for (let i = 0; i < n; i++)
    if (!open[i]) {
      m += logs[i]!;
      k++;
    }
  m = k > 0 ? m / k : logs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  let v = 0;
  for (let i = 0; i < n; i++) if (!open[i]) v += (logs[i]! - m) ** 2;
  const s0 = Math.max(0.05, Math.sqrt(v / Math.max(1, k - 1)));
  const negLogLik = ([mu, logSigma]: number[]) => {
    const sigma = Math.exp(logSigma!);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const z = (logs[i]! - mu!) / sigma;
      ll += open[i] ? Math.log(Math.max(1e-300, 1 - normalCdf(z))) : -0.5 * z * z - Math.log(sigma);
    }
    return -ll;
  };
  const [mu, logSigma] = nelderMead(negLogLik, [m, Math.log(s0)], 0.3, 200);
  return { medianDays: Math.exp(mu!), sigma: Math.exp(logSigma!) };
}

function nelderMead(f: (x: number[]) => number, start: number[], step: number, iterations: number): number[] {
  const dim = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((x, j) => (i === j ? x + step : x)))].map((x) => ({
    x,
    f: f(x),
  }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0]!;
    const worst = simplex[dim]!;
    if (Math.abs(worst.f - best.f) < 1e-9 * (1 + Math.abs(best.f))) break;
    const centroid = start.map((_, j) => simplex.slice(0, dim).reduce((s, p) => s + p.x[j]!, 0) / dim);
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < best.f) {
      const expanded = along(-2);
      const fe = f(expanded);
      simplex[dim] = fe < fr ? { x: expanded, f: fe } : { x: reflected, f: fr };
    } else if (fr < simplex[dim - 1]!.f) simplex[dim] = { x: reflected, f: fr };
    else {
      const contracted = along(0.5);
      const fc = f(contracted);
      if (fc < worst.f) simplex[dim] = { x: contracted, f: fc };
      else
        simplex = simplex
          .map((p) => (p === best ? p : { x: p.x.map((x, j) => best.x[j]! + 0.5 * (x - best.x[j]!)), f: 0 }))
          .map((p) => (p === best ? p : { ...p, f: f(p.x) }));
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  return simplex[0]!.x;
}
