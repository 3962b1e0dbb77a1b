import { describe, expect, it } from 'vitest';
import { SimulationInputError } from '../errors.ts';
import { mmcPathway } from '../testing/testPathways.ts';
import { prepareRun } from './runSimulation.ts';

describe('simulation start dates stay inside the time domain', () => {
  const pathway = mmcPathway(100, 10, 2);

  it('refuses start dates (and runs ending) outside 1900-01-01..2100-12-31, naming startDate', () => {
    for (const [startDate, horizonDays] of [
      ['9999-12-31', 30],
      ['0099-06-15', 30],
      ['1899-12-31', 30],
      ['2100-12-01', 365],
    ] as const) {
      let caught: unknown;
      try {
        prepareRun({ pathway, startDate, horizonDays, replications: 1 });
      } catch (error) {
        caught = error;
      }
      expect(caught, startDate).toBeInstanceOf(SimulationInputError);
      expect((caught as SimulationInputError).problems[0]).toMatchObject({
        path: ['startDate'],
        message: expect.stringMatching(/1900-01-01 to 2100-12-31/),
      });
    }
  });

  it('accepts the domain edges', () => {
    expect(() =>
      prepareRun({ pathway, startDate: '1900-01-01', horizonDays: 30, replications: 1 }),
    ).not.toThrow();
    expect(() =>
      prepareRun({ pathway, startDate: '2100-12-01', horizonDays: 30, replications: 1 }),
    ).not.toThrow();
  });
});
