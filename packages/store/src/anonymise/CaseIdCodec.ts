import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

const TAG = Buffer.from('ctmcase1');
const PUBLIC_ID = /^[0-9a-f]{32}$/;

/**
 * The public id of a case: its internal integer id encrypted (AES-128, one block, with a fixed
 * 8-byte tag) under a key derived from the deployment's HMAC key. Ids look random and cannot be
 * guessed from one another (a made-up id decodes to a wrong tag with probability 1 - 2^-64); the
 * database keeps its integer keys for joins, and every instance with the same key agrees.
 */
export class CaseIdCodec {
  private readonly cipher;
  private readonly decipher;

  constructor(hmacKey: Buffer) {
    const key = createHmac('sha256', hmacKey).update('continuum:public-case-id:v1').digest().subarray(0, 16);
    // ECB over exactly one block per call: no state carries from one id to the next.
    this.cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    this.decipher = createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  }

  /** The public id (32 lower-case hex characters) of an internal case id. */
  encode(id: number): string {
    const block = Buffer.alloc(16);
    block.writeBigUInt64BE(BigInt(id), 0);
    TAG.copy(block, 8);
    return this.cipher.update(block).toString('hex');
  }

  /** The internal id of a public id, or undefined when it is not one this deployment issued. */
  decode(publicId: string): number | undefined {
    if (!PUBLIC_ID.test(publicId)) return undefined;
    const block = this.decipher.update(Buffer.from(publicId, 'hex'));
    if (!block.subarray(8).equals(TAG)) return undefined;
    const id = block.readBigUInt64BE(0);
    return id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : undefined;
  }
}

const codecs = new WeakMap<Buffer, CaseIdCodec>();

/** One codec per key buffer (the app holds one key for its lifetime). */
export function caseIdCodecFor(hmacKey: Buffer): CaseIdCodec {
  let codec = codecs.get(hmacKey);
  if (!codec) {
    codec = new CaseIdCodec(hmacKey);
    codecs.set(hmacKey, codec);
  }
  return codec;
}
