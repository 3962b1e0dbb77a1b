import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { Streams } from './rng.ts';

describe('Streams', () => {
  it("gives pure-rand's xoroshiro128+ uniformFloat64 numbers, across block refills and interleaved streams", () => {
    const states = [
      [0x12345678, 0x9abcdef0 | 0, 0x0fedcba9, 0x87654321 | 0],
      [1, 0, 0, 0],
    ];
    const streams = new Streams(Int32Array.from(states.flat()));
    const refs = states.map((s) => xoroshiro128plusFromState(s));
    const rng1 = streams.rng(1);
    for (let i = 0; i < 500; i++) {
      const j = i % 3 === 0 ? 1 : 0;
      let expected = 0;
      while (expected === 0) expected = uniformFloat64(refs[j]!); // zero is rejected
      expect(j === 1 ? rng1.uniform() : streams.uniform(0)).toBe(expected);
    }
  });
});
