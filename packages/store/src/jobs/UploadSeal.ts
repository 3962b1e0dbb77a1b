import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

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
 * bound to its place (`where`: import, file and piece), so pieces cannot be swapped. A piece
 * stored unsealed (by a version before this one) is read as it is.
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

  /** A stored piece's bytes (sealed at `where`, or stored unsealed); throws when it cannot be opened with this key. */
  open(stored: Uint8Array, where: string): Uint8Array {
    const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    if (!bytes.subarray(0, MARK.length).equals(MARK)) return stored;
    const iv = bytes.subarray(MARK.length, MARK.length + IV);
    const tag = bytes.subarray(MARK.length + IV, MARK.length + IV + TAG);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(where));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(bytes.subarray(MARK.length + IV + TAG)), decipher.final()]);
    } catch {
      throw new Error(
        `A stored piece of an upload (${where}) cannot be opened with this server's key: every instance and worker must share the deployment's key.`,
      );
    }
  }

  /** A text piece sealed for a text column. */
  sealText(text: string, where: string): string {
    return TEXT_MARK + this.seal(Buffer.from(text, 'utf8'), where).toString('base64');
  }

  /** A stored text piece (sealed, or stored unsealed). */
  openText(stored: string, where: string): string {
    if (!stored.startsWith(TEXT_MARK)) return stored;
    return Buffer.from(this.open(Buffer.from(stored.slice(TEXT_MARK.length), 'base64'), where)).toString(
      'utf8',
    );
  }
}
