/**
 * Why a return cannot be read at all (nothing of it is imported): the CLI and the API each turn it
 * into their own refusal (an exit code, a problem+json answer) with the same code and message.
 */
export class ReturnFileError extends Error {
  constructor(
    readonly code:
      | 'missing_file'
      | 'too_many_files'
      | 'mixed_files'
      | 'unreadable_file'
      | 'not_a_workbook'
      | 'no_lists',
    message: string,
  ) {
    super(message);
    this.name = 'ReturnFileError';
  }
}
