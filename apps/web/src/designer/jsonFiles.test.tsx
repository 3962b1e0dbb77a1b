import { defaultPathway } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { readJsonFile } from './jsonFiles.ts';

describe('readJsonFile', () => {
  it('reads a pathway file', async () => {
    const file = new File([JSON.stringify(defaultPathway)], 'pathway.json', { type: 'application/json' });
    expect(await readJsonFile(file)).toEqual(defaultPathway);
  });

  it('explains in words why a file is not a pathway', async () => {
    await expect(readJsonFile(new File(['{"stages": 3}'], 'x.json'))).rejects.toThrow(
      '"x.json" is not a pathway JSON file: it has no "stages" list',
    );
    await expect(readJsonFile(new File(['not json'], 'y.json'))).rejects.toThrow(
      /"y.json" is not a pathway JSON file/,
    );
  });
});
