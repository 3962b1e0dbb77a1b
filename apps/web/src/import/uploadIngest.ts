import type { IngestUploadResponse } from '@continuum/contracts';
import { ApiError } from '../api/ApiError.ts';
import { toApiError } from '../api/client.ts';
import { readToken } from '../auth/tokenStore.ts';

/** Where an upload stands: bytes sent so far, then the server importing. */
export interface UploadProgress {
  phase: 'uploading' | 'importing';
  loaded: number;
  total: number;
}

/**
 * Sends a multipart upload to `POST /api/ingest` (or, as a background import, `POST /api/imports`)
 * with XMLHttpRequest (fetch reports no upload progress) and the session's token; resolves with the
 * answer (the import's report; for a background import, its id), rejects with an ApiError carrying
 * the server's problem+json (an atomic refusal's body holds the report as `report`).
 */
export function uploadIngest<T = IngestUploadResponse>(
  form: FormData,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
  path: '/api/ingest' | '/api/imports' = '/api/ingest',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const token = readToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      const total = e.lengthComputable ? e.total : 0;
      onProgress({
        phase: total > 0 && e.loaded >= total ? 'importing' : 'uploading',
        loaded: e.loaded,
        total,
      });
    };
    xhr.upload.onload = () => onProgress({ phase: 'importing', loaded: 1, total: 1 });
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        reject(toApiError(xhr.status, body ?? xhr.responseText));
      }
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** The report an atomic refusal carries (`ingest_rejected`), if the error is one. */
export function refusedReport(error: unknown): IngestUploadResponse | undefined {
  if (!(error instanceof ApiError) || error.code !== 'ingest_rejected') return undefined;
  const report = (error.body as { report?: IngestUploadResponse } | undefined)?.report;
  return report && typeof report === 'object' && 'quality' in report ? report : undefined;
}
