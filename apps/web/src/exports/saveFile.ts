import { ApiError } from '../api/ApiError.ts';
import { readToken } from '../auth/tokenStore.ts';

/** Hands a file to the browser's download (an object URL on a temporary link). */
export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Saves text built in the browser (CSV from the rows on screen). */
export function saveText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  saveBlob(name, new Blob([text], { type }));
}

/**
 * Downloads an export route's answer with the session's token (a plain link cannot send the
 * bearer header) and saves it under `name`; a refusal becomes an ApiError with the server's words.
 */
export async function saveFromApi(path: string, name: string): Promise<void> {
  const token = readToken();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    let detail: string | undefined;
    try {
      detail = ((await response.json()) as { detail?: string }).detail;
    } catch {
      detail = undefined;
    }
    throw new ApiError(response.status, 'The export was refused', detail, undefined, undefined);
  }
  saveBlob(name, await response.blob());
}
