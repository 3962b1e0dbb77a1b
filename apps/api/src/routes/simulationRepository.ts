import type { Store } from '@continuum/store';

/** Rows of the two tables migration 002 adds (simulation runs and saved scenarios). */
type SimulationTables = {
  simulation_runs: {
    id: string;
    pathway_id: string;
    version: number | null;
    status: string;
    done: number;
    total: number;
    request: string;
    result: string | null;
    error: string | null;
    created_at: number;
    updated_at: number;
    created_by: string | null;
  };
  scenarios: {
    id: string;
    name: string;
    pathway_id: string;
    body: string;
    created_at: number;
    updated_at: number;
    created_by: string | null;
  };
};

/** A run's state as any API instance sees it. */
export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** A simulation run row, JSON decoded. */
export interface RunRecord {
  id: string;
  pathwayId: string;
  version: number | null;
  status: RunStatus;
  done: number;
  total: number;
  request: unknown;
  result: unknown;
  error: { title: string; detail: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** A saved scenario: a name and the run request it stands for. */
export interface ScenarioRecord {
  id: string;
  name: string;
  pathwayId: string;
  request: unknown;
  summary?: unknown;
  createdAt: string;
  updatedAt: string;
}

/**
 * Runs and scenarios in the shared database (not process memory), so every API instance agrees.
 * Kept beside the routes that use it; it only touches the tables of migration 002.
 */
export class SimulationRepository {
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.db.withTables<SimulationTables>();
  }

  /** Records a new run as running. */
  async createRun(run: {
    id: string;
    pathwayId: string;
    version: number | null;
    total: number;
    request: unknown;
    by: string | null;
  }): Promise<void> {
    const now = Date.now();
    await this.db
      .insertInto('simulation_runs')
      .values({
        id: run.id,
        pathway_id: run.pathwayId,
        version: run.version,
        status: 'running',
        done: 0,
        total: run.total,
        request: JSON.stringify(run.request),
        result: null,
        error: null,
        created_at: now,
        updated_at: now,
        created_by: run.by,
      })
      .execute();
  }

  /** Updates progress of a running run; returns its status (so the runner sees a cancel from another instance). */
  async progress(id: string, done: number): Promise<RunStatus | undefined> {
    await this.db
      .updateTable('simulation_runs')
      .set({ done, updated_at: Date.now() })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
    const row = await this.db
      .selectFrom('simulation_runs')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.status as RunStatus | undefined;
  }

  /** Ends a run (only if it is still running: a cancel wins over a late finish). */
  async finish(
    id: string,
    status: Exclude<RunStatus, 'running'>,
    body: { result?: unknown; error?: { title: string; detail: string }; done?: number },
  ): Promise<void> {
    await this.db
      .updateTable('simulation_runs')
      .set({
        status,
        result: body.result === undefined ? null : JSON.stringify(body.result),
        error: body.error ? JSON.stringify(body.error) : null,
        ...(body.done !== undefined ? { done: body.done } : {}),
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  /** Asks a running run to stop; true when it was running. */
  async cancel(id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('simulation_runs')
      .set({ status: 'cancelled', updated_at: Date.now() })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Deletes a finished run. */
  async deleteRun(id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('simulation_runs')
      .where('id', '=', id)
      .where('status', '!=', 'running')
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** A run, or undefined. */
  async getRun(id: string, withResult = true): Promise<RunRecord | undefined> {
    const row = await this.db
      .selectFrom('simulation_runs')
      .select([
        'id',
        'pathway_id',
        'version',
        'status',
        'done',
        'total',
        'request',
        'error',
        'created_at',
        'updated_at',
      ])
      .$if(withResult, (q) => q.select('result'))
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const result = (row as { result?: string | null }).result;
    return {
      id: row.id,
      pathwayId: row.pathway_id,
      version: row.version === null ? null : Number(row.version),
      status: row.status as RunStatus,
      done: Number(row.done),
      total: Number(row.total),
      request: JSON.parse(row.request),
      result: result ? JSON.parse(result) : null,
      error: row.error ? JSON.parse(row.error) : null,
      createdAt: new Date(Number(row.created_at)).toISOString(),
      updatedAt: new Date(Number(row.updated_at)).toISOString(),
    };
  }

  /** Saves a scenario. */
  async saveScenario(s: {
    id: string;
    name: string;
    pathwayId: string;
    body: unknown;
    by: string | null;
  }): Promise<ScenarioRecord> {
    const now = Date.now();
    await this.db
      .insertInto('scenarios')
      .values({
        id: s.id,
        name: s.name,
        pathway_id: s.pathwayId,
        body: JSON.stringify(s.body),
        created_at: now,
        updated_at: now,
        created_by: s.by,
      })
      .execute();
    return (await this.getScenario(s.id))!;
  }

  /** Every saved scenario, newest first. */
  async listScenarios(): Promise<ScenarioRecord[]> {
    const rows = await this.db
      .selectFrom('scenarios')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toScenario);
  }

  /** One scenario, or undefined. */
  async getScenario(id: string): Promise<ScenarioRecord | undefined> {
    const row = await this.db.selectFrom('scenarios').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toScenario(row);
  }

  /** Deletes a scenario; true when it existed. */
  async deleteScenario(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('scenarios').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

function toScenario(row: SimulationTables['scenarios']): ScenarioRecord {
  const body = JSON.parse(row.body) as { request: unknown; summary?: unknown };
  return {
    id: row.id,
    name: row.name,
    pathwayId: row.pathway_id,
    request: body.request,
    ...(body.summary !== undefined ? { summary: body.summary } : {}),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}
