import { detectPii } from '../anonymise/detectPii.ts';
import { StoreError } from '../errors.ts';

/**
 * The refusal of a stage, event or column name the pathway does not know. Rejection reasons end up
 * in import reports and on the CLI's stdout, so a name that looks like personal data is refused as
 * `pii_rejected` without being repeated; any other unknown name is quoted to help fix the file.
 */
export function unknownNameError(
  code: 'unknown_stage' | 'unknown_event' | 'unknown_field',
  field: string,
  value: string,
  what: string,
  piiField = field,
): StoreError {
  const pii = detectPii(value);
  if (pii) {
    return new StoreError('pii_rejected', `${piiField} ${pii} (the value is not repeated here).`, piiField);
  }
  return new StoreError(code, `"${value}" ${what}`, field);
}
