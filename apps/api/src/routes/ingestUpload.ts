import { type IngestFormat, IngestFormatSchema } from '@continuum/contracts';
import { dateInTimeDomain, TIME_DOMAIN } from '@continuum/machines';
import { HttpProblem } from '../http/problem.ts';
import type { UploadOptions } from '../services/importUpload.ts';
import type { IngestForm } from './ingestForm.ts';
import { ingestModeOf } from './ingestLimit.ts';

/** Reads and checks the options (422 `invalid_value` naming the field). */
export function uploadOptions(form: IngestForm, query: (name: string) => string | undefined): UploadOptions {
  const get = (name: string) => {
    const v = form.fields.get(name) ?? query(name);
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const mode = ingestModeOf(get('mode'));
  const formatText = get('format');
  let format: IngestFormat | undefined;
  if (formatText !== undefined && formatText !== 'auto') {
    const parsed = IngestFormatSchema.safeParse(formatText);
    if (!parsed.success)
      throw new HttpProblem(
        422,
        'unknown_format',
        'format must be csv, ndjson, annex-a, cin, ssda903 or auto (recognised from the files).',
        'format',
      );
    format = parsed.data;
  }
  const extractDate = get('extractDate');
  if (extractDate !== undefined && !isDomainDate(extractDate))
    throw new HttpProblem(
      422,
      'invalid_value',
      `extractDate must be a date as YYYY-MM-DD from ${TIME_DOMAIN.from} to ${TIME_DOMAIN.to}.`,
      'extractDate',
    );
  const outside = get('outsidePathway');
  if (outside !== undefined && outside !== 'flag' && outside !== 'reject')
    throw new HttpProblem(
      422,
      'invalid_value',
      'outsidePathway must be flag (store a move the pathway lacks, flagged) or reject (refuse its row).',
      'outsidePathway',
    );
  return { format, mode, extractDate, pathwayId: get('pathwayId'), outsidePathway: outside };
}

/** A YYYY-MM-DD date that exists and lies inside the time domain. */
function isDomainDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && dateInTimeDomain(Number(m[1]), Number(m[2]), Number(m[3]));
}
