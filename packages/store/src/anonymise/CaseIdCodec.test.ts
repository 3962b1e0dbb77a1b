import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseIdCodec } from './CaseIdCodec.ts';

describe('CaseIdCodec (public case ids)', () => {
  const codec = new CaseIdCodec(randomBytes(32));

  it('round-trips every internal id and gives a different, unguessable-looking id to neighbours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (id) => {
        const pub = codec.encode(id);
        expect(pub).toMatch(/^[0-9a-f]{32}$/);
        expect(codec.decode(pub)).toBe(id);
      }),
    );
    const ids = Array.from({ length: 1000 }, (_, i) => codec.encode(i + 1));
    expect(new Set(ids).size).toBe(1000);
    // No shared prefix runs along the sequence (as a counter or timestamp-based id would show).
    expect(new Set(ids.map((x) => x.slice(0, 4))).size).toBeGreaterThan(950);
  });

  it('refuses made-up ids, sequential numbers and ids of another deployment', () => {
    const other = new CaseIdCodec(randomBytes(32));
    let accepted = 0;
    for (let i = 0; i < 4000; i++)
      if (codec.decode(randomBytes(16).toString('hex')) !== undefined) accepted++;
    expect(accepted).toBe(0);
    for (const guess of [
      '1',
      '2',
      '42',
      '',
      'x'.repeat(32),
      codec.encode(7).toUpperCase(),
      other.encode(7),
    ]) {
      expect(codec.decode(guess), guess).toBeUndefined();
    }
  });

  it('is the same for the same key (every instance of a deployment agrees)', () => {
    const key = randomBytes(32);
    expect(new CaseIdCodec(key).encode(123)).toBe(new CaseIdCodec(Buffer.from(key)).encode(123));
  });
});
