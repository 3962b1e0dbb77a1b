import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { WriteGate } from '../engines/WriteGate.ts';

/** One audit entry: who did what to which case. */
export interface AuditEntry {
  id: number;
  at: number;
  tokenId: number | null;
  role: string | null;
  action: string;
  caseId: number | null;
  detail: unknown;
}

/** What a caller supplies to record an audit entry. */
export interface AuditInput {
  tokenId?: number | null;
  role?: string | null;
  action: string;
  caseId?: number | null;
  detail?: unknown;
}

/** The audit log of case-level reads and writes (append-only). */
export class AuditRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: WriteGate = (w) => w(),
  ) {}

  /** Appends one entry. */
  async record(entry: AuditInput): Promise<void> {
    await this.recordMany([entry]);
  }

  /** Several entries in one insert (a list of cases read at once), all stamped now. */
  async recordMany(entries: readonly AuditInput[]): Promise<void> {
    if (entries.length === 0) return;
    const at = Date.now();
    await this.write(() =>
      this.db
        .insertInto('audit_log')
        .values(
          entries.map((entry) => ({
            at,
            token_id: entry.tokenId ?? null,
            role: entry.role ?? null,
            action: entry.action,
            case_id: entry.caseId ?? null,
            detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
          })),
        )
        .execute(),
    );
  }

  /** Recent entries, newest first, optionally for one case. */
  async list(options: { caseId?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (options.caseId !== undefined) q = q.where('case_id', '=', options.caseId);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      tokenId: r.token_id === null ? null : Number(r.token_id),
      role: r.role,
      action: r.action,
      caseId: r.case_id === null ? null : Number(r.case_id),
      detail: r.detail === null ? null : JSON.parse(r.detail),
    }));
  }
}
