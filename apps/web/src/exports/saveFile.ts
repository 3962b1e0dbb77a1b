import { fetchFile } from '../api/client.ts';

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

/** Downloads an export route's answer with the session's token and saves it under `name`. */
export async function saveFromApi(path: string, name: string): Promise<void> {
  saveBlob(name, await (await fetchFile(path)).blob());
}
