import type { Role, SimulationRepository } from '@continuum/store';
import type { AppDeps } from '../AppDeps.ts';
import type { SimulationRunner } from './SimulationRunner.ts';

/** What the simulation, calibration and scenario routes share (its own file, so they import no route module). */
export interface SimulationDeps extends AppDeps {
  repo: SimulationRepository;
  runner: SimulationRunner;
}

/** Who may start/cancel runs and save scenarios. */
export const WRITE_ROLES: readonly Role[] = ['analyst', 'admin'];
/** Who may read runs, scenarios and calibration. */
export const READ_ROLES: readonly Role[] = ['analyst', 'admin', 'manager'];
