import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { WriteGate } from '../engines/WriteGate.ts';

/** Rows of the two tables migration 004_simulations adds (simulation runs and saved scenarios). */
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
    heartbeat_at: number | null;
    attempt: number | null;
    kind: string;
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

/**
 * What a run computes: a simulation run (or scenario comparison), or a backtest. Both are jobs of
 * the same queue with the same lease; a repository reads and writes the runs of one kind only.
 */
export type RunKind = 'simulation' | 'backtest';

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
  /** Last heartbeat of the instance running it (ISO), null for rows written before heartbeats. */
  heartbeatAt: string | null;
  /**
   * Which start of its job this is: 1, or 2 and more when the worker running it died or stopped and
   * another worker started it again from the beginning (retried); null until a worker starts it.
   */
  attempt: number | null;
}

/** What a write of a run's progress or lease finds: still running, ended, or taken over by a later start. */
export type LeaseStatus = RunStatus | 'superseded' | undefined;

/** How often the running instance renews its lease on a run. */
export const HEARTBEAT_MS = 5_000;
/** A running run whose heartbeat is older than this is reported failed: its instance died. */
export const STALE_AFTER_MS = 30_000;

/** The error a run gets when its instance stopped renewing the lease. */
export function staleRunError(heartbeatAt: number, staleAfterMs: number): { title: string; detail: string } {
  return {
    title: 'The simulation stopped: the server running it stopped responding.',
    detail:
      `No heartbeat since ${new Date(heartbeatAt).toISOString()} (more than ${Math.round(staleAfterMs / 1000)} s): ` +
      'the API instance running it probably stopped or restarted. Start the run again.',
  };
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
 * Simulation runs and saved scenarios in the shared database (not process memory), so every API
 * instance agrees on a run's status, progress, result and cancellation. Only touches the tables
 * of migration 004_simulations (declared here, not in the store's core schema). A repository sees
 * the runs of one kind (`kind`, migration 011): simulation runs by default, or backtests, so an id
 * of one kind is unknown to the other.
 * A running run carries a lease: its instance calls `heartbeat` every few seconds, and `getRun`
 * turns a run whose heartbeat is older than `staleAfterMs` into a failed one (atomically, so a
 * late finish from a half-dead instance cannot overwrite it).
 */
export class SimulationRepository {
  constructor(
    db: Kysely<Database>,
    private readonly write: WriteGate = (w) => w(),
    private readonly staleAfterMs = STALE_AFTER_MS,
    /**
     * True while a run's job is still queued or held by a worker (the queue will start it, or start it
     * again): such a run is waiting, not dead, however old its heartbeat.
     */
    private readonly jobAlive: (id: string) => Promise<boolean> = async () => false,
    /** The kind of run this repository reads and writes. */
    readonly kind: RunKind = 'simulation',
  ) {
    this.db = db.withTables<SimulationTables>();
  }

  private readonly db: Kysely<Database & SimulationTables>;

  /** Records a new run as running. */
  async createRun(run: {
    id: string;
    pathwayId: string;
    version: number | null;
    total: number;
    request: unknown;
    by: string | null;
    /** Creation time (tests back-date a run to simulate a dead instance). */
    at?: number;
  }): Promise<void> {
    const now = run.at ?? Date.now();
    await this.write(() =>
      this.db
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
          heartbeat_at: now,
          attempt: null,
          kind: this.kind,
        })
        .execute(),
    );
  }

  /**
   * A worker starts (or starts again) a run: records the attempt and resets progress, renewing the
   * lease. False when the run is no longer running (cancelled while queued) or a later start owns it.
   */
  async begin(id: string, attempt: number): Promise<boolean> {
    const now = Date.now();
    const r = await this.write(() =>
      this.db
        .updateTable('simulation_runs')
        .set({ attempt, done: 0, updated_at: now, heartbeat_at: now })
        .where('id', '=', id)
        .where('kind', '=', this.kind)
        .where('status', '=', 'running')
        .where((eb) => eb.or([eb('attempt', 'is', null), eb('attempt', '<=', attempt)]))
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Updates progress of a running run (which also renews its lease); returns its status, so the
   * runner sees a cancel from another instance, or a failure a reader declared.
   */
  async progress(id: string, done: number, attempt?: number): Promise<LeaseStatus> {
    const now = Date.now();
    const r = await this.write(() =>
      this.db
        .updateTable('simulation_runs')
        .set({ done, updated_at: now, heartbeat_at: now })
        .where('id', '=', id)
        .where('kind', '=', this.kind)
        .where('status', '=', 'running')
        .$if(attempt !== undefined, (q) => q.where('attempt', '=', attempt!))
        .executeTakeFirst(),
    );
    // Still running if the update matched; otherwise read what it became (cancelled, failed, gone).
    return Number(r.numUpdatedRows) > 0 ? 'running' : this.status(id, attempt);
  }

  /** Renews the running instance's lease on a run; returns its status (as `progress`). */
  async heartbeat(id: string, attempt?: number): Promise<LeaseStatus> {
    const r = await this.write(() =>
      this.db
        .updateTable('simulation_runs')
        .set({ heartbeat_at: Date.now() })
        .where('id', '=', id)
        .where('kind', '=', this.kind)
        .where('status', '=', 'running')
        .$if(attempt !== undefined, (q) => q.where('attempt', '=', attempt!))
        .executeTakeFirst(),
    );
    // Still running if the update matched; otherwise read what it became (cancelled, failed, gone).
    return Number(r.numUpdatedRows) > 0 ? 'running' : this.status(id, attempt);
  }

  private async status(id: string, attempt?: number): Promise<LeaseStatus> {
    const row = await this.db
      .selectFrom('simulation_runs')
      .select(['status', 'attempt'])
      .where('id', '=', id)
      .where('kind', '=', this.kind)
      .executeTakeFirst();
    if (row?.status === 'running' && attempt !== undefined && Number(row.attempt) !== attempt)
      return 'superseded';
    return row?.status as RunStatus | undefined;
  }

  /**
   * Ends a run in one write (only if it is still running: a cancel wins over a late finish; with
   * `attempt`, only if that start still owns it, so a start given up for dead cannot write a result).
   * True when this write ended the run; false when it had ended already or a later start owns it
   * (the caller reads the run to tell which).
   */
  async finish(
    id: string,
    status: Exclude<RunStatus, 'running'>,
    body: { result?: unknown; error?: { title: string; detail: string }; done?: number },
    attempt?: number,
  ): Promise<boolean> {
    const r = await this.write(() =>
      this.db
        .updateTable('simulation_runs')
        .set({
          status,
          result: body.result === undefined ? null : JSON.stringify(body.result),
          error: body.error ? JSON.stringify(body.error) : null,
          ...(body.done !== undefined ? { done: body.done } : {}),
          updated_at: Date.now(),
        })
        .where('id', '=', id)
        .where('kind', '=', this.kind)
        .where('status', '=', 'running')
        .$if(attempt !== undefined, (q) => q.where('attempt', '=', attempt!))
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  /** Asks a running run to stop; true when it was running. */
  async cancel(id: string): Promise<boolean> {
    const r = await this.write(() =>
      this.db
        .updateTable('simulation_runs')
        .set({ status: 'cancelled', updated_at: Date.now() })
        .where('id', '=', id)
        .where('kind', '=', this.kind)
        .where('status', '=', 'running')
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  /** Deletes a finished run. */
  async deleteRun(id: string): Promise<boolean> {
    await this.expireIfStale(id);
    const r = await this.write(() =>
      this.db
        .deleteFrom('simulation_runs')
        .where('id', '=', id)
        .where('kind', '=', this.kind)
        .where('status', '!=', 'running')
        .executeTakeFirst(),
    );
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Marks a running run failed when its lease has lapsed (its instance died); true when it did.
   * Conditional on the stale heartbeat, so a live instance's renewal always wins the race.
   */
  async expireIfStale(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('simulation_runs')
      .select(['status', 'heartbeat_at', 'updated_at'])
      .where('id', '=', id)
      .where('kind', '=', this.kind)
      .executeTakeFirst();
    return row !== undefined && (await this.expireLapsed(id, row));
  }

  /** The conditional part of expireIfStale, for a row already read. */
  private async expireLapsed(
    id: string,
    row: { status: string; heartbeat_at: number | null; updated_at: number },
  ): Promise<boolean> {
    if (row.status !== 'running') return false;
    const now = Date.now();
    const cutoff = now - this.staleAfterMs;
    const beat = Number(row.heartbeat_at ?? row.updated_at);
    if (beat >= cutoff) return false;
    if (await this.jobAlive(id)) return false; // queued, or about to be started again by another worker
    const r = await this.write(() =>
      this.db
        .updateTable('simulation_runs')
        .set({
          status: 'failed',
          error: JSON.stringify(staleRunError(beat, this.staleAfterMs)),
          updated_at: now,
        })
        .where('id', '=', id)
        .where('kind', '=', this.kind)
        .where('status', '=', 'running')
        .where((eb) =>
          eb.or([
            eb('heartbeat_at', '<', cutoff),
            eb.and([eb('heartbeat_at', 'is', null), eb('updated_at', '<', cutoff)]),
          ]),
        )
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  /** A run, or undefined; a running run whose lease lapsed comes back failed (see expireIfStale). */
  async getRun(id: string, withResult = true): Promise<RunRecord | undefined> {
    // One read in the usual case; only a run just found stale is read again after expiring it.
    let row = await this.readRun(id, withResult);
    if (row && (await this.expireLapsed(id, row))) row = await this.readRun(id, withResult);
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
      heartbeatAt: row.heartbeat_at === null ? null : new Date(Number(row.heartbeat_at)).toISOString(),
      attempt: row.attempt === null ? null : Number(row.attempt),
    };
  }

  private readRun(id: string, withResult: boolean) {
    return this.db
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
        'heartbeat_at',
        'attempt',
      ])
      .$if(withResult, (q) => q.select('result'))
      .where('id', '=', id)
      .where('kind', '=', this.kind)
      .executeTakeFirst();
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
    await this.write(() =>
      this.db
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
        .execute(),
    );
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
    const r = await this.write(() => this.db.deleteFrom('scenarios').where('id', '=', id).executeTakeFirst());
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
