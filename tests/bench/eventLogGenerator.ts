import { compile, defaultPathway, effectiveMoves } from '@continuum/machines';

/** Small seeded PRNG (mulberry32) so every benchmark run ingests the same log. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Yields CSV chunks of a legal canonical event log of about `events` rows on the default pathway:
 * random walks by routing weight, cases interleaved in blocks of 500 sorted by time.
 */
export function* canonicalCsv(events: number, seed = 1): Generator<string> {
  const pathway = compile(defaultPathway);
  const moves = effectiveMoves(pathway.definition);
  const rand = mulberry32(seed);
  const ageBands = ['under_1', '1_4', '5_9', '10_15', '16_17'];
  yield 'case_ref,stage,entered_at,event,event_id,age_band,primary_need\n';
  let written = 0;
  let caseNo = 0;
  const day = 86_400_000;
  let clock = Date.parse('2020-01-01T00:00:00Z');
  while (written < events) {
    const block: [number, string][] = [];
    for (let c = 0; c < 500 && written < events; c++) {
      const ref = `C${++caseNo}`;
      clock += Math.floor(rand() * 3_600_000);
      let t = clock;
      let stage = pathway.definition.entry;
      block.push([
        t,
        `${ref},${stage},${new Date(t).toISOString()},,,${ageBands[caseNo % 5]},N${caseNo % 10}\n`,
      ]);
      written++;
      for (let step = 0; step < 12 && written < events; step++) {
        t += Math.floor(rand() * 60 * day) + 1000;
        if (rand() < 0.15) {
          block.push([t, `${ref},${stage},${new Date(t).toISOString()},management_oversight,,,\n`]);
          written++;
          continue;
        }
        const options = (moves.get(stage) ?? []).filter((m) => m.weight > 0);
        if (options.length === 0) break;
        const total = options.reduce((s, m) => s + m.weight, 0);
        const pick = rand() * total;
        let acc = 0;
        const move =
          options.find((m) => {
            acc += m.weight;
            return pick <= acc;
          }) ?? options[options.length - 1]!;
        if (pathway.definition.stages.find((s) => s.id === stage)?.terminal && rand() > move.weight) break;
        stage = move.to;
        const blank = rand() < 0.5 && pathway.eventsBetween(move.from, move.to).length === 1;
        block.push([t, `${ref},${stage},${new Date(t).toISOString()},${blank ? '' : move.event},,,\n`]);
        written++;
      }
    }
    block.sort((a, b) => a[0] - b[0]);
    let chunk = '';
    for (const [, line] of block) chunk += line;
    yield chunk;
  }
}
