import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { StoreError } from '../errors.ts';

// A sealed piece: this mark, the IV, GCM's tag, then the ciphertext (a text piece: all of it in base64 after TEXT_MARK).
const MARK = Buffer.from('CUP1');
const TEXT_MARK = 'cup1:';
const IV = 12;
const TAG = 16;

/**
 * Seals the raw pieces of an upload while they wait in the database to be read (AES-256-GCM, a key
 * derived from the deployment's secret, which every instance and worker holds and the database
 * does not): the files hold children's UPNs, names and birth dates, and a deleted row's bytes stay
 * on disk, in PostgreSQL's dead tuples and in backups until they are overwritten. Each piece is
 * bound to its place (`where`: import, file and piece), so pieces cannot be swapped. Every piece
 * must be sealed: one stored by a version before sealing is refused, its upload failed (sent again).
 */
export class UploadSeal {
  private readonly key: Buffer;

  constructor(secret: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'continuum upload pieces v1', 32));
  }

  /** A piece's bytes sealed for storing at `where`. */
  seal(bytes: Uint8Array, where: string): Buffer {
    const iv = randomBytes(IV);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(where));
    const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
    return Buffer.concat([MARK, iv, cipher.getAuthTag(), body]);
  }

  /**
   * A stored piece's bytes. Refused (StoreError `upload_unreadable`) when it was not sealed here:
   * moved, altered, sealed with another deployment's key, or stored by a version before sealing.
   */
  open(stored: Uint8Array, where: string): Uint8Array {
    const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    if (bytes.length < MARK.length + IV + TAG || !bytes.subarray(0, MARK.length).equals(MARK))
      throw unreadable(where, NOT_SEALED);
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.key,
        bytes.subarray(MARK.length, MARK.length + IV),
      );
      decipher.setAAD(Buffer.from(where));
      decipher.setAuthTag(bytes.subarray(MARK.length + IV, MARK.length + IV + TAG));
      return Buffer.concat([decipher.update(bytes.subarray(MARK.length + IV + TAG)), decipher.final()]);
    } catch {
      throw unreadable(
        where,
        "it was altered or moved, or sealed with another deployment's key (every instance and worker must share the deployment's key)",
      );
    }
  }

  /** A text piece sealed for a text column. */
  sealText(text: string, where: string): string {
    return TEXT_MARK + this.seal(Buffer.from(text, 'utf8'), where).toString('base64');
  }

  /** A stored text piece (refused as `open` refuses one). */
  openText(stored: string, where: string): string {
    if (!stored.startsWith(TEXT_MARK)) throw unreadable(where, NOT_SEALED);
    const bytes = this.open(Buffer.from(stored.slice(TEXT_MARK.length), 'base64'), where);
    return Buffer.from(bytes).toString('utf8');
  }
}

const NOT_SEALED = 'it was not sealed by this version (upload the files again)';

const unreadable = (where: string, why: string) =>
  new StoreError('upload_unreadable', `A stored piece of the upload (${where}) cannot be read: ${why}.`);
