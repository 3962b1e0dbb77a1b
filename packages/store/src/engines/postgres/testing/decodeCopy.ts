import type { CopyType } from '../copyRows.ts';

/** A value read back from a COPY stream. */
export type CopyValue = number | string | boolean | null;

/** COPY's binary format, decoded the way the server reads it (header, rows of length-prefixed fields, trailer). */
export function decodeCopy(bytes: Buffer, types: readonly CopyType[]): CopyValue[][] {
  if (bytes.length === 0) return [];
  if (bytes.subarray(0, 11).toString('latin1') !== 'PGCOPY\n\xff\r\n\0' || bytes.readInt32BE(11) !== 0)
    throw new Error('Not a COPY binary header');
  let at = 19 + bytes.readInt32BE(15);
  const rows: CopyValue[][] = [];
  for (;;) {
    const fields = bytes.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    if (fields !== types.length) throw new Error(`${fields} fields, not ${types.length}`);
    const row: CopyValue[] = [];
    for (const type of types) {
      const length = bytes.readInt32BE(at);
      at += 4;
      if (length === -1) {
        row.push(null);
        continue;
      }
      const field = bytes.subarray(at, at + length);
      at += length;
      if (type === 'bigint') row.push(Number(field.readBigInt64BE(0)));
      else if (type === 'integer') row.push(field.readInt32BE(0));
      else if (type === 'boolean') row.push(field[0] === 1);
      else row.push(field.toString('utf8'));
      const width = { bigint: 8, integer: 4, boolean: 1, text: field.length }[type];
      if (length !== width) throw new Error(`A ${type} of ${length} bytes`);
    }
    rows.push(row);
  }
  if (at !== bytes.length) throw new Error(`${bytes.length - at} bytes after the trailer`);
  return rows;
}
