/**
 * Why an upload cannot be imported as sent (no file, a format that cannot be told or that the files
 * do not share, an option that does not apply to the format, a file the reader refused), with the
 * code and the field at fault; nothing was stored. A service error, free of HTTP: the upload routes
 * answer it with 422 problem+json, the import worker records its code and message as the job's error.
 */
export class UploadRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'UploadRefusedError';
  }
}
