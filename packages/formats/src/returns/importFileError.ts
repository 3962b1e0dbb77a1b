/**
 * Why files cannot be imported as given (nothing of them is): their format cannot be told, or they
 * cannot be read as it. The CLI and the API each turn it into their own refusal (an exit code, a
 * problem+json answer) with its publicCode and the reader's message, each adding its own hint
 * (importApiParity.test.ts compares the two).
 */
export class ImportFileError extends Error {
  constructor(
    readonly code:
      | 'unknown_format'
      | 'mixed_formats'
      | 'too_many_files'
      | 'missing_file'
      | 'mixed_files'
      | 'unreadable_file'
      | 'not_a_workbook'
      | 'no_lists',
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }

  /** The code users are answered with: files of several kinds are refused like a file of no known kind. */
  get publicCode(): string {
    return this.code === 'mixed_formats' || this.code === 'mixed_files' ? 'unknown_format' : this.code;
  }

  /** Whether the files were given wrong (their kind), rather than being unreadable as their kind. */
  get givenWrong(): boolean {
    return GIVEN_WRONG.has(this.code);
  }
}

const GIVEN_WRONG = new Set<ImportFileError['code']>([
  'unknown_format',
  'mixed_formats',
  'too_many_files',
  'mixed_files',
]);
