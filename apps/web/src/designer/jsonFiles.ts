import type { Draft } from './draftModel.ts';

/** Downloads the draft as a JSON file named after the pathway. */
export function exportJson(draft: Draft): void {
  const blob = new Blob([`${JSON.stringify(draft, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${draft.id || 'pathway'}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a chosen file as JSON; a parse failure becomes a plain sentence. */
export async function readJsonFile(file: File): Promise<unknown> {
  const text = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`"${file.name}" could not be read.`));
    reader.readAsText(file);
  });
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || !Array.isArray((value as { stages?: unknown }).stages))
      throw new Error('it has no "stages" list');
    return value;
  } catch (error) {
    throw new Error(`"${file.name}" is not a pathway JSON file: ${(error as Error).message}`);
  }
}
