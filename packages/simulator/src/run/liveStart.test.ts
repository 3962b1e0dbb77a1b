import { compile, type PathwayDefinitionInput } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { cdf, toSpec } from '../engine/distributions.ts';
import { buildSimModel } from '../engine/SimModel.ts';
import { SimulationEngine } from '../engine/SimulationEngine.ts';
import { runSimulation, type LiveCase } from './runSimulation.ts';

const fast = { type: 'exponential', meanDays: 50 } as const;
const slow = { type: 'lognormal', medianDays: 200, sigma: 0.8 } as const;
const short = {
  type: 'empirical',
  quantiles: [
    { p: 0, days: 1 },
    { p: 1, days: 60 },
  ],
} as const;

/**
 * No arrivals. `open` closes by two competing moves with different stay models (exponential for
 * one, lognormal for the other), `capped` has a bounded (empirical) stay and a capacity below its
 * live stock; nobody comes back from `closed`.
 */
function noArrivals(): PathwayDefinitionInput {
  return {
    id: 'live',
    name: 'Live stock',
    entry: 'open',
    arrivals: { perYear: 0 },
    stages: [
      { id: 'open', label: 'Open', level: 2, duration: fast, durationByDestination: { ended: slow } },
      { id: 'capped', label: 'Capped', level: 3, capacity: 10, duration: short },
      { id: 'closed', label: 'Closed', level: 1, terminal: true },
      { id: 'ended', label: 'Ended', level: 1, terminal: true },
    ],
    transitions: [
      { from: 'open', to: 'closed', event: 'close', kind: 'close', weight: 1 },
      { from: 'open', to: 'ended', event: 'end', kind: 'close', weight: 1 },
      { from: 'open', to: 'capped', event: 'escalate', kind: 'step-up', weight: 0 },
      { from: 'capped', to: 'closed', event: 'close_capped', kind: 'close', weight: 1 },
    ],
  };
}

const spentDays = [0, 30, 100, 400];
const stock: LiveCase[] = [
  ...spentDays.flatMap((d) => Array.from({ length: 500 }, () => ({ stage: 'open', daysInStage: d }))),
  // 25 cases in a stage of capacity 10, some past the end of its stay model (60 days)
  ...Array.from({ length: 25 }, (_, i) => ({ stage: 'capped', daysInStage: i * 4 })),
];

describe('starting from a known stock', () => {
  it('day-0 stock equals the input exactly (over capacity, past the stay model, every replication)', () => {
    const compiled = compile(noArrivals());
    const model = buildSimModel(compiled);
    for (let replication = 0; replication < 5; replication++) {
      const engine = new SimulationEngine(model, {
        seed: 9,
        replication,
        originMs: Date.UTC(2025, 0, 1),
        warmupDays: 0,
        horizonDays: 365,
        bucketDays: 1,
        initialStock: stock.map((c) => ({
          stage: compiled.stageIndex.get(c.stage)!,
          daysInStage: c.daysInStage,
        })),
      });
      expect(engine.stockNow()).toEqual([2000, 25, 0, 0]);
    }
  });

  it('with no arrivals the stock decays as the survival functions say', async () => {
    const r = await runSimulation({
      pathway: noArrivals(),
      initialStock: stock.filter((c) => c.stage === 'open'),
      replications: 30,
      seed: 2,
      horizonDays: 400,
      resolution: 'daily',
      workers: 0,
    });
    // A case d days in: P(still open at d + t) = sum_k w_k S_k(d + t) / sum_k w_k S_k(d), equal weights.
    const S = [toSpec(fast), toSpec(slow)].map((spec) => (x: number) => 1 - cdf(spec, x));
    const survival = (d: number, t: number) => (S[0]!(d + t) + S[1]!(d + t)) / (S[0]!(d) + S[1]!(d));
    const open = r.stages.find((s) => s.stage === 'open')!.stock;
    for (const t of [1, 7, 30, 90, 180, 365, 400]) {
      const expected = spentDays.reduce((sum, d) => sum + 500 * survival(d, t), 0);
      const b = t - 1; // daily bucket b ends at day b + 1
      const sd = (open.hi[b]! - open.mean[b]!) / 1.645; // s.d. across replications
      const se = sd / Math.sqrt(r.replications);
      expect(Math.abs(open.mean[b]! - expected)).toBeLessThan(Math.max(4 * se, 0.5));
    }
    // every case leaves by one of its two moves, none re-enters
    const s = r.stages.find((x) => x.stage === 'open')!.stats;
    expect(s.entries.mean).toBe(0);
    expect(s.exits.mean + s.stockAtEnd.mean).toBe(2000);
  });
});
