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

  it('refuses a piece moved to another place, altered anywhere, cut short, or sealed with another deployment’s key', () => {
    const stored = seal.seal(Buffer.from('episodes'), 'a/0/0');
    const refused = (bytes: Uint8Array, where = 'a/0/0', by = seal) => {
      try {
        by.open(bytes, where);
      } catch (error) {
        expect(error).toMatchObject({ name: 'StoreError', code: 'upload_unreadable' });
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused(stored, 'a/0/1')).toMatch(/altered or moved/);
    for (let i = 0; i < stored.length; i++) {
      const altered = Buffer.from(stored);
      altered[i]! ^= 1;
      refused(altered);
    }
    for (const n of [0, 3, 4, 20, 31]) refused(stored.subarray(0, n));
    expect(refused(stored, 'a/0/0', new UploadSeal(randomBytes(32)))).toMatch(/another deployment's key/);
  });

  it('refuses a piece stored unsealed (by a version before sealing): its upload is sent again', () => {
    expect(() => seal.open(Buffer.from('CHILD,DECOM'), 'a/0/0')).toThrow(/not sealed by this version/);
    expect(() => seal.openText('case_ref,stage', 'a/log/0')).toThrow(/not sealed by this version/);
  });
});
