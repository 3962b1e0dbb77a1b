import { CliError, ExitCode } from '../exitCodes.ts';

/**
 * An option's parser: a whole number from `min` to `max` written in digits (not `1e2`, `0x3c` or
 * ` 60`), or a usage error naming the option (`unit`: what the number counts, for the message).
 */
export function wholeNumber(name: string, min: number, max: number, unit = '') {
  return (text: string): number => {
    const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
    if (!(n >= min && n <= max))
      throw new CliError(
        `${name} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}. Got "${text}".`,
        ExitCode.usage,
        'bad_option',
      );
    return n;
  };
}
