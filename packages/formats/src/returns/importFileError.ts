/**
 * Why files cannot be imported as given (nothing of them is): their format cannot be told, or they
 * cannot be read as it. The CLI and the API each turn it into their own refusal (an exit code, a
 * problem+json answer) with the same public code and the reader's message, each adding its own hint:
 * the code is this one, but files of several kinds (`mixed_formats`, `mixed_files`) are refused as
 * `unknown_format`, like a file of no known kind (importApiParity.test.ts compares the two).
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
}
