import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UploadSeal } from './UploadSeal.ts';

const seal = new UploadSeal(randomBytes(32));

describe('UploadSeal: upload pieces sealed at rest', () => {
  it('property: any piece opens to its bytes at its place, and its stored form holds none of them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 2000 }), fc.string(), (bytes, where) => {
        const marked = Buffer.concat([Buffer.from('UPN A123456789012'), bytes]);
        const stored = seal.seal(marked, where);
        expect(stored.includes(Buffer.from('A123456789012'))).toBe(false);
        expect(Buffer.from(seal.open(stored, where))).toEqual(marked);
      }),
    );
  });

  it('property: any text piece opens to its text, stored as text without it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(), (text, seq) => {
        const stored = seal.sealText(`Jane Smith,${text}`, `job/log/${seq}`);
        expect(stored).not.toContain('Jane');
        expect(seal.openText(stored, `job/log/${seq}`)).toBe(`Jane Smith,${text}`);
      }),
    );
  });

  it('refuses a piece moved to another place, altered, or sealed with another deployment’s key', () => {
    const stored = seal.seal(Buffer.from('episodes'), 'a/0/0');
    expect(() => seal.open(stored, 'a/0/1')).toThrow(/cannot be opened with this server's key/);
    const altered = Buffer.from(stored);
    altered[altered.length - 1]! ^= 1;
    expect(() => seal.open(altered, 'a/0/0')).toThrow(/cannot be opened/);
    expect(() => new UploadSeal(randomBytes(32)).open(stored, 'a/0/0')).toThrow(
      /must share the deployment's key/,
    );
  });

  it('reads a piece stored unsealed (by an earlier version) as it is', () => {
    expect(Buffer.from(seal.open(Buffer.from('CHILD,DECOM'), 'a/0/0')).toString()).toBe('CHILD,DECOM');
    expect(seal.openText('case_ref,stage', 'a/log/0')).toBe('case_ref,stage');
  });
});
